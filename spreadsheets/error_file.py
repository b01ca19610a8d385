"""An import's errors and warnings as a workbook the performance team can work through.

One row per problem, errors first: the sheet, row and column it is at, the text of that
cell as the uploaded workbook has it, what is wrong and what to do (advice.py). Written by
xlsx_table.py with XlsxWriter in constant-memory mode (50,000 problems in a few seconds),
every value through the safe-text rule (safety.py), with a bold header row that stays in
view (frozen), a filter on it and columns wide enough to read.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.text import slugify
from openpyxl.utils import column_index_from_string

from .reader import SpreadsheetError, open_workbook, recent_rows
from .report import ERROR, ImportReport, Issue, issue_seen
from .xlsx_table import table_workbook

SHEET = "Problems"
# (heading, width in characters)
COLUMNS = (
    ("Error or warning", 12),
    ("Sheet", 22),
    ("Row", 8),
    ("Column", 26),
    ("The cell's text", 40),
    ("What is wrong", 70),
    ("What to do", 60),
)
_LETTERS = re.compile(r"([A-Z]{1,3})(?=$|\s)")


def error_filename(file_name: str) -> str:
    """e.g. "council-plan-problems.xlsx" for "Council plan.xlsx"."""
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    return f"{slugify(stem)[:80] or 'import'}-problems.xlsx"


def column_number(column: str) -> int | None:
    """The 1-based column a problem's column ('C', 'E ("Unit")') names, if it names one."""
    match = _LETTERS.match(column or "")
    return column_index_from_string(match.group(1)) if match else None


def cell_as_text(value) -> str:
    """A cell's value as the admin sees it in Excel, near enough."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return f"{value:%d/%m/%Y}"
        return f"{value:%d/%m/%Y %H:%M:%S}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def cell_texts(data: bytes, name: str, issues: list[Issue]) -> dict[tuple[str, int, int], str]:
    """{(sheet, row, column): the cell's text} for every problem naming a cell, read in one
    fast pass over each sheet named (nothing if the workbook cannot be opened)."""
    wanted: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for issue in issues:
        column = column_number(issue.column)
        if issue.sheet and issue.row and column:
            wanted[issue.sheet].add((issue.row, column))
    texts = {}
    if not wanted:
        return texts
    try:
        with open_workbook(data, name) as book:
            for sheet, cells in wanted.items():
                for (row, column), value in book.cells(sheet, cells).items():
                    texts[(sheet, row, column)] = cell_as_text(value)
    except SpreadsheetError:
        return texts
    return texts


@contextmanager
def capturing_cells() -> Iterator[dict[tuple[str, int, int], str]]:
    """While an import runs inside, the text of each cell a problem names, taken from the
    row the reader has just given (reader.recent_rows) as the problem is reported: so the
    error file need not read the workbook again."""
    recent: dict = {}
    texts: dict[tuple[str, int, int], str] = {}

    def see(issue: Issue) -> None:
        column = column_number(issue.column)
        if not (issue.sheet and issue.row and column):
            return
        for row in reversed(recent.get(issue.sheet, ())):
            if row.number == issue.row:
                texts[(issue.sheet, issue.row, column)] = cell_as_text(row.value(column - 1))
                return

    rows_token, seen_token = recent_rows.set(recent), issue_seen.set(see)
    try:
        yield texts
    finally:
        recent_rows.reset(rows_token)
        issue_seen.reset(seen_token)


def error_workbook(
    report: ImportReport, data: bytes = b"", name: str = "upload.xlsx", texts=None
) -> bytes:
    """The report's problems as an .xlsx; `texts` are the cells' texts captured as the import
    ran (capturing_cells), and `data` the uploaded workbook, read for any other cell a
    problem names."""
    issues = report.errors + report.warnings
    texts = dict(texts or {})
    missing = []
    for issue in issues:
        column = column_number(issue.column)
        if issue.sheet and issue.row and column and (issue.sheet, issue.row, column) not in texts:
            missing.append(issue)
    if data and missing:
        texts.update(cell_texts(data, name, missing))

    def rows():
        for issue in issues:
            problem, what_to_do = issue.advice()
            column = column_number(issue.column)
            text = texts.get((issue.sheet, issue.row, column), "") if column else ""
            level = "Error" if issue.level == ERROR else "Warning"
            yield (level, issue.sheet, issue.row, issue.column, text, problem, what_to_do)

    return table_workbook(f"Problems found in {name}", SHEET, list(COLUMNS), rows())
