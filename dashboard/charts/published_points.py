"""Published annual figures on the measure page's chart: the council's, its statistical
neighbours' mean and England's, each a marker of its own shape on the last month its year
covers (comparators.periods), labelled as published annual figures and the year they cover.
Only years ending within the chart's months are drawn; the table below lists every year."""

import datetime

from django.utils.html import escape

from comparators.periods import year_ends_on, year_type_words
from measures import published

from .style import COMPARATOR_STYLES, as_float

# (label, Comparison attribute, marker shape, colour): shapes differ, never colour alone
SERIES = (
    ("published", "value", "star-diamond", "#0b0c0c"),
    ("SN mean", "sn_mean", "x", COMPARATOR_STYLES["sn"][0]),
    ("England", "england_value", "star", COMPARATOR_STYLES["national"][0]),
)


def published_traces(measure, comparisons, first: datetime.date, last: datetime.date):
    """Marker traces of the published years within [first, last] (months of the chart)."""
    indicator = measure.indicator
    year_type = indicator.year_type if indicator else ""
    placed = []
    for comparison in comparisons:
        ends = year_ends_on(year_type, comparison.year_end)
        if ends is not None and first <= ends.replace(day=1) <= last:
            placed.append((ends.replace(day=1).isoformat(), comparison))
    traces = []
    for label, attr, symbol, colour in SERIES:
        points = [(x, c) for x, c in placed if getattr(c, attr) is not None]
        if not points:
            continue
        name = points[0][1].la_name if attr == "value" else label
        traces.append(
            {
                "type": "scatter",
                "x": [x for x, _ in points],
                "y": [as_float(getattr(c, attr)) for _, c in points],
                "name": escape(f"Published annual figure: {name}"),
                "mode": "markers",
                "marker": {"symbol": symbol, "size": 14, "color": colour, "line": {"width": 1}},
                "hovertext": [escape(_hover(measure, c, attr, name, year_type)) for _, c in points],
                "hoverinfo": "text",
            }
        )
    return traces


def _hover(measure, comparison, attr, name, year_type):
    value = getattr(comparison, attr)
    text = (
        published.worked_out(measure.unit, value, comparison.decimal_places)
        if attr == "sn_mean"
        else published.as_published(measure.unit, value)
    )
    return (
        f"{name}, published annual figure for {year_type_words(year_type, comparison.year)}: {text}"
    )
