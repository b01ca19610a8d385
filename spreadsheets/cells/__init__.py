"""Read spreadsheet cells the way council officers type them.

Plain functions, no Django and no database: the importers call these on every cell
and turn the warnings into notes on the record and lines in the import report.
Nothing here raises on a cell's contents; what cannot be read comes back as
``None`` with the wording kept and a warning saying why. One module per kind of
value: dates, numbers, ratings, words (statuses, units, directions, frequencies), and the
header rows that say what a column holds. ``read_field`` (fields.py) is the one entry
point the readers call for a typed cell; its docstring states the policy for what
cannot be read.
"""

from .dates import DateCell, parse_date_cell, parse_period_heading
from .fields import FieldRead, figure_values, read_field
from .headers import (
    ACTION_FIELDS,
    ACTUAL_FIELDS,
    FIGURE_FIELDS,
    MEASURE_FIELDS,
    find_header_row,
    is_section_row,
    match_headers,
    month_columns,
    normalise_header,
)
from .numbers import NumberCell, parse_number_cell
from .ratings import parse_rag_cell
from .text import cell_text, collapse, norm, plain_text, same, short

__all__ = [
    "ACTION_FIELDS",
    "ACTUAL_FIELDS",
    "FIGURE_FIELDS",
    "MEASURE_FIELDS",
    "DateCell",
    "FieldRead",
    "NumberCell",
    "cell_text",
    "collapse",
    "figure_values",
    "find_header_row",
    "is_section_row",
    "match_headers",
    "month_columns",
    "norm",
    "normalise_header",
    "parse_date_cell",
    "parse_number_cell",
    "parse_period_heading",
    "parse_rag_cell",
    "plain_text",
    "read_field",
    "same",
    "short",
]
