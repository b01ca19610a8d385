"""The one rule for text written into a workbook or CSV: it stays the text it was.

- Characters a workbook cannot hold are taken out: Word's line and page breaks (\\x0b,
  \\x0c) become new lines; other control characters (\\x00-\\x08, \\x0e-\\x1f) and
  characters XML refuses are dropped. openpyxl refuses to write them and Excel calls the
  file damaged, so without this one pasted line break fails the whole download.
- Text starting with = + - @ (or a tab or carriage return, which Excel strips first) would
  be read as a formula; it is written as text instead.
- A figure is written as a number showing the decimals it has (measures.rules).
"""

import re

from measures.rules import decimal_places_of

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32_767  # the most characters an Excel cell holds
_BREAKS = re.compile("[\x0b\x0c]")
_REFUSED = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def cell_text(value):
    """Any value made safe for a cell: text cleaned of what a workbook cannot hold (see
    above); anything else as it is."""
    if not isinstance(value, str):
        return value
    return _REFUSED.sub("", _BREAKS.sub("\n", value))[:EXCEL_CELL_LIMIT]


def looks_like_formula(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def keep_as_text(cell):
    """Mark an openpyxl cell holding formula-looking text as plain text."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def set_cell(cell, value):
    """Write any value into an openpyxl cell (normal or write-only) so that Excel shows
    exactly it: text made safe (cell_text) and never run as a formula."""
    cell.value = cell_text(value)
    return keep_as_text(cell)


def csv_safe(value):
    """A CSV value Excel shows as text: cleaned (cell_text), and formula-looking text gets a
    leading apostrophe."""
    value = cell_text(value)
    return "'" + value if looks_like_formula(value) else value


def figure_format(value) -> str:
    """The number format that shows a figure as entered: "0" for 80, "0.0" for 79.5,
    "0.00" for 26.25 (never padded to more decimals than it has)."""
    places = decimal_places_of(value)
    return "0." + "0" * places if places else "0"
