"""The one rule for text written into a workbook or CSV: never let Excel run it.

Text starting with = + - @ (or a tab or carriage return, which Excel strips first) would
be read as a formula; it is written as text instead.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def keep_as_text(cell):
    """Mark an openpyxl cell holding formula-looking text as plain text."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def csv_safe(value):
    """A CSV value Excel shows as text: formula-looking text gets a leading apostrophe."""
    return "'" + value if looks_like_formula(value) else value
