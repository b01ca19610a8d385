"""The numbers behind the charts of a measure over time; the markup is in templates.

- `measure_figure` (plotly_figure.py): the interactive plotly figure of the measure page, as a
  JSON-ready dict for `json_script` (drawn by static/js/dashboard-charts.js with our own
  plotly.js).
- `sparkline` (sparkline.py): the geometry of a small trend line for scorecard tables (no JS,
  prints): templates/jinja2/charts/sparkline.html draws it.
- `printed_chart` (printed.py): the geometry, legend and table of a printable chart for the
  board pack: templates/jinja2/charts/printed.html draws it.
- spc_layers.py: the SPC layers both draw (mean, process limits, special causes, rebases and
  trajectories), and `table_months`, the mean, limits and reading of each month for a table.
- style.py: the colours, shapes and short values they share.

Every RAG has its own marker shape and its word, never colour alone. Nothing here touches
the database: views and template tags pass the data in.
"""

from .plotly_figure import measure_figure
from .printed import nice_ticks, printed_chart
from .sparkline import sparkline
from .spc_layers import table_months
from .style import (
    ACTUAL_COLOUR,
    BASELINE_COLOUR,
    COMPARATOR_LABELS,
    COMPARATOR_STYLES,
    RAG_COLOURS,
    RAG_SYMBOLS,
    TARGET_COLOUR,
    short_value,
    unit_note,
)

__all__ = [
    "ACTUAL_COLOUR",
    "BASELINE_COLOUR",
    "COMPARATOR_LABELS",
    "COMPARATOR_STYLES",
    "RAG_COLOURS",
    "RAG_SYMBOLS",
    "TARGET_COLOUR",
    "measure_figure",
    "nice_ticks",
    "printed_chart",
    "short_value",
    "sparkline",
    "table_months",
    "unit_note",
]
