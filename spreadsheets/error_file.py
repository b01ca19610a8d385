"""An import's errors and warnings as a workbook the performance team can work through.

One row per problem, errors first: the sheet, row and column it is at, the text of that
cell as the uploaded workbook has it, what is wrong and what to do (advice.py). Written by
xlsx_table.py (50,000 problems in a few seconds), every value through the safe-text
rule (safety.py), with a bold header row that stays in view (frozen), a filter on it and
columns wide enough to read.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from django.utils.text import slugify
from openpyxl.utils import column_index_from_string

from .reader import SpreadsheetError, open_workbook
from .report import ERROR, ImportReport, Issue
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
    pass over each sheet named (nothing if the workbook cannot be opened)."""
    wanted: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for issue in issues:
        column = column_number(issue.column)
        if issue.sheet and issue.row and column:
            wanted[issue.sheet][issue.row].add(column)
    texts = {}
    if not wanted:
        return texts
    try:
        with open_workbook(data, name) as book:
            for sheet, rows in wanted.items():
                if sheet not in book.sheet_names:
                    continue
                last = max(rows)
                for row in book.rows(sheet):
                    for column in rows.get(row.number, ()):
                        texts[(sheet, row.number, column)] = cell_as_text(row.value(column - 1))
                    if row.number >= last:
                        break
    except SpreadsheetError:
        return texts
    return texts


def error_workbook(report: ImportReport, data: bytes = b"", name: str = "upload.xlsx") -> bytes:
    """The report's problems as an .xlsx; `data` is the uploaded workbook, for the text of
    each cell a problem names."""
    issues = report.errors + report.warnings
    texts = cell_texts(data, name, issues) if data else {}

    def rows():
        for issue in issues:
            problem, what_to_do = issue.advice()
            column = column_number(issue.column)
            text = texts.get((issue.sheet, issue.row, column), "") if column else ""
            level = "Error" if issue.level == ERROR else "Warning"
            yield (level, issue.sheet, issue.row, issue.column, text, problem, what_to_do)

    return table_workbook(f"Problems found in {name}", SHEET, list(COLUMNS), rows())
