"""Monthly figures from the data team's scorecard, in the wide or the long layout.

Wide: measures in rows, one column per month headed by an Excel date or text such as
"Jul-20". Long: one row per figure with measure, period, value and commentary
columns. Either way, each row's measure is found by reference or by name within the
plan; a row naming no known measure is an error that names the row.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from measures.rules import validate_value

from .cells import (
    ACTUAL_FIELDS,
    MEASURE_FIELDS,
    find_header_row,
    match_headers,
    normalise_header,
    parse_number_cell,
    parse_period_heading,
)
from .report import ImportReport, Where

SCAN_ROWS = 20
WIDE, LONG = "wide", "long"
_MEASURE_HEADERS = set(ACTUAL_FIELDS["measure"]) | set(MEASURE_FIELDS["measure"])
_REFERENCE_HEADERS = set(ACTUAL_FIELDS["reference"])
_AREA_HEADERS = set(MEASURE_FIELDS["area"])


@dataclass
class ActualsLayout:
    sheet: str
    layout: str = ""
    header_row: int | None = None  # Excel row number
    headers: list[str] = field(default_factory=list)
    measure: int | None = None
    reference: int | None = None
    area: int | None = None
    months: dict[int, object] = field(default_factory=dict)  # wide: column -> month
    columns: dict[int, str] = field(default_factory=dict)  # long: column -> field
    ignored: list[int] = field(default_factory=list)

    def label(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        letter = get_column_letter(index + 1)
        return f'{letter} ("{header}")' if header else letter


def _heading(value) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%b-%y")
    return " ".join(str(value).split()) if value is not None else ""


def detect_layout(book, sheet: str) -> ActualsLayout:
    rows = list(itertools.islice(book.rows(sheet), SCAN_ROWS))
    found = ActualsLayout(sheet)
    for row in rows:
        names = [normalise_header(v) for v in row.values]
        measure = next((i for i, n in enumerate(names) if n in _MEASURE_HEADERS), None)
        reference = next((i for i, n in enumerate(names) if n in _REFERENCE_HEADERS), None)
        if measure is None and reference is None:
            continue
        months = {}
        for index, value in enumerate(row.values):
            if index in (measure, reference) or value is None:
                continue
            month = parse_period_heading(value)
            if month is not None:
                months[index] = month
        if months:
            found.layout = WIDE
            found.header_row = row.number
            found.headers = [_heading(v) for v in row.values]
            found.measure, found.reference = measure, reference
            found.area = next((i for i, n in enumerate(names) if n in _AREA_HEADERS), None)
            found.months = months
            used = {measure, reference, found.area, *months}
            found.ignored = [i for i, n in enumerate(names) if n and i not in used]
            return found
    index = find_header_row([row.values for row in rows], ACTUAL_FIELDS, max_scan=SCAN_ROWS)
    if index is None:
        return found
    columns, unmatched = match_headers(rows[index].values, ACTUAL_FIELDS)
    fields = set(columns.values())
    if not ({"measure", "reference"} & fields and {"period", "value"} <= fields):
        return found
    found.layout = LONG
    found.header_row = rows[index].number
    found.headers = [_heading(v) for v in rows[index].values]
    found.columns = columns
    names = [normalise_header(v) for v in rows[index].values]
    found.area = next(
        (i for i in unmatched if names[i] in _AREA_HEADERS),
        None,
    )
    found.ignored = [i for i in unmatched if i != found.area]
    return found


class ActualsImporter:
    def __init__(self, book, loader, report: ImportReport, sheet: str | None = None):
        self.book = book
        self.loader = loader
        self.report = report
        self.sheet = sheet

    def run(self):
        names = self.book.sheet_names
        if self.sheet:
            names = [n for n in names if n.strip().casefold() == self.sheet.strip().casefold()]
            if not names:
                self.report.error(f'The workbook has no sheet called "{self.sheet}".')
                return
        layouts = [detect_layout(self.book, name) for name in names]
        if not any(layout.layout for layout in layouts):
            self.report.error(
                "No sheet has monthly figures in a layout that can be read: either a "
                '"Measure" column with one column per month headed "Jul-20" or by a date '
                '(wide), or "Measure", "Period" and "Value" columns (long), with the headings '
                f"in the first {SCAN_ROWS} rows."
            )
            return
        for layout in layouts:
            if not layout.layout:
                self.report.warning(
                    "No monthly figures were found on this sheet; it was not imported.",
                    Where(layout.sheet),
                )
                continue
            for index in layout.ignored:
                self.report.warning(
                    f"The column {layout.label(index)} is not a month or a known heading; it "
                    "was not imported.",
                    Where(layout.sheet, layout.header_row, get_column_letter(index + 1)),
                )
            self.read(layout)

    def _measure(self, layout, row):
        name = _text(row.value(layout.measure)) if layout.measure is not None else ""
        reference = _text(row.value(layout.reference)) if layout.reference is not None else ""
        if layout.columns:
            for column, name_ in layout.columns.items():
                if name_ == "measure":
                    name = _text(row.value(column))
                elif name_ == "reference":
                    reference = _text(row.value(column))
        area = None
        if layout.area is not None and _text(row.value(layout.area)):
            area = self.loader.find_area(_text(row.value(layout.area)))
        return name, reference, area

    def read(self, layout: ActualsLayout):
        sheet = layout.sheet
        for row in self.book.rows(sheet):
            if row.number <= layout.header_row or not row.filled():
                continue
            name, reference, area = self._measure(layout, row)
            if not name and not reference:
                self.report.warning(
                    "The row names no measure, so it was not imported.", Where(sheet, row.number)
                )
                continue
            measure, problem = self.loader.find_measure(reference, name, area)
            if measure is None:
                self.report.error(
                    problem + " Import or add the measure first, or correct its name.",
                    Where(sheet, row.number),
                    "measure",
                )
                continue
            if layout.layout == WIDE:
                for column, month in layout.months.items():
                    self.figure(measure, month, row, column, layout, commentary=None)
            else:
                self.long_row(measure, row, layout)

    def long_row(self, measure, row, layout):
        by_field = {name: column for column, name in layout.columns.items()}
        period_column = by_field["period"]
        month = parse_period_heading(row.value(period_column))
        if month is None:
            self.report.error(
                f'Could not read "{_text(row.value(period_column))}" as a month.',
                Where(layout.sheet, row.number, layout.label(period_column)),
                "period",
            )
            return
        commentary = None
        if "commentary" in by_field:
            commentary = _text(row.value(by_field["commentary"]))
        self.figure(measure, month, row, by_field["value"], layout, commentary=commentary)

    def figure(self, measure, month, row, column, layout, *, commentary):
        where = Where(layout.sheet, row.number, layout.label(column))
        raw = row.value(column)
        parsed = parse_number_cell(raw, number_format=row.format(column), wording=measure.name)
        if parsed.value is None and not parsed.text:
            if commentary:
                self.report.warning(
                    "There is commentary but no figure; the commentary was kept as the reason "
                    "the figure is missing.",
                    where,
                )
                values = {"value": None, "missing_reason": commentary, "commentary": ""}
                self.loader.actual(measure, month, values, where)
            return
        values = {"value": parsed.value}
        if parsed.value is None:
            values["missing_reason"] = parsed.text
            if parsed.warning:
                self.report.warning(
                    parsed.warning_kept(f"as the reason the {month:%B %Y} figure is missing"),
                    where,
                )
        else:
            for message in validate_value(parsed.value, measure.unit):
                self.report.error(
                    f'{message} "{parsed.text or raw}" was given for "{measure.name[:60]}".',
                    where,
                    "value",
                )
                return
            values["missing_reason"] = ""
            if parsed.warning:
                self.report.warning(
                    parsed.warning_kept(f"as the {month:%B %Y} figure's commentary"), where
                )
        if commentary is not None:
            values["commentary"] = commentary
        elif parsed.value is not None and not parsed.plain:
            values["commentary"] = parsed.text
        self.loader.actual(measure, month, values, where)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())
