"""The interactive plotly figure of the measure page, as a JSON-ready dict for `json_script`
(drawn by static/js/dashboard-charts.js with our own plotly.js).

Beside the figures, their RAG and the target, it draws the SPC chart as "Making Data Count"
does: the mean (a solid line) and the process limits (dashed) of each stretch between rebases,
the normal range between the limits lightly shaded, special-cause months ringed by a shape and
a letter of their kind, a trajectory to a target, and each rebase as a labelled break.
"""

from functools import cache

import plotly.io
from django.utils.html import escape

from improvement.rules import RAG
from measures.rules import Direction, Unit, comparator_year
from measures.trajectory import is_trajectory

from . import spc_layers
from .published_points import published_traces
from .spc_layers import SPECIAL_COLOURS, SPECIAL_LETTERS, SPECIAL_NAMES
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

# The ring drawn round a special-cause month: improving points the way it moved (up or
# down), concerning is a square, a special cause with no better direction a hexagon.
SPECIAL_SYMBOLS = {
    ("improvement", True): "triangle-up-open",
    ("improvement", False): "triangle-down-open",
    ("concern", True): "square-open",
    ("concern", False): "square-open",
    ("neutral", True): "hexagon-open",
    ("neutral", False): "hexagon-open",
}


def measure_figure(measure, points, benchmarks, reading=None, rebases=(), published=()):
    """The plotly figure (a dict) of a measure's actuals against target and comparators, with
    its SPC chart.

    `points` are scorecard MeasureRows, one per period, oldest first; `benchmarks` maps
    kind to the latest Benchmark; `reading` the SPC reading (measures.spc_words.Reading) of
    the same months, `rebases` the measure's Rebases among them; `published` the published
    years of its national indicator (comparators Comparisons), drawn where they fall.
    """
    if not points:
        return {"data": [], "layout": _layout(measure)}
    months = [row.period.month.isoformat() for row in points]
    layers = spc_layers.layers(reading, [row.period.month for row in points])
    traces = _spc_traces(measure, layers, months)
    traces += _target_traces(measure, points, months)
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
    traces += _rag_traces(measure, points, layers.months)
    traces += _special_traces(measure, points, layers)
    if published:
        first, last = points[0].period.month, points[-1].period.month
        traces += published_traces(measure, published, first, last)
    layout = _layout(measure)
    layout["annotations"] += _special_labels(points, layers)
    _add_rebases(layout, layers, points, rebases)
    return {"data": traces, "layout": layout}


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
    """The target as a stepped line, and each trajectory to a target as a straight one."""
    traces = []
    targets = [
        row.target.value if row.target is not None and not is_trajectory(row.target) else None
        for row in points
    ]
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
    for trajectory in spc_layers.trajectories(measure, [row.target for row in points]):
        traces.append(
            _line(
                [months[i] for i in trajectory.indexes],
                [as_float(v) for v in trajectory.line],
                trajectory.name,
                spc_layers.TRAJECTORY_COLOUR,
                2,
                _labelled(measure, "Trajectory", trajectory.values),
                dash="dash",
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


def _rag_traces(measure, points, spc_months):
    """The actuals' markers, one trace per RAG so the legend names each shape."""
    traces = []
    for rag in (RAG.GREEN, RAG.AMBER, RAG.RED, RAG.NOT_RATED):
        chosen = [
            (row, spc)
            for row, spc in zip(points, spc_months, strict=True)
            if row.value is not None and row.rag == rag
        ]
        if chosen:
            traces.append(
                {
                    "type": "scatter",
                    "x": [row.period.month.isoformat() for row, _ in chosen],
                    "y": [as_float(row.value) for row, _ in chosen],
                    "name": f"Actual: {rag.label}",
                    "mode": "markers",
                    "marker": {
                        "color": RAG_COLOURS[rag],
                        "symbol": RAG_SYMBOLS[rag],
                        "size": 13,
                        "line": {"color": "#0b0c0c", "width": 1},
                    },
                    "hovertext": [_point_text(measure, row, spc) for row, spc in chosen],
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
        "shapes": [],
        "annotations": [],
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        "xaxis": {"type": "date", "tickformat": "%b %Y", "title": None},
        "yaxis": {
            # plotly reads a title as HTML: a unit label is text, so it is escaped
            "title": {"text": escape(measure.unit_label or Unit(measure.unit).label)},
            "ticksuffix": "%" if measure.unit == Unit.PERCENT else "",
        },
    }


def _point_text(measure, row, spc=None):
    """A marker's hover text: plotly reads it as HTML, so each part is escaped."""
    parts = [f"{row.period.label}: {measure.format(row.value)}", f"RAG: {RAG(row.rag).label}"]
    if row.target is not None:
        parts.append(f"Target: {row.target_text}")  # in words: "above 95%", "95% or more"
    if row.gap_text:
        parts.append(row.gap_text)
    if spc is not None:
        parts.append(f"Variation: {spc.words}")
    return "<br>".join(escape(part) for part in parts)


# The SPC chart ----------------------------------------------------------------------------


def _spc_traces(measure, layers, months):
    """The normal range (shaded), the process limits (dashed) and the mean (solid) of each
    stretch between rebases; a None between stretches breaks the lines there."""
    spans = layers.spans
    if not spans:
        return []
    traces = []
    bounded = [s for s in spans if s.lower is not None and s.upper is not None]
    if bounded:
        x, y = [], []
        for span in bounded:  # one closed shape per stretch: along the top, back along the foot
            stretch = months[span.first : span.last + 1]
            x += [*stretch, *reversed(stretch), stretch[0], None]
            y += [span.upper] * len(stretch) + [span.lower] * len(stretch) + [span.upper, None]
        traces.append(
            {
                "type": "scatter",
                "x": x[:-1],
                "y": y[:-1],
                "name": "Normal range (between the process limits)",
                "mode": "none",
                "fill": "toself",
                "fillcolor": spc_layers.BAND_COLOUR,
                "hoverinfo": "skip",
            }
        )
    for name, attr, dash, width in (
        ("Upper process limit", "upper", "dash", 1.5),
        ("Lower process limit", "lower", "dash", 1.5),
        ("Mean", "mean", "solid", 2),
    ):
        x, y = _flat_lines(spans, months, attr)
        if any(v is not None for v in y):
            hover = _labelled_spc(measure, name, y)
            colour = spc_layers.MEAN_COLOUR if attr == "mean" else spc_layers.LIMIT_COLOUR
            traces.append(_line(x, y, name, colour, width, hover, dash=dash))
    return traces


def _flat_lines(spans, months, attr):
    """x and y of a flat line across each stretch at its mean or limit, broken between."""
    x, y = [], []
    for span in spans:
        if x:
            x.append(months[span.first])
            y.append(None)
        value = getattr(span, attr)
        x += months[span.first : span.last + 1]
        y += [value] * (span.last - span.first + 1)
    return x, y


def _labelled_spc(measure, label, values):
    return [f"{label}: {spc_layers.spc_value(measure, v)}" if v is not None else "" for v in values]


def _special_traces(measure, points, layers):
    """A ring round each special-cause month, one trace by kind: its shape (and its letter,
    _special_labels) say the kind, its colour only repeats it."""
    traces = []
    specials = layers.specials
    for kind in ("improvement", "concern", "neutral"):
        chosen = [(i, m) for i, m in specials if m.special == kind]
        if not chosen:
            continue
        traces.append(
            {
                "type": "scatter",
                "x": [points[i].period.month.isoformat() for i, _ in chosen],
                "y": [as_float(points[i].value) for i, _ in chosen],
                "name": f"{SPECIAL_NAMES[kind]} ({SPECIAL_LETTERS[kind]})",
                "mode": "markers",
                "marker": {
                    "color": SPECIAL_COLOURS[kind],
                    "symbol": [SPECIAL_SYMBOLS[kind, m.high] for _, m in chosen],
                    "size": 24,
                    "line": {"color": SPECIAL_COLOURS[kind], "width": 2.5},
                },
                "hovertext": [
                    escape(f"{points[i].period.label}: {measure.format(points[i].value)}")
                    + "<br>"
                    + escape(m.words)
                    for i, m in chosen
                ],
                "hoverinfo": "text",
            }
        )
    return traces


def _special_labels(points, layers):
    """The letter of each special-cause month's kind (I, C or S), boxed, above a month that is
    high and below one that is low (plotly layout annotations)."""
    return [
        {
            "xref": "x",
            "yref": "y",
            "x": points[i].period.month.isoformat(),
            "y": as_float(points[i].value),
            "yshift": 22 if m.high else -22,
            "text": SPECIAL_LETTERS[m.special],
            "showarrow": False,
            "font": {"color": SPECIAL_COLOURS[m.special], "size": 13, "weight": "bold"},
            "bgcolor": "#ffffff",
            "bordercolor": SPECIAL_COLOURS[m.special],
            "borderwidth": 1,
            "borderpad": 1,
            "width": 14,
        }
        for i, m in layers.specials
    ]


def _add_rebases(layout, layers, points, rebases):
    """A dashed upright line at the first month of each new process, labelled with why."""
    reasons = {r.period.month: r.reason for r in rebases}
    count = len(points)
    new = [span for span in layers.spans if span.new_process]
    for number, span in enumerate(new):
        month = points[span.first].period.month
        when = month.isoformat()
        right = span.first > count / 2  # label to the left of the line on the right half
        layout["shapes"].append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": when,
                "x1": when,
                "y0": 0,
                "y1": 1,
                "line": {"color": spc_layers.REBASE_COLOUR, "width": 2, "dash": "dash"},
            }
        )
        layout["annotations"].append(
            {
                "xref": "x",
                "yref": "paper",
                "x": when,
                "y": 1 + 0.06 * number,
                "yanchor": "bottom",
                "xanchor": "right" if right else "left",
                "showarrow": False,
                "text": escape(spc_layers.rebase_words(month, reasons.get(month, ""))),
                "font": {"size": 13},
            }
        )
    if new:
        layout["margin"]["t"] = 20 + 26 * len(new)
