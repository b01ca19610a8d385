"""One table as an .xlsx, written by XlsxWriter: fast for tens of thousands of rows.

openpyxl without lxml (not a dependency) writes about 2,500 rows of seven cells a second,
so 50,000 problems took 20 s to download. XlsxWriter's constant_memory mode streams each
row to a temporary file as it is written (the workbook itself goes to memory; its
in_memory option would turn constant_memory off). It keeps the project's rules for a
cell's text (safety.py: cleaned of what a workbook cannot hold; text that looks like a
formula is marked as text with a quote prefix, and is never a formula: every text goes
through write_string, and XlsxWriter's own guessing of formulas, numbers and links is off)
and what makes a table readable (a bold header row, frozen in view, with a filter; set
column widths; wrapped text; a document title). Numbers are written as numbers, None as a
blank.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter

from .safety import cell_text, looks_like_formula

OPTIONS = {
    "constant_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}
WRAPPED = {"text_wrap": True, "valign": "top"}


def _write(sheet, row: int, column: int, value, plain, quoted) -> None:
    """One cell: blank for None or "", a number as a number, anything else as text (quoted
    if it looks like a formula)."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    if isinstance(value, int | float):
        sheet.write_number(row, column, value)
        return
    text = cell_text(str(value))
    sheet.write_string(row, column, text, quoted if looks_like_formula(text) else plain)


def table_workbook(
    title: str, sheet: str, columns: list[tuple[str, int]], rows: Iterable[tuple]
) -> bytes:
    """An .xlsx of one sheet: `columns` are (heading, width in characters); each row has a
    value per column."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, OPTIONS) as book:
        book.set_properties({"title": cell_text(title)})
        header = book.add_format({"bold": True, **WRAPPED})
        header_quoted = book.add_format({"bold": True, "quote_prefix": True, **WRAPPED})
        text = book.add_format(WRAPPED)
        text_quoted = book.add_format({"quote_prefix": True, **WRAPPED})
        table = book.add_worksheet(sheet)
        for number, (heading, width) in enumerate(columns):
            table.set_column(number, number, width)
            _write(table, 0, number, heading, header, header_quoted)
        table.freeze_panes(1, 0)
        last = 0
        for last, row in enumerate(rows, start=1):
            if len(row) != len(columns):
                raise ValueError(f"Row {last + 1} has {len(row)} values, not {len(columns)}.")
            for number, value in enumerate(row):
                _write(table, last, number, value, text, text_quoted)
        table.autofilter(0, 0, last, len(columns) - 1)
    return buffer.getvalue()
