"""The numbers behind the charts of a measure over time; the markup is in templates.

- `measure_figure`: the interactive plotly figure of the measure page, as a JSON-ready
  dict for `json_script` (drawn by static/js/dashboard-charts.js with our own plotly.js).
- `sparkline`: the geometry of a small trend line for scorecard tables (no JS, prints):
  templates/jinja2/charts/sparkline.html draws it.
- `printed_chart`: the geometry, legend and table of a printable chart for the board pack:
  templates/jinja2/charts/printed.html draws it.

Every RAG has its own marker shape and its word, never colour alone. Nothing here touches
the database: views and template tags pass the data in.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

import plotly.io
from django.utils.html import escape

from improvement.rules import RAG
from measures.rules import Direction, Unit, comparator_year, format_value
from measures.scorecard import measure_targets

# GOV.UK colours; every RAG also has its own marker shape and word, never colour alone.
RAG_COLOURS = {
    RAG.GREEN: "#00703c",
    RAG.AMBER: "#f47738",
    RAG.RED: "#d4351c",
    RAG.BLUE: "#1d70b8",
    RAG.NO_DATA: "#505a5f",
    RAG.NOT_RATED: "#505a5f",
}
RAG_SYMBOLS = {
    RAG.GREEN: "circle",
    RAG.AMBER: "diamond",
    RAG.RED: "triangle-down",
    RAG.NOT_RATED: "square",
}
TARGET_COLOUR = "#1d70b8"
BASELINE_COLOUR = "#505a5f"
ACTUAL_COLOUR = "#0b0c0c"
COMPARATOR_STYLES = {
    "sn": ("#4c2c92", "dash"),
    "regional": ("#28a197", "dashdot"),
    "national": ("#b58840", "longdash"),
}
COMPARATOR_LABELS = {"sn": "Statistical neighbours", "regional": "Regional", "national": "England"}


def _float(value):
    return None if value is None else float(value)


def short_value(measure, value):
    """A value for a crowded chart or table: "93%", "14.1" (days shown once in the heading)."""
    if value is None:
        return "–"
    unit = Unit.RATIO if measure.unit == Unit.DAYS else measure.unit
    return format_value(value, unit, measure.decimal_places)


def unit_note(measure):
    """What the short values count, for a table's row headings: "(days)", "" for %."""
    if measure.unit == Unit.DAYS:
        return "days"
    if measure.unit_label and measure.unit != Unit.PERCENT:
        return measure.unit_label
    return ""


# The interactive chart --------------------------------------------------------------------


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
            "y": [_float(row.value) for row in points],
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
                [_float(t) for t in targets],
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
                [_float(u) for u in uppers],
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
                [_float(measure.baseline)] * 2,
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
            value = _float(benchmark.value)
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
                    "y": [_float(row.value) for row in chosen],
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


# Sparklines -------------------------------------------------------------------------------


def _points_attr(run):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in run)


def _segments(coords):
    """Split [(x, y|None)] into runs without gaps."""
    runs, run = [], []
    for x, y in coords:
        if y is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append((x, y))
    if run:
        runs.append(run)
    return runs


def sparkline(figures, width=110, height=28):
    """A tiny trend line of a scorecard row's figures (MeasureRow.figures), labelled with its
    numbers: {"width", "height", "label" (what a screen reader hears), "runs" ("x,y x,y" of
    each run without gaps), "dot" ((x, y) of the latest value, or None)}."""
    values = [value for _, value, _ in figures]
    words = [text or "no data" for _, _, text in figures]
    line = {
        "width": width,
        "height": height,
        "label": "Trend: " + (", ".join(words) if words else "no data"),
        "runs": [],
        "dot": None,
    }
    known = [float(v) for v in values if v is not None]
    if not known:
        return line
    low, high = min(known), max(known)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.05
    low, high = low - pad, high + pad
    step = (width - 6) / max(len(values) - 1, 1)
    coords = [
        (
            3 + i * step,
            None if v is None else height - 3 - (float(v) - low) / (high - low) * (height - 6),
        )
        for i, v in enumerate(values)
    ]
    line["runs"] = [_points_attr(run) for run in _segments(coords)]
    x, y = next((x, y) for x, y in reversed(coords) if y is not None)
    line["dot"] = (f"{x:.1f}", f"{y:.1f}")
    return line


# The printed chart ------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 18, 30
INSET = 14  # keeps the first and last month labels clear of the axis
MARKER_SIZE = 6


def nice_ticks(low, high, count=4, min_step=None):
    """Round gridline values spanning low..high, e.g. 40, 80, 120."""
    span = high - low
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if min_step is not None:
        step = max(step, min_step)
    first = math.floor(low / step) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _tick_places(ticks):
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    places = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return places + (1 if step * 10**places % 1 else 0)  # 2.5, 0.25


@dataclass
class _Point:
    """One month of a printed chart, worked out once for the chart, its label and its table."""

    month: object
    value: Decimal | None
    target: Decimal | None
    rag: RAG
    text: str  # the value in words, for the chart's label ("" for none)
    short: str  # the value for a crowded chart or table
    target_short: str


def _points(measure, figures):
    targets = measure_targets(measure)
    target_texts = {}  # a target usually holds for months: each written once
    points = []
    for period, value, text in figures:
        target = measure.target_for(period.month, targets)
        target_value = target.value if target is not None else None
        if target_value not in target_texts:
            target_texts[target_value] = short_value(measure, target_value)
        short = short_value(measure, value) if measure.unit == Unit.DAYS or not text else text
        rag = RAG(measure.rag_for(value, target))
        points.append(
            _Point(period.month, value, target_value, rag, text, short, target_texts[target_value])
        )
    return points


def printed_chart(row):
    """The printable chart of a scorecard row over its history, as the template draws it:
    geometry, legend, the words a screen reader hears, and the table of its figures."""
    measure = row.measure
    points = _points(measure, row.figures)
    scale = _Scale(measure, points, row.comparators)
    unit = unit_note(measure)
    return {
        "name": measure.name,
        "rag": row.rag,
        "label": _chart_label(measure, points),
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "tick_x": LEFT - 6,
        "month_y": HEIGHT - 10,
        "grid_path": scale.grid_path(),
        "tick_labels": scale.tick_labels(),
        "months": scale.month_labels(points),
        "target_path": scale.target_path(points),
        "baseline_y": scale.y_text(measure.baseline) if measure.baseline is not None else "",
        "comparators": [
            (COMPARATOR_STYLES[b.kind][0], scale.y_text(b.value)) for b in row.comparators
        ],
        "runs": scale.runs(points),
        "markers": scale.markers(points),
        "legend": _legend(measure, row.comparators),
        "unit_heading": unit[0].upper() + unit[1:] if unit else "Period",
        "headings": _month_names(tuple(p.month for p in points))[0],
        "actuals": [p.short for p in points],
        "targets": [p.target_short for p in points],
        "rags": [p.rag.label if p.value is not None else "No data" for p in points],
    }


def _legend(measure, comparators):
    """(kind, words) of the baseline and comparators under a printed chart."""
    legend = []
    if measure.baseline is not None:
        legend.append(("baseline", f"Baseline {measure.format(measure.baseline)}"))
    legend += [
        (
            b.kind,
            f"{COMPARATOR_LABELS[b.kind]} ({comparator_year(b.year)}) {measure.format(b.value)}",
        )
        for b in comparators
    ]
    return legend


@lru_cache(maxsize=64)
def _month_names(months):
    """("Jul 20", ...) for the chart's foot and table, ("Jul 2020", ...) for its label: the
    same months for every chart of a board pack, named once."""
    return tuple(f"{m:%b %y}" for m in months), tuple(f"{m:%b %Y}" for m in months)


def _chart_label(measure, points):
    names = _month_names(tuple(p.month for p in points))[1]
    readings = [
        f"{name} " + (f"{p.text} ({p.rag.label})" if p.value is not None else "no data")
        for name, p in zip(names, points, strict=True)
    ]
    return f"Chart of {measure.name}: {', '.join(readings)}"


@lru_cache(maxsize=64)
def _x_positions(count):
    """Where each of `count` months falls across a printed chart, and as text: the same for
    every chart of a board pack."""
    plot_w = WIDTH - LEFT - RIGHT
    step = (plot_w - 2 * INSET) / max(count - 1, 1)
    xs = [LEFT + INSET + (i * step if count > 1 else plot_w / 2 - INSET) for i in range(count)]
    return tuple(xs), tuple(f"{x:.1f}" for x in xs)


# A marker's outline from its centre, by RAG: a diamond Amber, a triangle Red, a square for
# the rest (Green is a circle). Relative moves, so only the centre is written per point.
_OUTLINES = {
    RAG.AMBER: (
        0,
        -MARKER_SIZE,
        f"l{MARKER_SIZE},{MARKER_SIZE}l-{MARKER_SIZE},{MARKER_SIZE}l-{MARKER_SIZE},-{MARKER_SIZE}z",
    ),
    RAG.RED: (
        -MARKER_SIZE,
        -MARKER_SIZE + 1,
        f"h{2 * MARKER_SIZE}l-{MARKER_SIZE},{2 * MARKER_SIZE - 1}z",
    ),
}
_SQUARE = (
    -(MARKER_SIZE - 1),
    -(MARKER_SIZE - 1),
    f"h{2 * MARKER_SIZE - 2}v{2 * MARKER_SIZE - 2}h-{2 * MARKER_SIZE - 2}z",
)


class _Scale:
    """Where values and months fall on the printed chart."""

    def __init__(self, measure, points, comparators):
        self.measure = measure
        known = [float(v) for p in points for v in (p.value, p.target) if v is not None]
        if measure.baseline is not None:
            known.append(float(measure.baseline))
        known += [float(b.value) for b in comparators]
        low, high = (min(known), max(known)) if known else (0.0, 1.0)
        if low == high:
            low, high = low - 1, high + 1
        self.ticks = nice_ticks(low, high, min_step=1 if measure.unit == Unit.COUNT else None)
        self.low, self.high = self.ticks[0], self.ticks[-1]
        self.xs, self.x_texts = _x_positions(len(points))

    def y(self, value):
        plot_h = HEIGHT - TOP - BOTTOM
        return TOP + plot_h - (float(value) - self.low) / (self.high - self.low) * plot_h

    def y_text(self, value):
        return f"{self.y(value):.1f}"

    def grid_path(self):
        """The gridlines across the chart at each tick, as one path."""
        return "".join(f"M{LEFT},{self.y(t):.1f}H{WIDTH - RIGHT}" for t in self.ticks)

    def tick_labels(self):
        """(y, label) of each gridline's label, beside the axis."""
        unit = Unit.RATIO if self.measure.unit == Unit.DAYS else self.measure.unit
        places = max(_tick_places(self.ticks), self.measure.decimal_places)
        return [
            (f"{self.y(t) + 4:.1f}", format_value(Decimal(str(t)), unit, places))
            for t in self.ticks
        ]

    def month_labels(self, points):
        """(x, label) of every month, or every other one (and the last) when crowded."""
        n = len(points)
        names = _month_names(tuple(p.month for p in points))[0]
        return [
            (x, name)
            for i, (x, name) in enumerate(zip(self.x_texts, names, strict=True))
            if n <= 12 or i % 2 == 0 or i == n - 1
        ]

    def target_path(self, points):
        """The target as a stepped line, carried to the right edge when it is still in force."""
        path, previous = [], None
        for x, point in zip(self.x_texts, points, strict=True):
            if point.target is None:
                previous = None
                continue
            y = self.y(point.target)
            path.append(f"M{x},{y:.1f}" if previous is None else f"H{x}V{y:.1f}")
            previous = y
        if path and points[-1].target is not None:
            path.append(f"H{WIDTH - RIGHT}")
        return "".join(path)

    def runs(self, points):
        """The actuals as lines ("x,y x,y"), broken where a month has no figure."""
        coords = [
            (x, None if p.value is None else f"{self.y(p.value):.1f}")
            for x, p in zip(self.x_texts, points, strict=True)
        ]
        return [" ".join(f"{x},{y}" for x, y in run) for run in _segments(coords)]

    def markers(self, points):
        """(outline, x, y, colour, label) of each figure: the marker's shape says its RAG (a
        circle, no outline, for Green; a diamond Amber; a triangle Red; a square otherwise)
        and its value is written above it."""
        found = []
        for x, x_text, p in zip(self.xs, self.x_texts, points, strict=True):
            if p.value is None:
                continue
            y = self.y(p.value)
            outline = ""
            if p.rag != RAG.GREEN:
                dx, dy, rest = _OUTLINES.get(p.rag, _SQUARE)
                outline = f"M{x + dx:.1f},{y + dy:.1f}{rest}"
            found.append((outline, x_text, f"{y:.1f}", RAG_COLOURS.get(p.rag, "#505a5f"), p.short))
        return found
