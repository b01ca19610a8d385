"""Council layouts: sheets laid out the council's way, one row per action or per measure.

``propose_mappings`` finds each sheet's header row (below any title rows) and matches
its columns to our fields by name; the admin may change that mapping before anything
is written. ``CouncilImporter`` then reads the rows: blank grouping cells (area,
recommendation, outcome) take the value from above, merged cells arrive already
filled by the reader, a row with one filled cell is a section heading, and cells
that cannot be read are kept as text on the record and reported.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.utils import get_column_letter

from measures.rules import validate_value

from .cells import (
    ACTION_FIELDS,
    MEASURE_FIELDS,
    find_header_row,
    is_section_row,
    match_headers,
    parse_date_cell,
    parse_number_cell,
    parse_period_heading,
    parse_rag_cell,
)
from .loader import norm, short
from .report import ImportReport, Where

ACTIONS, MEASURES = "actions", "measures"
IGNORE = ""
SCAN_ROWS = 20  # rows searched for the header
SAMPLE_ROWS = 200  # rows looked at when guessing what a column holds

KIND_LABELS = {
    ACTIONS: "Actions (one row per action)",
    MEASURES: "Measures (one row per measure)",
    IGNORE: "Skip this sheet",
}
FIELD_LABELS = {
    ACTIONS: {
        "area": "Service area",
        "recommendation": "Recommendation",
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
        "notes": "Notes",
    },
}
FIELDS = {ACTIONS: ACTION_FIELDS, MEASURES: MEASURE_FIELDS}
MAIN_FIELD = {ACTIONS: "action", MEASURES: "measure"}
GROUPING = {ACTIONS: ("area", "recommendation", "outcome"), MEASURES: ("area",)}


def field_choices(kind: str) -> list[tuple[str, str]]:
    return [(IGNORE, "Do not import")] + list(FIELD_LABELS.get(kind, {}).items())


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

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "kind": self.kind,
            "header_row": self.header_row,
            "headers": self.headers,
            "columns": {str(k): v for k, v in self.columns.items()},
            "notes": self.notes,
            "title": self.title,
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


def _header_text(value) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%b %Y")
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


def _propose_sheet(book, sheet: str) -> SheetMapping:
    rows = list(itertools.islice(book.rows(sheet), SCAN_ROWS + SAMPLE_ROWS))
    head = [row.values for row in rows[:SCAN_ROWS]]
    best = None
    for kind in (ACTIONS, MEASURES):
        index = find_header_row(head, FIELDS[kind], max_scan=SCAN_ROWS)
        if index is None:
            continue
        columns, _unmatched = match_headers(head[index], FIELDS[kind])
        if MAIN_FIELD[kind] not in columns.values():
            continue
        if best is None or len(columns) > len(best[2]):
            best = (kind, index, columns)
    mapping = SheetMapping(sheet)
    if best is None:
        return mapping
    kind, index, columns = best
    mapping.kind = kind
    mapping.header_row = rows[index].number
    mapping.headers = [_header_text(v) for v in rows[index].values]
    mapping.columns = dict(columns)
    titles = [is_section_row(row.values) for row in rows[:index]]
    mapping.title = next((t for t in titles if t), "")
    fields = set(columns.values())
    if kind == ACTIONS and "lead" not in fields and "progress" in fields:
        column = next(i for i, f in columns.items() if f == "progress")
        sample = [row.value(column) for row in rows[index + 1 :]]
        if _looks_like_names(sample):
            mapping.columns[column] = "lead"
            mapping.notes.append(
                f"Column {mapping.column_label(column)} holds people's names, not progress, "
                "so it is read as the lead. Change the mapping if that is wrong."
            )
    return mapping


def propose_mappings(book, sheet: str | None = None) -> list[SheetMapping]:
    """The proposed mapping of every sheet (or the one named)."""
    names = book.sheet_names
    if sheet is not None:
        matches = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
        if not matches:
            from .reader import SpreadsheetError

            raise SpreadsheetError(
                f'The workbook has no sheet called "{sheet}". Its sheets are: '
                + ", ".join(f'"{n}"' for n in names)
                + "."
            )
        names = matches
    return [_propose_sheet(book, name) for name in names]


def remap(mapping: SheetMapping, book) -> SheetMapping:
    """Re-propose a sheet's columns after the admin changed its kind."""
    fresh = _propose_sheet(book, mapping.sheet)
    if fresh.kind == mapping.kind or mapping.kind == IGNORE:
        fresh.kind = mapping.kind if mapping.kind == IGNORE else fresh.kind
        return fresh
    head = [row.values for row in itertools.islice(book.rows(mapping.sheet), SCAN_ROWS)]
    index = find_header_row(head, FIELDS[mapping.kind], max_scan=SCAN_ROWS)
    if index is None and fresh.header_row:
        index = fresh.header_row - 1
    if index is None:
        return SheetMapping(mapping.sheet, mapping.kind)
    columns, _ = match_headers(head[index], FIELDS[mapping.kind])
    return SheetMapping(
        mapping.sheet,
        mapping.kind,
        index + 1,
        [_header_text(v) for v in head[index]],
        dict(columns),
        [],
        fresh.title,
    )


# --- reading cells the council's way -------------------------------------------------

_RECOMMENDATION_RE = re.compile(
    r"^\s*(?:(?:recommendation|rec)\s*\.?\s*)?(?P<ref>\d{1,3}[a-z]?(?:\.\d{1,3})*)\s*[.):\-–]?\s+"
    r"(?P<text>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SHORT_REFS_RE = re.compile(r"^\s*[\w.]{1,12}(?:\s*[,;&/]\s*[\w.]{1,12})*\s*$")
_TIMEFRAME_RE = re.compile(
    r"^(?:immediate(?:ly)?|within\b.*|(?:short|medium|long)[\s-]*term\b.*|.*\b(?:months?|weeks?)"
    r"\b.*|by (?:the )?end of\b.*|ongoing)$",
    re.IGNORECASE,
)
_STATUS_WORDS = {
    "complete": "complete",
    "completed": "complete",
    "done": "complete",
    "achieved": "complete",
    "closed": "complete",
    "in progress": "in_progress",
    "on track": "in_progress",
    "ongoing": "in_progress",
    "on going": "in_progress",
    "started": "in_progress",
    "underway": "in_progress",
    "not started": "not_started",
    "not yet started": "not_started",
    "planned": "not_started",
    "at risk": "at_risk",
    "delayed": "at_risk",
    "off track": "at_risk",
    "overdue": "at_risk",
}
_DIRECTION_WORDS = {
    "higher": "higher",
    "higher is better": "higher",
    "high": "higher",
    "high is good": "higher",
    "up": "higher",
    "increase": "higher",
    "lower": "lower",
    "lower is better": "lower",
    "low": "lower",
    "low is good": "lower",
    "down": "lower",
    "decrease": "lower",
    "reduce": "lower",
    "range": "range",
    "within a range": "range",
    "monitor": "monitor",
    "monitor only": "monitor",
    "none": "monitor",
}
_UNIT_WORDS = {
    "%": "percent",
    "percent": "percent",
    "percentage": "percent",
    "count": "count",
    "number": "count",
    "no": "count",
    "rate": "rate",
    "rate per 10000": "rate",
    "days": "days",
    "day": "days",
    "ratio": "ratio",
    "score": "score",
}
_FREQUENCY_WORDS = {
    "monthly": "monthly",
    "month": "monthly",
    "quarterly": "quarterly",
    "quarter": "quarterly",
    "annual": "annual",
    "annually": "annual",
    "yearly": "annual",
}
_PLAIN_FIGURE_RE = re.compile(r"^[<>≤≥=~]?\s*-?(?:\d{1,3}(?:,\d{3})+|\d*)\.?\d+\s*%?$")
_COMPARISON_RE = re.compile(r"^\s*(<=|>=|=<|=>|<|>|≤|≥)")


def split_recommendation(text: str) -> tuple[str, str]:
    """("1", "Ensure that ...") from "1. Ensure that ..."; ("", text) when unnumbered."""
    match = _RECOMMENDATION_RE.match(text)
    if match:
        return match["ref"], match["text"].strip()
    if len(text) <= 15 and " " not in text.strip():
        return text.strip(), ""
    return "", text.strip()


def is_timeframe(text: str) -> bool:
    wording = " ".join(text.split())
    if _TIMEFRAME_RE.match(wording):
        return True
    cell = parse_date_cell(wording)
    return cell.date is not None and not cell.warning


def month_only_text(value, number_format: str) -> str:
    """An Excel date shown without its day ("mmmm yyyy") as the council sees it."""
    if not isinstance(value, datetime.datetime | datetime.date):
        return ""
    fmt = (number_format or "").lower()
    if not fmt or "d" in fmt.replace("[$-", "") or "m" not in fmt or "y" not in fmt:
        return ""
    month = value.strftime("%B") if "mmmm" in fmt else value.strftime("%b")
    year = value.strftime("%Y") if "yyyy" in fmt else value.strftime("%y")
    separator = "-" if "-" in fmt else " "
    return f"{month}{separator}{year}"


def header_month(header: str) -> datetime.date | None:
    """The month a heading names: "Actual (July 2020)" -> 2020-07-01."""
    if not header:
        return None
    candidates = re.findall(r"\(([^()]*)\)", header)
    words = header.split(None, 1)
    if len(words) == 2:
        candidates.append(words[1])
    candidates.append(header)
    for candidate in candidates:
        month = parse_period_heading(candidate.strip(" ():-"))
        if month:
            return month
    return None


def _decimals(value: Decimal | None) -> int:
    if value is None:
        return 0
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- the importer ---------------------------------------------------------------------


@dataclass
class _Cell:
    column: int
    value: object
    format: str
    where: Where

    @property
    def text(self) -> str:
        return _text(self.value)


class CouncilImporter:
    def __init__(self, book, loader, report: ImportReport, mappings: list[SheetMapping]):
        self.book = book
        self.loader = loader
        self.report = report
        self.mappings = mappings

    def run(self):
        used = [m for m in self.mappings if m.kind and m.header_row]
        for mapping in self.mappings:
            if not mapping.kind:
                if mapping.header_row is None and len(self.mappings) > 1:
                    self.report.warning(
                        "No header row naming actions or measures was found in the first "
                        f"{SCAN_ROWS} rows, so the sheet was not imported.",
                        Where(mapping.sheet),
                    )
                continue
        if not used:
            self.report.error(
                'No sheet has a header row naming actions (e.g. "Action") or measures '
                '(e.g. "Measure", "Indicator") in its first '
                f"{SCAN_ROWS} rows, so nothing could be imported."
            )
            return
        for mapping in used:
            if MAIN_FIELD[mapping.kind] not in mapping.columns.values():
                label = FIELD_LABELS[mapping.kind][MAIN_FIELD[mapping.kind]]
                self.report.error(
                    f'No column is mapped to "{label}", so the sheet cannot be imported.',
                    Where(mapping.sheet, mapping.header_row),
                )
                continue
            for note in mapping.notes:
                self.report.warning(note, Where(mapping.sheet, mapping.header_row))
            for index in mapping.unmatched():
                self.report.warning(
                    f"The column {mapping.column_label(index)} was not recognised and was not "
                    "imported. Map it to a field (Notes keeps it as text) to import it.",
                    Where(mapping.sheet, mapping.header_row, get_column_letter(index + 1)),
                )
            if mapping.kind == ACTIONS:
                ActionSheet(self, mapping).run()
            else:
                MeasureSheet(self, mapping).run()


class _Sheet:
    kind = ""

    def __init__(self, importer: CouncilImporter, mapping: SheetMapping):
        self.importer = importer
        self.loader = importer.loader
        self.report = importer.report
        self.mapping = mapping
        self.by_field: dict[str, list[int]] = {}
        for column, name in sorted(mapping.columns.items()):
            self.by_field.setdefault(name, []).append(column)
        self.grouping = {name: None for name in GROUPING[self.kind]}
        self.default_area = None
        self.previous = None  # the last record read, for rows that only continue it

    def where(self, row, column=None) -> Where:
        if column is None:
            return Where(self.mapping.sheet, row.number)
        return Where(self.mapping.sheet, row.number, self.mapping.column_label(column))

    def cell(self, row, name) -> _Cell | None:
        columns = self.by_field.get(name)
        if not columns:
            return None
        column = columns[0]
        return _Cell(column, row.value(column), row.format(column), self.where(row, column))

    def has(self, name) -> bool:
        return name in self.by_field

    def header(self, name) -> str:
        columns = self.by_field.get(name)
        if not columns:
            return ""
        index = columns[0]
        return self.mapping.headers[index] if index < len(self.mapping.headers) else name

    def extra_notes(self, row) -> list[str]:
        """Columns the admin mapped to Notes beyond the first, kept as "Heading: text"."""
        notes = []
        for column in self.by_field.get("notes", [])[1:]:
            text = _text(row.value(column))
            if text:
                notes.append(f"{self.mapping.headers[column]}: {text}")
        return notes

    def run(self):
        stream = self.importer.book.rows(self.mapping.sheet)
        main = self.by_field[MAIN_FIELD[self.kind]][0]
        for row in stream:
            if row.number <= (self.mapping.header_row or 0):
                continue
            filled = row.filled()
            if not filled:
                continue
            section = is_section_row(row.values)
            if section is not None and self.is_heading(filled[0], main):
                self.section(section, row)
                continue
            for name in self.grouping:
                cell = self.cell(row, name)
                if cell is not None and cell.text:
                    previous = self.grouping[name]
                    self.grouping[name] = (cell.text, cell.where)
                    if name == "area" and (previous is None or previous[0] != cell.text):
                        # A new group starts: groupings below it start again too.
                        for lower in list(self.grouping)[1:]:
                            lower_cell = self.cell(row, lower)
                            if lower_cell is not None and not lower_cell.text:
                                self.grouping[lower] = None
            text = _text(row.value(main))
            if not text:
                self.continuation(row)
                continue
            self.record(row, text)

    def is_heading(self, column: int, main: int) -> bool:
        """A lone cell is a heading when it sits at the left of the table.

        Alone in the action or measure column it is a heading only when the sheet has no
        area column (the heading is then the area); alone further right it continues
        the row above.
        """
        if column > min(self.mapping.columns, default=0):
            return False
        return column != main or not self.has("area")

    def continuation(self, row):
        cells = [
            f"{self.mapping.headers[i] if i < len(self.mapping.headers) else ''}: "
            f"{_text(row.value(i))}"
            for i in row.filled()
            if self.mapping.columns.get(i) not in self.grouping
        ]
        if not cells:
            return
        main = FIELD_LABELS[self.kind][MAIN_FIELD[self.kind]].lower()
        message = f"The row has no {main} text, so it was not imported as one."
        if self.previous is not None:
            message += " Its cells were added to the notes of the row above."
            self.previous_notes(row, cells)
        else:
            message += " Its cells: " + "; ".join(cells)
        self.report.warning(message, self.where(row))

    def previous_notes(self, row, cells):
        record = self.previous
        addition = f"Row {row.number}: " + "; ".join(cells)
        if addition not in record.notes:
            record.notes = (record.notes + "\n" + addition).strip()
            record._history_user = self.loader.user
            record.save(update_fields=["notes"])

    def area(self, row):
        group = self.grouping.get("area")
        if group:
            name, where = group
            if len(name) > 150:
                self.report.warning(
                    f'The area name "{short(name, 40)}" is longer than 150 characters; only its '
                    "start is used.",
                    where,
                )
                name = name[:150]
            return self.loader.area(name, where)
        if self.default_area is None:
            name = self.mapping.sheet.strip() or "Imported"
            self.default_area = self.loader.area(name, self.where(row))
            self.report.warning(
                f"The sheet has no area column and no area headings, so its {self.kind} were "
                f'put in a service area called "{name}" (the sheet\'s name). Rename the '
                "area afterwards, or map a column to Service area.",
                Where(self.mapping.sheet, self.mapping.header_row),
            )
        return self.default_area

    def section(self, text, row):
        raise NotImplementedError

    def record(self, row, text):
        raise NotImplementedError


class ActionSheet(_Sheet):
    kind = ACTIONS

    def __init__(self, importer, mapping):
        super().__init__(importer, mapping)
        self.timeframe = ""

    def section(self, text, row):
        where = self.where(row, row.filled()[0])
        if is_timeframe(text):
            self.timeframe = text
        elif not self.has("area"):
            self.grouping["area"] = (text, where)
            self.grouping["recommendation"] = None
            self.grouping["outcome"] = None
        elif not self.has("recommendation"):
            self.grouping["recommendation"] = (text, where)
        elif not self.has("outcome"):
            self.grouping["outcome"] = (text, where)
        else:
            self.grouping["area"] = (text, where)

    def recommendations(self):
        group = self.grouping.get("recommendation")
        if not group:
            return [] if self.has("recommendation") else None
        text, where = group
        if _SHORT_REFS_RE.match(text) and len(text) <= 40:
            refs = [part.strip() for part in re.split(r"[,;&/]", text) if part.strip()]
            found = []
            for ref in refs:
                rec = self.loader.find_recommendation(ref)
                if rec is None:
                    rec = self.loader.recommendation(
                        ref, where, create_values={"text": f"Recommendation {ref}"}
                    )
                    self.report.warning(
                        f'There is no recommendation "{ref}" in the plan yet, so one was '
                        "created with no wording; add its wording afterwards.",
                        where,
                    )
                found.append(rec)
            return found
        reference, wording = split_recommendation(text)
        values = {"text": wording or text}
        if self.timeframe:
            values["timeframe"] = self.timeframe[:100]
        if not reference:
            existing = self.loader.find_recommendation_by_text(wording or text)
            if existing is not None:
                reference = existing.reference
            else:
                used = {ref for (_src, ref) in self.loader.recommendations}
                number = len(self.loader.recommendations) + 1
                while norm(f"R{number}") in used:
                    number += 1
                reference = f"R{number}"
        return [self.loader.recommendation(reference, where, values)]

    def record(self, row, text):
        area = self.area(row)
        values: dict = {}
        notes: list[str] = []
        create: dict = {}

        def warn(cell, message, keep=True):
            self.report.warning(message, cell.where)
            if keep:
                header = self.mapping.headers[cell.column]
                notes.append(f"{header}: {cell.text}")

        if (cell := self.cell(row, "target_date")) is not None:
            shown = month_only_text(cell.value, cell.format)
            if shown:
                parsed = parse_date_cell(shown)
                values["target_date"] = parsed.date
                values["target_date_text"] = shown
            else:
                parsed = parse_date_cell(cell.value)
                values["target_date"] = parsed.date
                values["target_date_text"] = parsed.text[:100]
                if len(parsed.text) > 100:
                    warn(
                        cell,
                        "The target date wording is too long to keep whole; it is also "
                        "kept in the notes.",
                    )
                elif parsed.warning:
                    warn(cell, parsed.warning, keep=False)
            if not cell.text and self.timeframe:
                values["target_date_text"] = self.timeframe[:100]
        elif self.timeframe:
            values["target_date_text"] = self.timeframe[:100]

        if (cell := self.cell(row, "lead")) is not None:
            lines = [line.strip() for line in cell.text.splitlines() if line.strip()]
            lead = ", ".join(lines)
            if len(lead) > 300:
                warn(
                    cell,
                    "The lead is longer than 300 characters; the whole text is kept in the notes.",
                )
            values["lead"] = lead[:300]
        for name in ("key_partners", "success_measure", "still_to_do"):
            if (cell := self.cell(row, name)) is not None:
                values[name] = cell.text
        if (cell := self.cell(row, "cost")) is not None:
            if len(cell.text) > 200:
                warn(cell, "The cost is longer than 200 characters; it is kept in the notes.")
            values["cost"] = cell.text[:200]
        if (cell := self.cell(row, "notes")) is not None and cell.text:
            notes.insert(0, cell.text)
        notes.extend(self.extra_notes(row))

        status = None
        if (cell := self.cell(row, "status")) is not None and cell.text:
            status = _STATUS_WORDS.get(norm(cell.text).strip(" .!"))
            if status is None:
                rag, _ = parse_rag_cell(cell.text)
                status = "complete" if rag == "blue" else None
            if status is None:
                warn(
                    cell,
                    f'Could not read "{cell.text}" as a status (Not started, In '
                    "progress, At risk or Complete); kept in the notes.",
                )
        if (cell := self.cell(row, "rag")) is not None:
            rag, warning = parse_rag_cell(cell.value)
            values["manual_rag"] = ""
            values["manual_rag_reason"] = ""
            if warning and rag is None:
                warn(cell, warning)
            elif warning:
                self.report.warning(warning, cell.where)
            if rag == "blue":
                status = status or "complete"
            elif rag:
                values["manual_rag"] = rag
                values["manual_rag_reason"] = (
                    f'Given as "{cell.text}" in the council\'s spreadsheet.'
                )
        if status:
            values["status"] = status
        values["notes"] = "\n".join(notes)

        if self.has("outcome"):
            group = self.grouping.get("outcome")
            values["outcome"] = self.loader.outcome(area, group[0], group[1]) if group else None
        recommendations = self.recommendations()
        reference = ""
        if (cell := self.cell(row, "reference")) is not None:
            reference = cell.text[:30]
        action = self.loader.action(
            area,
            self.where(row, self.by_field["action"][0]),
            reference=reference,
            text=text,
            values=values,
            create_values=create,
            recommendations=recommendations,
        )
        if recommendations:
            self.loader.link_area(area, recommendations)
        progress = self.cell(row, "progress")
        impact = self.cell(row, "impact")
        if (progress is not None and progress.text) or (impact is not None and impact.text):
            self.loader.action_update(
                action,
                (progress or impact).where,
                created_at=None,
                values={
                    "progress": progress.text if progress is not None else "",
                    "impact": impact.text if impact is not None else "",
                    "status": action.status,
                },
            )
        self.previous = action


class MeasureSheet(_Sheet):
    kind = MEASURES

    def section(self, text, row):
        self.grouping["area"] = (text, self.where(row, row.filled()[0]))

    def number(self, cell, notes):
        """Read a figure cell; its warnings are reported and its text kept in the notes."""
        parsed = parse_number_cell(cell.value, number_format=cell.format)
        if parsed.warning:
            self.report.warning(parsed.warning, cell.where)
            notes.append(f"{self.mapping.headers[cell.column]}: {parsed.text}")
        return parsed

    def record(self, row, name):
        area = self.area(row)
        plan = self.loader.plan
        values: dict = {}
        create: dict = {}
        notes: list[str] = []
        cells = {key: self.cell(row, key) for key in ("baseline", "target", "actual")}
        parsed = {key: self.number(cell, notes) for key, cell in cells.items() if cell is not None}
        figures = list(parsed.values())
        actual_month = header_month(self.header("actual"))
        baseline_month = header_month(self.header("baseline"))

        if "baseline" in parsed:
            baseline = parsed["baseline"]
            values["baseline"] = baseline.value
            plain = _PLAIN_FIGURE_RE.match(baseline.text or "0")
            values["baseline_text"] = "" if plain else baseline.text[:300]
            if baseline_month:
                values["baseline_date"] = baseline_month
        if (cell := self.cell(row, "data_source")) is not None:
            values["data_source"] = cell.text[:200]
        if (cell := self.cell(row, "outcome")) is not None:
            values["outcome_text"] = cell.text
        cell = self.cell(row, "reference")
        reference = cell.text[:30] if cell is not None else ""

        unit = None
        if (cell := self.cell(row, "unit")) is not None and cell.text:
            unit = _UNIT_WORDS.get(norm(cell.text).strip(" ."))
            if unit is None and ("10,000" in cell.text or "10000" in cell.text):
                unit = "rate"
            if unit is None:
                self.report.warning(
                    f'Could not read "{cell.text}" as a unit; guessed from the figures instead.',
                    cell.where,
                )
                notes.append(f"{self.mapping.headers[cell.column]}: {cell.text}")
            else:
                values["unit"] = unit
        if unit is None:
            create["unit"] = unit = self.guess_unit(name, figures)
            if unit == "rate" and ("10,000" in name or "10000" in name):
                create["unit_label"] = "per 10,000 children aged 0-17"
        direction = None
        if (cell := self.cell(row, "direction")) is not None and cell.text:
            direction = _DIRECTION_WORDS.get(norm(cell.text).strip(" ."))
            if direction is None:
                self.report.warning(
                    f'Could not read "{cell.text}" as a direction; guessed from the measure\'s '
                    "wording instead.",
                    cell.where,
                )
                notes.append(f"{self.mapping.headers[cell.column]}: {cell.text}")
            else:
                values["direction"] = direction
        if direction is None:
            target_text = cells["target"].text if cells["target"] is not None else ""
            create["direction"] = self.guess_direction(name, target_text)
        if (cell := self.cell(row, "frequency")) is not None and cell.text:
            frequency = _FREQUENCY_WORDS.get(norm(cell.text).strip(" ."))
            if frequency:
                values["frequency"] = frequency
            else:
                self.report.warning(f'Could not read "{cell.text}" as a frequency.', cell.where)
                notes.append(f"{self.mapping.headers[cell.column]}: {cell.text}")
        create["decimal_places"] = min(
            2, max((_decimals(f.value) for f in figures if f.value is not None), default=0)
        )
        if "actual" in parsed or "baseline" in parsed:
            values["local_indicator"] = any(f.local_indicator for f in figures)
        if (cell := self.cell(row, "notes")) is not None and cell.text:
            notes.insert(0, cell.text)
        notes.extend(self.extra_notes(row))

        actual_note = ""
        if "actual" in parsed and actual_month is None and cells["actual"].text:
            actual_note = f"{self.header('actual')}: {cells['actual'].text}"
            if actual_note not in notes:
                notes.append(actual_note)
        values["notes"] = "\n".join(notes)

        measure = self.loader.measure(
            area,
            self.where(row, self.by_field["measure"][0]),
            reference=reference,
            name=name,
            values=values,
            create_values=create,
        )
        self.previous = measure

        if "target" in parsed:
            target, cell = parsed["target"], cells["target"]
            if target.value is not None:
                effective = (
                    plan.starts.replace(day=1)
                    if plan.starts
                    else actual_month or baseline_month or datetime.date.today().replace(day=1)
                )
                note = "" if _PLAIN_FIGURE_RE.match(target.text or "0") else target.text[:300]
                self.loader.target(
                    measure, effective, {"value": target.value, "note": note}, cell.where
                )
            elif target.text and not target.warning:
                self.report.warning(
                    f'No target figure in "{target.text}"; kept in the notes.', cell.where
                )
        if "actual" in parsed:
            if actual_note:
                self.report.warning(
                    f'The heading "{self.header("actual")}" names no month, so the figure was '
                    "kept in the notes, not as a monthly figure. Name the month in the "
                    'heading, e.g. "Actual (July 2020)", or import it as a monthly figure.',
                    cells["actual"].where,
                )
            else:
                self.actual(measure, parsed["actual"], cells["actual"], actual_month)
        year = (actual_month or plan.starts or baseline_month or datetime.date.today()).year
        done = set()
        for key in ("actual", "baseline", "target"):
            if key not in parsed:
                continue
            for kind in ("sn", "regional", "national"):
                value = getattr(parsed[key], kind)
                if value is None or kind in done:
                    continue
                done.add(kind)
                source = self.header(key) or self.mapping.sheet
                self.loader.benchmark(
                    measure, kind, year, {"value": value, "source": source[:200]}, cells[key].where
                )

    def actual(self, measure, parsed, cell, month):
        if not cell.text:
            return
        values = {
            "value": parsed.value,
            "commentary": "" if _PLAIN_FIGURE_RE.match(parsed.text or "0") else parsed.text,
            "missing_reason": "",
        }
        if parsed.value is None:
            values["commentary"] = ""
            values["missing_reason"] = parsed.text
        else:
            problems = validate_value(parsed.value, measure.unit)
            if problems:
                self.report.warning(
                    " ".join(problems) + f' The figure "{cell.text}" was kept as text, as the '
                    "reason there is no figure.",
                    cell.where,
                )
                values.update(value=None, commentary="", missing_reason=cell.text)
        self.loader.actual(measure, month, values, cell.where)

    @staticmethod
    def guess_unit(name: str, figures) -> str:
        units = {f.unit for f in figures if f.value is not None}
        wording = name.lower()
        if "percent" in units:
            return "percent"
        if "days" in units:
            return "days"
        if "rate" in units or re.search(r"\brate\b|per 10,?000", wording):
            return "rate"
        values = [f.value for f in figures if f.value is not None]
        if values and any(v != v.to_integral_value() for v in values):
            return "rate"
        return "count"

    @staticmethod
    def guess_direction(name: str, target_text: str) -> str:
        """Monitor, then a "<"/">" target, then the measure's verb, then "or less"."""
        wording = name.lower()
        if re.match(r"^\s*monitor\b", wording):
            return "monitor"
        match = _COMPARISON_RE.match(target_text or "")
        if match:
            return "lower" if match.group(1) in {"<", "<=", "=<", "≤"} else "higher"
        if re.match(r"^\s*(?:safely\s+)?(?:reduce|decrease|lower|minimise|minimize)\b", wording):
            return "lower"
        if re.match(r"^\s*(?:increase|ensure|maintain|improve|raise)\b", wording):
            return "higher"
        if re.search(r"\bor (?:less|fewer|lower|below)\b", wording):
            return "lower"
        return "higher"
