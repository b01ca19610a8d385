"""How the pack's workbook writes a cell, a table and a page (packs.workbook writes the
sheets with these).

Every value goes through spreadsheets.safety.set_cell: text loses the characters a
workbook cannot hold and is never run as a formula. A RAG cell holds the word, filled with
the product's RAG colour (dashboard.charts.style) in a text colour that reads on it (white
on red, green, blue and grey; black on amber): colour is never alone. A figure is a number
showing the decimals it was entered with, in its unit's format (a percentage as an Excel
percentage: 93.5% is the number 0.935); anything else (the public version's "c", "No
data") is written as text.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableStyleInfo

from dashboard.charts.style import RAG_COLOURS
from improvement.rules import RAG, as_rag
from measures.rules import Unit
from spreadsheets.safety import cell_text, figure_format, set_cell

SHEET_NAME_LIMIT = 31  # Excel's
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED_SHEET_NAMES = {"history"}  # Excel keeps it for its own use
DATE_FORMAT = "d mmm yyyy"
WRAP_OVER = 40  # characters: longer text wraps in its cell

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
SUBTITLE = Font(bold=True, size=12)
LINK = Font(color="1D70B8", underline="single")
WRAPPED = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_FILL = PatternFill("solid", fgColor="F3F2F1")  # GOV.UK light grey: black text reads
HEADER_BORDER = Border(bottom=Side(style="medium", color="0B0C0C"))
_WHITE, _BLACK = "FFFFFF", "0B0C0C"
RAG_FILLS = {
    rag: PatternFill("solid", fgColor=colour.lstrip("#").upper())
    for rag, colour in RAG_COLOURS.items()
}
RAG_FONTS = {
    rag: Font(bold=True, color=_BLACK if rag is RAG.AMBER else _WHITE) for rag in RAG_COLOURS
}


@dataclass(frozen=True)
class Figure:
    """A figure of a measure in its unit: written as a number in the unit's format."""

    value: object  # Decimal, int, float, text ("c") or None
    unit: str


@dataclass(frozen=True)
class Link:
    """Text linking to the top of another sheet of the workbook."""

    text: str
    sheet: str


@dataclass(frozen=True)
class Rag:
    """A RAG cell: the word, in its colour; `words` when there is no RAG ("Not set")."""

    value: object  # RAG or its stored value, or "" for none
    words: str = "Not set"


def figure_value(value, unit):
    """(cell value, number format) of a figure: see the module's docstring."""
    if value is None or isinstance(value, str):
        return value, None
    if isinstance(value, float | int) and not isinstance(value, bool):
        value = Decimal(str(value))
    if not isinstance(value, Decimal):
        return str(value), None
    places = figure_format(value)
    if unit == Unit.PERCENT:
        return value / 100, places + "%"
    if unit in (Unit.COUNT, Unit.RATE):
        return value, "#,##" + places
    return value, places


def sheet_names(names, taken=()):
    """Sheet names for `names` that Excel accepts, in the same order: no character it
    refuses, at most 31 characters, not blank, and unique (as Excel compares them: without
    regard to case) among themselves and the `taken` names. A shortened or repeated name
    gets a number: "Children in care and care leav (2)"."""
    used = {name.casefold() for name in taken}
    result = []
    for number, name in enumerate(names, start=1):
        base = _NOT_IN_SHEET_NAMES.sub("-", cell_text(str(name))).strip().strip("'").strip()
        if not base or base.casefold() in _RESERVED_SHEET_NAMES:
            base = f"{base} {number}".strip() if base else f"Area {number}"
        candidate, copy = _fit(base, ""), 1
        while candidate.casefold() in used:
            copy += 1
            candidate = _fit(base, f" ({copy})")
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def _fit(base, suffix):
    return base[: SHEET_NAME_LIMIT - len(suffix)].rstrip().rstrip("'") + suffix


def sheet_reference(name):
    """The top of a sheet as a link's location: 'Early Help'!A1 (quotes doubled)."""
    return "'{}'!A1".format(name.replace("'", "''"))


class SheetWriter:
    """Writes one sheet row by row: titles, lines of text, and tables with a real header
    row (bold, shaded, ruled), no merged cells and no blank rows inside them."""

    def __init__(self, ws, widths):
        self.ws = ws
        self.row = 0
        self.table_start = self.table_width = 0
        self.columns = len(widths)
        for column, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(column)].width = width

    def title(self, text, font=TITLE):
        self.row += 1
        cell = set_cell(self.ws.cell(row=self.row, column=1), text)
        cell.font = font
        return self.row

    def line(self, *values):
        """A row of values (label and value pairs, a sentence)."""
        self.row += 1
        for column, value in enumerate(values, start=1):
            self.put(column, value)
        return self.row

    def blank(self):
        self.row += 1

    def header(self, headers):
        """The table's header row: its row number (frozen and printed on every page)."""
        self.row += 1
        for column, text in enumerate(headers, start=1):
            cell = set_cell(self.ws.cell(row=self.row, column=column), text)
            cell.font, cell.fill, cell.border, cell.alignment = (
                BOLD,
                HEADER_FILL,
                HEADER_BORDER,
                WRAPPED,
            )
        self.table_start, self.table_width = self.row, len(headers)
        return self.row

    def end_table(self, name):
        """Make the rows from the last header row an Excel table named `name` (unique in
        the workbook): a screen reader announces each cell's column heading, and each
        column gets a filter. A table needs a row below its header; the callers write one
        ("This area has no measures.") when there is nothing else."""
        if self.row <= self.table_start:
            return
        last = get_column_letter(self.table_width)
        table = Table(displayName=name, ref=f"A{self.table_start}:{last}{self.row}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
        self.ws.add_table(table)

    def rows(self, rows):
        for values in rows:
            self.line(*values)

    def put(self, column, value):
        """One value in the current row (None leaves the cell empty)."""
        if value is None:
            return None
        cell = self.ws.cell(row=self.row, column=column)
        if isinstance(value, Rag):
            rag = as_rag(value.value)
            set_cell(cell, rag.label if rag else value.words)
            if rag in RAG_FILLS:
                cell.fill, cell.font = RAG_FILLS[rag], RAG_FONTS[rag]
            cell.alignment = TOP
        elif isinstance(value, Figure):
            number, number_format = figure_value(value.value, value.unit)
            set_cell(cell, number)
            if number_format:
                cell.number_format = number_format
            cell.alignment = TOP
        elif isinstance(value, Link):
            set_cell(cell, value.text)
            cell.hyperlink = Hyperlink(
                ref=cell.coordinate, location=sheet_reference(value.sheet), display=value.text
            )
            cell.font, cell.alignment = LINK, TOP
        elif isinstance(value, date | datetime):
            cell.value = value
            cell.number_format = DATE_FORMAT
            cell.alignment = TOP
        else:
            set_cell(cell, value)
            long_text = isinstance(cell.value, str) and (
                len(cell.value) > WRAP_OVER or "\n" in cell.value
            )
            cell.alignment = WRAPPED if long_text else TOP
        return cell

    def freeze_below(self, header_row, columns=1):
        """Keep the header row (and the first `columns` columns) in view."""
        self.ws.freeze_panes = f"{get_column_letter(columns + 1)}{header_row + 1}"

    def page_setup(self, title_rows):
        """Landscape A4, fitted to the page's width; `title_rows` ("1:3") printed on every
        page; the print area everything written."""
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as it takes
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        if title_rows:
            ws.print_title_rows = title_rows
        ws.print_area = f"A1:{get_column_letter(self.columns)}{max(self.row, 1)}"
