"""How a council's sheet is read: its kind, its header row and which field each column is.

``propose_mappings`` finds each sheet's header row (below any title rows) and matches
its columns to our fields by name; the admin may change that mapping before anything
is written.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ..cells import (
    ACTION_FIELDS,
    MEASURE_FIELDS,
    find_header_row,
    is_section_row,
    match_headers,
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

ACTIONS, MEASURES = "actions", "measures"
IGNORE = ""
SCAN_ROWS = 20  # rows searched for the header
SAMPLE_ROWS = 200  # rows looked at when guessing what a column holds

KIND_LABELS = {
    ACTIONS: "Actions (one row per action)",
    MEASURES: "Measures (one row per measure)",
    REPORTS: REPORT_LABEL,
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
        "national_indicator": "National indicator (its code)",
        "notes": "Notes",
    },
    REPORTS: REPORT_LABELS,
}
FIELDS = {ACTIONS: ACTION_FIELDS, MEASURES: MEASURE_FIELDS, REPORTS: REPORT_FIELDS}
MAIN_FIELD = {ACTIONS: "action", MEASURES: "measure", REPORTS: "area"}
GROUPING = {ACTIONS: ("area", "recommendation", "outcome"), MEASURES: ("area",), REPORTS: ()}


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
    for kind in (ACTIONS, MEASURES, REPORTS):
        index = find_header_row(head, FIELDS[kind], max_scan=SCAN_ROWS)
        if index is None:
            continue
        columns, _unmatched = match_headers(head[index], FIELDS[kind])
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


def _spanned_headers(top, below) -> list[str]:
    """ "ANALYSIS: Progress": a heading and the sub-heading under it, for each column."""
    headers, spanning = [], ""
    for index in range(max(len(top), len(below))):
        upper = _header_text(top[index]) if index < len(top) else ""
        lower = _header_text(below[index]) if index < len(below) else ""
        # a heading spans the sub-headings to its right until the next heading
        spanning = upper or (spanning if lower else "")
        headers.append(f"{spanning}: {lower}" if spanning and lower else spanning or lower)
    return headers


def propose_mappings(book, sheet: str | None = None) -> list[SheetMapping]:
    """The proposed mapping of every sheet (or the one named)."""
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
    return [_propose_sheet(book, name) for name in names]


def remap(mapping: SheetMapping, book) -> SheetMapping:
    """Re-propose a sheet's columns after the admin changed its kind."""
    fresh = _propose_sheet(book, mapping.sheet)
    fresh.period = mapping.period
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
        mapping.period,
    )
