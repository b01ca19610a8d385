"""The interactive plotly figure of the measure page, as a JSON-ready dict for `json_script`
(drawn by static/js/dashboard-charts.js with our own plotly.js)."""

from functools import cache

import plotly.io
from django.utils.html import escape

from improvement.rules import RAG
from measures.rules import Direction, Unit, comparator_year

from .style import (
    ACTUAL_COLOUR,
    BASELINE_COLOUR,
    COMPARATOR_LABELS,
    COMPARATOR_STYLES,
    RAG_COLOURS,
    RAG_SYMBOLS,
    TARGET_COLOUR,
    as_float,
)


def measure_figure(measure, points, benchmarks):
    """The plotly figure (a dict) of a measure's actuals against target and comparators.

    `points` are scorecard MeasureRows, one per period, oldest first; `benchmarks` maps
    kind to the latest Benchmark.
    """
    if not points:
        return {"data": [], "layout": _layout(measure)}
    months = [row.period.month.isoformat() for row in points]
    traces = _target_traces(measure, points, months)
    traces += _reference_traces(measure, benchmarks, months)
    traces.append(
        {
            "type": "scatter",
            "x": months,
            "y": [as_float(row.value) for row in points],
            "name": "Actual",
            "mode": "lines",
            "line": {"color": ACTUAL_COLOUR, "width": 2},
            "connectgaps": False,
            "hoverinfo": "skip",
        }
    )
    traces += _rag_traces(measure, points)
    return {"data": traces, "layout": _layout(measure)}


def _line(x, y, name, colour, width, hover, **line):
    """A line trace; `hover` is each point's hover text (plotly reads it as HTML: escaped)."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "name": escape(name),
        "mode": "lines",
        "line": {"color": colour, "width": width, **line},
        "text": [escape(text) for text in hover],
        "hovertemplate": "%{text}<extra></extra>",
    }


def _labelled(measure, label, values):
    """Hover texts of a line's points: "Target: 79.5%" (the figure as entered), or none."""
    return [f"{label}: {measure.format(v)}" if v is not None else "" for v in values]


def _target_traces(measure, points, months):
    traces = []
    targets = [row.target.value if row.target is not None else None for row in points]
    if any(t is not None for t in targets):
        traces.append(
            _line(
                months,
                [as_float(t) for t in targets],
                "Target",
                TARGET_COLOUR,
                3,
                _labelled(measure, "Target", targets),
                shape="hv",
            )
        )
    uppers = [row.target.upper if row.target is not None else None for row in points]
    if measure.direction == Direction.RANGE and any(u is not None for u in uppers):
        name = "Top of target range"
        traces.append(
            _line(
                months,
                [as_float(u) for u in uppers],
                name,
                TARGET_COLOUR,
                2,
                _labelled(measure, name, uppers),
                shape="hv",
            )
        )
    return traces


def _reference_traces(measure, benchmarks, months):
    """Baseline and comparators: straight lines across the chart."""
    ends = [months[0], months[-1]]
    traces = []
    if measure.baseline is not None:
        name = f"Baseline: {measure.format(measure.baseline)}"
        traces.append(
            _line(
                ends,
                [as_float(measure.baseline)] * 2,
                name,
                BASELINE_COLOUR,
                2,
                [name] * 2,
                dash="dot",
            )
        )
    for kind, (colour, dash) in COMPARATOR_STYLES.items():
        benchmark = benchmarks.get(kind)
        if benchmark is not None:
            when = comparator_year(benchmark.year)
            label = f"{COMPARATOR_LABELS[kind]} ({when}): {measure.format(benchmark.value)}"
            value = as_float(benchmark.value)
            traces.append(_line(ends, [value, value], label, colour, 2, [label] * 2, dash=dash))
    return traces


def _rag_traces(measure, points):
    """The actuals' markers, one trace per RAG so the legend names each shape."""
    traces = []
    for rag in (RAG.GREEN, RAG.AMBER, RAG.RED, RAG.NOT_RATED):
        chosen = [row for row in points if row.value is not None and row.rag == rag]
        if chosen:
            traces.append(
                {
                    "type": "scatter",
                    "x": [row.period.month.isoformat() for row in chosen],
                    "y": [as_float(row.value) for row in chosen],
                    "name": f"Actual: {rag.label}",
                    "mode": "markers",
                    "marker": {
                        "color": RAG_COLOURS[rag],
                        "symbol": RAG_SYMBOLS[rag],
                        "size": 13,
                        "line": {"color": "#0b0c0c", "width": 1},
                    },
                    "hovertext": [_point_text(measure, row) for row in chosen],
                    "hoverinfo": "text",
                }
            )
    return traces


@cache
def _template():
    """plotly's "simple_white" look, as the dict plotly.js takes (read once)."""
    return plotly.io.templates["simple_white"].to_plotly_json()


def _layout(measure):
    return {
        "template": _template(),
        "font": {"family": "GDS Transport, arial, sans-serif", "size": 14, "color": "#0b0c0c"},
        "margin": {"l": 60, "r": 20, "t": 20, "b": 40},
        "height": 420,
        "hovermode": "closest",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        "xaxis": {"type": "date", "tickformat": "%b %Y", "title": None},
        "yaxis": {
            # plotly reads a title as HTML: a unit label is text, so it is escaped
            "title": {"text": escape(measure.unit_label or Unit(measure.unit).label)},
            "ticksuffix": "%" if measure.unit == Unit.PERCENT else "",
        },
    }


def _point_text(measure, row):
    """A marker's hover text: plotly reads it as HTML, so each part is escaped."""
    parts = [f"{row.period.label}: {measure.format(row.value)}", f"RAG: {RAG(row.rag).label}"]
    if row.target is not None:
        parts.append(f"Target: {row.target_text}")  # in words: "above 95%", "95% or more"
    if row.gap_text:
        parts.append(row.gap_text)
    return "<br>".join(escape(part) for part in parts)
