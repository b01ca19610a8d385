"""Council layouts: sheets laid out the council's way, one row per action or per measure.

``propose_mappings`` (mapping.py) finds each sheet's header row (below any title rows)
and matches its columns to our fields by name; the admin may change that mapping before
anything is written. ``CouncilImporter`` (importer.py) then reads the rows: blank
grouping cells (area, recommendation, outcome) take the value from above, merged cells
arrive already filled by the reader, a row with one filled cell is a section heading,
and cells that cannot be read are kept as text on the record and reported. The sheets
of actions, of measures and of monthly figures are read by their own classes
(actions.py, measures.py, figures.py).
"""

from .actions import ActionSheet
from .figures import FigureSheet
from .importer import CouncilImporter
from .mapping import (
    ACTIONS,
    FIELD_LABELS,
    FIGURES,
    IGNORE,
    KIND_LABELS,
    MEASURES,
    SheetMapping,
    _looks_like_names,
    field_choices,
    propose_mappings,
    remap,
)
from .measures import MeasureSheet
from .wording import header_month, is_timeframe, month_only_text, split_recommendation

__all__ = [
    "ACTIONS",
    "FIELD_LABELS",
    "FIGURES",
    "IGNORE",
    "KIND_LABELS",
    "MEASURES",
    "ActionSheet",
    "CouncilImporter",
    "FigureSheet",
    "MeasureSheet",
    "SheetMapping",
    "_looks_like_names",
    "field_choices",
    "header_month",
    "is_timeframe",
    "month_only_text",
    "propose_mappings",
    "remap",
    "split_recommendation",
]
