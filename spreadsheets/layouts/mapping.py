"""How a council's sheet is read: its kind, its header row and which field each column is.

``propose_mappings`` finds each sheet's header row (below any title rows) and matches
its columns to our fields by name; the admin may change that mapping before anything
is written. A sheet of monthly figures is a kind too (FIGURES): its measure column, and
either one column per month (wide: each headed by its month) or a period and a value
column (long), with commentary.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ..cells import (
    ACTION_FIELDS,
    FIGURE_FIELDS,
    MEASURE_FIELDS,
    find_header_row,
    is_section_row,
    match_headers,
    month_columns,
    parse_period_heading,
)
from ..reader import SpreadsheetError
from .reports import (
    REPORT_FIELDS,
    REPORT_LABEL,
    REPORT_LABELS,
    REPORTS,
    is_reports_header,
    sub_headings,
)

ACTIONS, MEASURES, FIGURES = "actions", "measures", "figures"
IGNORE = ""
SCAN_ROWS = 20  # rows searched for the header
SAMPLE_ROWS = 200  # rows looked at when guessing what a column holds

KIND_LABELS = {
    ACTIONS: "Actions (one row per action)",
    MEASURES: "Measures (one row per measure)",
    REPORTS: REPORT_LABEL,
    FIGURES: "Monthly figures (a column per month, or one row per figure)",
    IGNORE: "Skip this sheet",
}
FIELD_LABELS = {
    ACTIONS: {
        "area": "Service area",
        "recommendation": "Recommendation",
        "report_reference": "Recommendation's place in the report (page, paragraph)",
        "outcome": "Outcome",
        "reference": "Action reference",
        "action": "Action",
        "target_date": "Target date",
        "lead": "Lead",
        "key_partners": "Key partners",
        "success_measure": "How success is measured",
        "status": "Status",
        "rag": "RAG",
        "progress": "Progress update",
        "impact": "Impact",
        "still_to_do": "Still to do",
        "cost": "Cost",
        "notes": "Notes",
    },
    MEASURES: {
        "area": "Service area",
        "reference": "Measure reference",
        "measure": "Measure",
        "baseline": "Baseline",
        "actual": "Actual (the month in the heading)",
        "target": "Target",
        "outcome": "Outcome",
        "unit": "Unit",
        "direction": "Direction (which way is better)",
        "data_source": "Data source",
        "frequency": "Frequency",
        "national_indicator": "National indicator (its code)",
        "notes": "Notes",
    },
    REPORTS: REPORT_LABELS,
    FIGURES: {
        "area": "Service area",
        "reference": "Measure reference",
        "measure": "Measure",
        "month": "Figure for the month in the heading",
        "period": "Month (one row per figure)",
        "value": "Figure (one row per figure)",
        "commentary": "Commentary",
        "missing_reason": "Why the figure is missing",
    },
}
FIELDS = {
    ACTIONS: ACTION_FIELDS,
    MEASURES: MEASURE_FIELDS,
    REPORTS: REPORT_FIELDS,
    FIGURES: FIGURE_FIELDS,
}
MAIN_FIELD = {ACTIONS: "action", MEASURES: "measure", REPORTS: "area", FIGURES: "measure"}
GROUPING = {
    ACTIONS: ("area", "recommendation", "outcome"),
    MEASURES: ("area",),
    REPORTS: (),
    FIGURES: ("area",),
}
REPEATABLE = {"notes", "month"}  # fields more than one column may be read as
# Fields of a measures sheet that say it is more than a sheet of monthly figures.
_MEASURE_ONLY = {"baseline", "target", "actual", "unit", "direction", "frequency", "outcome"}


def field_choices(kind: str) -> list[tuple[str, str]]:
    return [(IGNORE, "Do not import")] + list(FIELD_LABELS.get(kind, {}).items())


def mapping_problems(kind: str, columns: dict[int, str], headers: list[str]) -> list[str]:
    """What stops a sheet of this kind being read with these columns ([] when none)."""
    if not kind:
        return []
    fields = set(columns.values())
    labels = FIELD_LABELS[kind]
    if kind == FIGURES:
        problems = []
        if not {"measure", "reference"} & fields:
            problems.append(
                f"Choose the column that holds the {labels['measure'].lower()} (or its reference)."
            )
        months = [i for i, f in columns.items() if f == "month"]
        if not months and not {"period", "value"} <= fields:
            problems.append(
                f'Choose the columns of monthly figures ("{labels["month"]}"), or the '
                f'"{labels["period"]}" and "{labels["value"]}" columns.'
            )
        for index in months:
            header = headers[index] if index < len(headers) else ""
            if parse_period_heading(header) is None:
                problems.append(
                    f'The heading "{header}" of column {get_column_letter(index + 1)} names no '
                    'month, so it cannot be read as a month\'s figures ("Jul-20" or a date).'
                )
        return problems
    main = MAIN_FIELD[kind]
    if main not in fields:
        return [f"Choose the column that holds the {labels[main].lower()}."]
    return []


@dataclass
class SheetMapping:
    """How one sheet is read: its kind, header row and {column index: field}."""

    sheet: str
    kind: str = IGNORE
    header_row: int | None = None  # Excel row number
    headers: list[str] = field(default_factory=list)
    columns: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    title: str = ""  # the first title row above the header, if any
    period: str = ""  # "YYYY-MM": the month a sheet of exception reports is for

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "kind": self.kind,
            "header_row": self.header_row,
            "headers": self.headers,
            "columns": {str(k): v for k, v in self.columns.items()},
            "notes": self.notes,
            "title": self.title,
            "period": self.period,
        }

    @classmethod
    def from_dict(cls, data: dict) -> SheetMapping:
        return cls(
            sheet=data["sheet"],
            kind=data.get("kind") or IGNORE,
            header_row=data.get("header_row"),
            headers=list(data.get("headers") or []),
            columns={int(k): v for k, v in (data.get("columns") or {}).items() if v},
            notes=list(data.get("notes") or []),
            title=data.get("title") or "",
            period=data.get("period") or "",
        )

    def column_label(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        letter = get_column_letter(index + 1)
        return f'{letter} ("{header}")' if header else letter

    def unmatched(self) -> list[int]:
        return [i for i, h in enumerate(self.headers) if h and i not in self.columns]

    def rows(self):
        """(column index, letter, header, field) for the mapping form."""
        return [
            (i, get_column_letter(i + 1), h, self.columns.get(i, IGNORE))
            for i, h in enumerate(self.headers)
            if h or i in self.columns
        ]


def header_text(value) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%b-%y")  # as Excel shows a month heading: "Jul-20"
    return " ".join(str(value).split()) if value is not None else ""


_NAME_WORD = re.compile(r"^[A-Z][a-zA-Z'’\-]+$")


_SMALL_WORDS = {"of", "and", "for", "the", "de", "van", "von", "&"}


def _is_name(line: str) -> bool:
    """ "April Bald", "Head of Service": two to six capitalised words, no digits."""
    words = line.split()
    return (
        1 < len(words) <= 6
        and len(line) <= 60
        and bool(_NAME_WORD.match(words[0]))
        and all(_NAME_WORD.match(word) or word in _SMALL_WORDS for word in words[1:])
    )


def _looks_like_names(values) -> bool:
    """Whether a column's cells hold people's names (one or more per cell), not prose."""
    cells = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if len(cells) < 2:
        return False
    good = 0
    for cell in cells:
        lines = [line.strip() for line in re.split(r"[\n;,/]|\band\b", cell) if line.strip()]
        if lines and all(_is_name(line) for line in lines):
            good += 1
    return good >= 0.8 * len(cells)


def _figure_columns(values) -> dict[int, str] | None:
    """The columns of a header row of monthly figures, or None if it is not one."""
    columns, _unmatched = match_headers(values, FIGURE_FIELDS)
    fields = set(columns.values())
    if not {"measure", "reference"} & fields:
        return None
    months = month_columns(values, skip=columns)
    if months:
        wide = {i: f for i, f in columns.items() if f not in {"period", "value"}}
        return dict(sorted({**wide, **dict.fromkeys(months, "month")}.items()))
    if {"period", "value"} <= fields:
        return columns
    return None


def _find(kind: str, head: list) -> tuple[int, dict[int, str]] | None:
    """(index of the header row, {column: field}) of a sheet of this kind, or None."""
    if kind == FIGURES:
        for index, values in enumerate(head):
            columns = _figure_columns(values)
            if columns:
                return index, columns
        return None
    index = find_header_row(head, FIELDS[kind], max_scan=SCAN_ROWS)
    if index is None:
        return None
    columns, _unmatched = match_headers(head[index], FIELDS[kind])
    return index, columns


ALL_KINDS = (ACTIONS, MEASURES, REPORTS, FIGURES)


def _propose_sheet(book, sheet: str, kinds=ALL_KINDS) -> SheetMapping:
    # The rows the header is searched in and the one below them (a sub-heading); the rows
    # sampled below the header are read only if a column's contents are looked at.
    stream = book.rows(sheet)
    rows = list(itertools.islice(stream, SCAN_ROWS + 1))
    head = [row.values for row in rows[:SCAN_ROWS]]
    best = None
    for kind in kinds:
        found = _find(kind, head)
        if found is None:
            continue
        index, columns = found
        if kind == FIGURES:
            # Figures only where the sheet says no more than a measure and its months.
            if best is None or (best[0] == MEASURES and not set(best[2].values()) & _MEASURE_ONLY):
                best = (kind, index, columns)
            continue
        if MAIN_FIELD[kind] not in columns.values():
            continue
        if kind == REPORTS and not is_reports_header(columns):
            continue
        if best is None or len(columns) > len(best[2]):
            best = (kind, index, columns)
    mapping = SheetMapping(sheet)
    if best is None:
        return mapping
    kind, index, columns = best
    if kind == REPORTS and index + 1 < len(rows):
        # "ANALYSIS" over "Progress" and "Risks": the row below holds the headings.
        below = sub_headings(rows[index].values, rows[index + 1].values, columns)
        if below is not None:
            headers = _spanned_headers(rows[index].values, rows[index + 1].values)
            mapping.kind, mapping.header_row, mapping.headers = (
                kind,
                rows[index + 1].number,
                headers,
            )
            mapping.columns = below
            titles = [is_section_row(row.values) for row in rows[:index]]
            mapping.title = next((t for t in titles if t), "")
            return mapping
    mapping.kind = kind
    mapping.header_row = rows[index].number
    mapping.headers = [header_text(v) for v in rows[index].values]
    mapping.columns = dict(columns)
    titles = [is_section_row(row.values) for row in rows[:index]]
    mapping.title = next((t for t in titles if t), "")
    fields = set(columns.values())
    if kind == ACTIONS and "lead" not in fields and "progress" in fields:
        column = next(i for i, f in columns.items() if f == "progress")
        rows += itertools.islice(stream, SCAN_ROWS + SAMPLE_ROWS - len(rows))
        sample = [row.value(column) for row in rows[index + 1 :]]
        if _looks_like_names(sample):
            mapping.columns[column] = "lead"
            mapping.notes.append(
                f"Column {mapping.column_label(column)} holds people's names, not progress, "
                "so it is read as the lead. Change the mapping if that is wrong."
            )
    return mapping


def _spanned_headers(top, below) -> list[str]:
    """ "ANALYSIS: Progress": a heading and the sub-heading under it, for each column."""
    headers, spanning = [], ""
    for index in range(max(len(top), len(below))):
        upper = header_text(top[index]) if index < len(top) else ""
        lower = header_text(below[index]) if index < len(below) else ""
        # a heading spans the sub-headings to its right until the next heading
        spanning = upper or (spanning if lower else "")
        headers.append(f"{spanning}: {lower}" if spanning and lower else spanning or lower)
    return headers


def propose_mappings(book, sheet: str | None = None, kinds=None) -> list[SheetMapping]:
    """The proposed mapping of every sheet (or the one named), as one of `kinds` (any)."""
    names = book.sheet_names
    if sheet is not None:
        matches = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
        if not matches:
            raise SpreadsheetError(
                f'The workbook has no sheet called "{sheet}". Its sheets are: '
                + ", ".join(f'"{n}"' for n in names)
                + "."
            )
        names = matches
    kinds = tuple(kinds or ALL_KINDS)
    return [_propose_sheet(book, name, kinds) for name in names]


def remap(mapping: SheetMapping, book) -> SheetMapping:
    """Re-propose a sheet's columns after the admin changed its kind."""
    fresh = _propose_sheet(book, mapping.sheet)
    fresh.period = mapping.period
    if fresh.kind == mapping.kind or mapping.kind == IGNORE:
        fresh.kind = mapping.kind if mapping.kind == IGNORE else fresh.kind
        return fresh
    head = [row.values for row in itertools.islice(book.rows(mapping.sheet), SCAN_ROWS)]
    found = _find(mapping.kind, head)
    if found is None and fresh.header_row:
        index = fresh.header_row - 1
        columns, _ = match_headers(head[index], FIELDS[mapping.kind])
    elif found is None:
        return SheetMapping(mapping.sheet, mapping.kind, period=mapping.period)
    else:
        index, columns = found
    return SheetMapping(
        mapping.sheet,
        mapping.kind,
        index + 1,
        [header_text(v) for v in head[index]],
        dict(columns),
        [],
        fresh.title,
        mapping.period,
    )
