"""The printable chart of a scorecard row for the board pack: its geometry, legend and table,
as templates/jinja2/charts/printed.html draws it. A county's board pack draws 400 of these:
nothing here reads the database, and what is the same for every chart is worked out once."""

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace

from improvement.rules import RAG
from measures.rules import Unit, comparator_year, format_value
from measures.scorecard import measure_targets
from measures.trajectory import is_trajectory

from . import printed_spc, spc_layers
from .style import (
    COMPARATOR_LABELS,
    COMPARATOR_STYLES,
    RAG_COLOURS,
    runs_without_gaps,
    short_value,
    unit_note,
)

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
    on_trajectory: bool  # judged against a trajectory's value (drawn as its own line)


def _points(measure, figures):
    """[_Point] of each month, and what each month is judged against (Target, trajectory
    point or None)."""
    targets = measure_targets(measure)
    target_texts = {}  # a target usually holds for months: each written once
    points, judged_against = [], []
    for period, value, text in figures:
        target = measure.target_for(period.month, targets)
        judged_against.append(target)
        target_value = target.value if target is not None else None
        if target_value not in target_texts:
            target_texts[target_value] = short_value(measure, target_value)
        short = short_value(measure, value) if measure.unit == Unit.DAYS or not text else text
        rag = RAG(measure.rag_for(value, target))
        points.append(
            _Point(
                period.month,
                value,
                target_value,
                rag,
                text,
                short,
                target_texts[target_value],
                is_trajectory(target),
            )
        )
    return points, judged_against


def printed_chart(row):
    """The printable chart of a scorecard row over its history, as the template draws it:
    geometry, legend, the words a screen reader hears, and the table of its figures (a
    namespace)."""
    measure = row.measure
    points, judged_against = _points(measure, row.figures)
    layers = spc_layers.layers(row.reading, [p.month for p in points])
    trajectories = spc_layers.trajectories(measure, judged_against)
    also = printed_spc.limits_known(layers) + [float(v) for t in trajectories for v in t.line]
    scale = _Scale(measure, points, row.comparators, also)
    unit = unit_note(measure)
    names = _month_names(tuple(p.month for p in points))
    spc = printed_spc.drawing(measure, scale, points, layers, names[1])
    # attributes, not a dict's keys: Jinja2 looks a name up as an attribute first, and a
    # failed lookup (an exception) for each of 60 names in 400 charts costs ~20 ms
    return SimpleNamespace(
        **{
            "name": measure.name,
            "rag": row.rag,
            "label": _chart_label(measure, points, names[1], spc["spc_label"]),
            "width": WIDTH,
            "height": HEIGHT,
            "left": LEFT,
            "right": WIDTH - RIGHT,
            "top": TOP,
            "bottom": HEIGHT - BOTTOM,
            "tick_x": LEFT - 6,
            "month_y": HEIGHT - 10,
            "grid_path": scale.grid_path(),
            "tick_labels": scale.tick_labels(),
            "months": scale.month_labels(points),
            "target_path": scale.target_path(points),
            "trajectory_path": "".join(scale.line_path(t.indexes, t.line) for t in trajectories),
            "baseline_y": scale.y_text(measure.baseline) if measure.baseline is not None else "",
            "comparators": [
                (COMPARATOR_STYLES[b.kind][0], scale.y_text(b.value)) for b in row.comparators
            ],
            "runs": scale.runs(points),
            "markers": scale.markers(points),
            "legend": _legend(measure, row.comparators, trajectories),
            "unit_heading": unit[0].upper() + unit[1:] if unit else "Period",
            "headings": names[0],
            "actuals": [p.short for p in points],
            "targets": [p.target_short for p in points],
            "rags": [_rag_or_none(p) for p in points],
            **spc,
        }
    )


def _rag_or_none(point):
    """A month's RAG in the chart's table; a figure withheld from a public pack ("c") says so
    rather than "No data"."""
    if point.value is not None:
        return point.rag.label
    return point.text if point.text else "No data"


def _none_words(point):
    return f"{point.text} (withheld)" if point.text else "no data"


def _legend(measure, comparators, trajectories=()):
    """(kind, words) of the trajectories, baseline and comparators under a printed chart."""
    legend = [("trajectory", t.name) for t in trajectories]
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


def _chart_label(measure, points, names, spc_words):
    readings = [
        f"{name} " + (f"{p.text} ({p.rag.label})" if p.value is not None else _none_words(p))
        for name, p in zip(names, points, strict=True)
    ]
    label = f"Chart of {measure.name}: {', '.join(readings)}"
    return f"{label}; {spc_words}" if spc_words else label


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

    def __init__(self, measure, points, comparators, also=()):
        self.measure = measure
        known = [float(v) for p in points for v in (p.value, p.target) if v is not None]
        known += also  # the process limits and trajectories
        if measure.baseline is not None:
            known.append(float(measure.baseline))
        known += [float(b.value) for b in comparators]
        low, high = (min(known), max(known)) if known else (0.0, 1.0)
        if low == high:
            low, high = low - 1, high + 1
        self.ticks = nice_ticks(low, high, min_step=1 if measure.unit == Unit.COUNT else None)
        self.low, self.high = self.ticks[0], self.ticks[-1]
        self._per_unit = (HEIGHT - TOP - BOTTOM) / (self.high - self.low)
        self.xs, self.x_texts = _x_positions(len(points))
        # where each month's figure falls (None for none), worked out once for the line,
        # the markers and the special-cause rings
        self.value_ys = [None if p.value is None else self.y(p.value) for p in points]
        self.value_y_texts = [None if y is None else f"{y:.1f}" for y in self.value_ys]

    def y(self, value):
        return HEIGHT - BOTTOM - (float(value) - self.low) * self._per_unit

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
            if point.target is None or point.on_trajectory:
                previous = None
                continue
            y = self.y(point.target)
            path.append(f"M{x},{y:.1f}" if previous is None else f"H{x}V{y:.1f}")
            previous = y
        if path and points[-1].target is not None and not points[-1].on_trajectory:
            path.append(f"H{WIDTH - RIGHT}")
        return "".join(path)

    def line_path(self, indexes, values):
        """A straight line through the months' values (a trajectory)."""
        return "".join(
            f"{'L' if n else 'M'}{self.x_texts[i]},{self.y(v):.1f}"
            for n, (i, v) in enumerate(zip(indexes, values, strict=True))
        )

    def runs(self, points):
        """The actuals as lines ("x,y x,y"), broken where a month has no figure."""
        coords = list(zip(self.x_texts, self.value_y_texts, strict=True))
        return [" ".join(f"{x},{y}" for x, y in run) for run in runs_without_gaps(coords)]

    def markers(self, points):
        """(outline, x, y, colour, label) of each figure: the marker's shape says its RAG (a
        circle, no outline, for Green; a diamond Amber; a triangle Red; a square otherwise)
        and its value is written above it."""
        found = []
        for x, x_text, y, y_text, p in zip(
            self.xs, self.x_texts, self.value_ys, self.value_y_texts, points, strict=True
        ):
            if y is None:
                continue
            outline = ""
            if p.rag != RAG.GREEN:
                dx, dy, rest = _OUTLINES.get(p.rag, _SQUARE)
                outline = f"M{x + dx:.1f},{y + dy:.1f}{rest}"
            found.append((outline, x_text, y_text, RAG_COLOURS.get(p.rag, "#505a5f"), p.short))
        return found
