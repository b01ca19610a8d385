"""Charts of a measure over time.

- `measure_figure`: the interactive plotly figure of the measure page, as a JSON-ready
  dict for `json_script` (drawn by static/js/dashboard-charts.js with our own plotly.js).
- `sparkline_svg`: a small inline SVG trend line for scorecard tables (no JS, prints).
- `measure_chart_svg`: a static SVG chart for the printed board pack.

Views pass data in; nothing here touches the database.
"""

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape as _escape  # what django.utils.html.escape does, without its wrapper

import plotly.graph_objects as go
from django.utils.formats import date_format, localize
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from improvement.rules import RAG
from measures.rules import Direction, Unit, format_value, target_in_force
from measures.scorecard import measure_targets
from measures.templatetags.tracker import rag_tag

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


def ordered_benchmarks(benchmarks, short=False):
    """[(kind, label, Benchmark)] in the board's order: SN, regional, England."""
    labels = (
        {"sn": "SN", "regional": "Regional", "national": "England"}
        if short
        else (COMPARATOR_LABELS)
    )
    return [
        (kind, labels[kind], benchmarks[kind]) for kind in COMPARATOR_STYLES if kind in benchmarks
    ]


def _float(value):
    return None if value is None else float(value)


def _fmt(measure, value):
    return format_value(value, measure.unit, measure.decimal_places)


def _target_value(target):
    return target.value if target is not None else None


# The interactive chart --------------------------------------------------------------------


def measure_figure(measure, points, benchmarks):
    """The plotly figure (as a dict) of a measure's actuals against target and comparators.

    `points` are scorecard MeasureRows, one per period, oldest first; `benchmarks` maps
    kind to the latest Benchmark.
    """
    months = [row.history[-1][0].month.isoformat() for row in points]
    fig = go.Figure()
    if not points:
        return json.loads(fig.to_json())

    targets = [_target_value(row.target) for row in points]
    if any(t is not None for t in targets):
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[_float(t) for t in targets],
                name="Target",
                mode="lines",
                line={"color": TARGET_COLOUR, "width": 3, "shape": "hv"},
                hovertemplate="Target: %{y}<extra></extra>",
            )
        )
    uppers = [row.target.upper if row.target is not None else None for row in points]
    if measure.direction == Direction.RANGE and any(u is not None for u in uppers):
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[_float(u) for u in uppers],
                name="Top of target range",
                mode="lines",
                line={"color": TARGET_COLOUR, "width": 2, "shape": "hv"},
                hovertemplate="Top of target range: %{y}<extra></extra>",
            )
        )
    if measure.baseline is not None:
        fig.add_trace(
            go.Scatter(
                x=[months[0], months[-1]],
                y=[_float(measure.baseline)] * 2,
                name=f"Baseline: {_fmt(measure, measure.baseline)}",
                mode="lines",
                line={"color": BASELINE_COLOUR, "width": 2, "dash": "dot"},
                hovertemplate="Baseline: %{y}<extra></extra>",
            )
        )
    for kind, (colour, dash) in COMPARATOR_STYLES.items():
        benchmark = benchmarks.get(kind)
        if benchmark is None:
            continue
        label = f"{COMPARATOR_LABELS[kind]} ({benchmark.year}): {_fmt(measure, benchmark.value)}"
        fig.add_trace(
            go.Scatter(
                x=[months[0], months[-1]],
                y=[_float(benchmark.value)] * 2,
                name=label,
                mode="lines",
                line={"color": colour, "width": 2, "dash": dash},
                hovertemplate=f"{escape(label)}<extra></extra>",
            )
        )
    values = [_float(row.value) for row in points]
    fig.add_trace(
        go.Scatter(
            x=months,
            y=values,
            name="Actual",
            mode="lines",
            line={"color": ACTUAL_COLOUR, "width": 2},
            connectgaps=False,
            hoverinfo="skip",
        )
    )
    for rag in (RAG.GREEN, RAG.AMBER, RAG.RED, RAG.NOT_RATED):
        chosen = [row for row in points if row.value is not None and row.rag == rag]
        if not chosen:
            continue
        fig.add_trace(
            go.Scatter(
                x=[row.history[-1][0].month.isoformat() for row in chosen],
                y=[_float(row.value) for row in chosen],
                name=f"Actual: {rag.label}",
                mode="markers",
                marker={
                    "color": RAG_COLOURS[rag],
                    "symbol": RAG_SYMBOLS[rag],
                    "size": 13,
                    "line": {"color": "#0b0c0c", "width": 1},
                },
                hovertext=[_point_text(measure, row) for row in chosen],
                hoverinfo="text",
            )
        )
    unit_title = measure.unit_label or Unit(measure.unit).label
    fig.update_layout(
        template="simple_white",
        font={"family": "GDS Transport, arial, sans-serif", "size": 14, "color": "#0b0c0c"},
        margin={"l": 60, "r": 20, "t": 20, "b": 40},
        height=420,
        hovermode="closest",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        xaxis={"type": "date", "tickformat": "%b %Y", "title": None},
        yaxis={
            "title": {"text": unit_title},
            "ticksuffix": "%" if measure.unit == Unit.PERCENT else "",
        },
    )
    return json.loads(fig.to_json())


def _point_text(measure, row):
    period = row.history[-1][0]
    parts = [f"{period.label}: {_fmt(measure, row.value)}", f"RAG: {RAG(row.rag).label}"]
    if row.target is not None:
        parts.append(f"Target: {_fmt(measure, row.target.value)}")
    if row.gap_text:
        parts.append(row.gap_text)
    return "<br>".join(escape(p) for p in parts)


# Server-side SVG --------------------------------------------------------------------------


def _scale(values, low_pad=0.1):
    known = [float(v) for v in values if v is not None]
    if not known:
        return 0.0, 1.0
    low, high = min(known), max(known)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * low_pad
    return low - pad, high + pad


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


def _points_attr(run):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in run)


def sparkline_svg(measure, history, width=110, height=28):
    """A tiny trend line of (period, actual|None) pairs, labelled with its numbers."""
    values = [actual.value if actual is not None else None for _, actual in history]
    words = [
        _fmt(measure, v) if v is not None else "no data" for v in values
    ]  # what a screen reader hears
    label = "Trend: " + (", ".join(words) if words else "no data")
    if not any(v is not None for v in values):
        return format_html(
            '<svg class="sparkline" role="img" aria-label="{}" width="{}" height="{}" '
            'viewBox="0 0 {} {}"><title>{}</title></svg>',
            label,
            width,
            height,
            width,
            height,
            label,
        )
    low, high = _scale(values, 0.05)
    step = (width - 6) / max(len(values) - 1, 1)

    def y_of(v):
        return height - 3 - (float(v) - low) / (high - low) * (height - 6)

    coords = [(3 + i * step, None if v is None else y_of(v)) for i, v in enumerate(values)]
    lines = "".join(
        f'<polyline points="{_points_attr(run)}" fill="none" stroke="{ACTUAL_COLOUR}" '
        'stroke-width="1.5"/>'
        for run in _segments(coords)
    )
    last = next(((x, y) for x, y in reversed(coords) if y is not None), None)
    dot = f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2.5" fill="{ACTUAL_COLOUR}"/>'
    label = _escape(label)
    return SafeString(  # numbers only, and the label escaped
        f'<svg class="sparkline" role="img" aria-label="{label}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{label}</title>'
        f"{lines}{dot}</svg>"
    )


def _marker(rag, x, y, size=6):
    """An SVG marker whose shape says the RAG (circle green, diamond amber, triangle red)."""
    colour = RAG_COLOURS.get(rag, "#505a5f")
    paint = f'fill="{colour}" stroke="#0b0c0c" stroke-width="1"'
    if rag == RAG.GREEN:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size - 1}" {paint}/>'
    if rag == RAG.AMBER:
        corners = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
    elif rag == RAG.RED:
        corners = [(x - size, y - size + 1), (x + size, y - size + 1), (x, y + size)]
    else:
        s = size - 1
        corners = [(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)]
    points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
    return f'<polygon points="{points}" {paint}/>'


@dataclass
class ChartPoint:
    period: object
    value: Decimal | None
    target: Decimal | None
    rag: RAG
    value_text: str = ""  # short_value of the value and target
    target_text: str = ""

    @property
    def has_value(self):
        return self.value is not None


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


def chart_points(measure, history):
    """ChartPoints of a scorecard row's history (targets prefetched: no query)."""
    targets = measure_targets(measure)
    points = []
    for period, actual in history:
        target = target_in_force(targets, period.month)
        value = actual.value if actual is not None else None
        target_value = target.value if target else None
        points.append(
            ChartPoint(
                period,
                value,
                target_value,
                measure.rag_for(value, target),
                short_value(measure, value),
                short_value(measure, target_value),
            )
        )
    return points


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


def _tick_label(measure, tick, places):
    unit = Unit.RATIO if measure.unit == Unit.DAYS else measure.unit
    return format_value(Decimal(str(tick)), unit, max(places, measure.decimal_places))


def measure_chart_svg(measure, history, benchmarks=None, width=640, height=250, points=None):
    """A printable SVG line chart: actuals marked by RAG, stepped target, baseline, comparators.

    Pass `points` (chart_points of the same history) when you have them already.
    """
    benchmarks = benchmarks or {}
    if points is None:
        points = chart_points(measure, history)
    left, right, top, bottom = 56, 16, 18, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for p in points] + [p.target for p in points]
    if measure.baseline is not None:
        values.append(measure.baseline)
    values += [b.value for b in benchmarks.values()]
    known = [float(v) for v in values if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    if low == high:
        low, high = low - 1, high + 1
    ticks = nice_ticks(low, high, min_step=1 if measure.unit == Unit.COUNT else None)
    low, high = ticks[0], ticks[-1]
    tick_step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    tick_places = max(0, -math.floor(math.log10(tick_step))) if tick_step < 1 else 0
    tick_places += 1 if tick_step * 10**tick_places % 1 else 0  # 2.5, 0.25
    n = len(points)
    inset = 14  # keeps the first and last labels clear of the axis
    step = (plot_w - 2 * inset) / max(n - 1, 1)

    xs = [left + inset + (i * step if n > 1 else plot_w / 2 - inset) for i in range(n)]

    def y_of(v):
        return top + plot_h - (float(v) - low) / (high - low) * plot_h

    parts = []
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            'stroke="#d8d8d8" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">'
            f"{_escape(_tick_label(measure, tick, tick_places))}</text>"
        )
    parts.append(_month_labels(tuple(xs), tuple(p.period.month for p in points), height))
    # Target: stepped where it changes.
    path, previous = [], None
    for i, point in enumerate(points):
        if point.target is None:
            previous = None
            continue
        x, y = xs[i], y_of(point.target)
        path.append(f"M{x:.1f},{y:.1f}" if previous is None else f"H{x:.1f}V{y:.1f}")
        previous = y
    if path:
        if points[-1].target is not None:
            path.append(f"H{width - right:.1f}")
        parts.append(
            f'<path d="{"".join(path)}" fill="none" stroke="{TARGET_COLOUR}" stroke-width="3"/>'
        )
    # Baseline and comparators: straight lines across, dashed over the target.
    if measure.baseline is not None:
        y = y_of(measure.baseline)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{BASELINE_COLOUR}" stroke-width="2" stroke-dasharray="2 3"/>'
        )
    for kind, (colour, _dash) in COMPARATOR_STYLES.items():
        if kind in benchmarks:
            y = y_of(benchmarks[kind].value)
            parts.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="2" stroke-dasharray="8 4"/>'
            )
    # Actuals: a line with a RAG-shaped, labelled marker on each point.
    coords = [
        (x, None if p.value is None else y_of(p.value)) for x, p in zip(xs, points, strict=True)
    ]
    for run in _segments(coords):
        parts.append(
            f'<polyline points="{_points_attr(run)}" fill="none" stroke="{ACTUAL_COLOUR}" '
            'stroke-width="2"/>'
        )
    for (x, y), point in zip(coords, points, strict=True):
        if point.value is None:
            continue
        parts.append(_marker(point.rag, x, y))
        parts.append(
            f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle" font-size="11" '
            f'font-weight="bold">{_escape(point.value_text)}</text>'
        )
    label = _escape(
        "Chart of {}: {}".format(
            measure.name,
            ", ".join(
                f"{_short_label(p.period.month)} "
                + (f"{_fmt(measure, p.value)} ({RAG(p.rag).label})" if p.has_value else "no data")
                for p in points
            ),
        )
    )
    return mark_safe(  # noqa: S308 - numbers and escaped text only
        f'<svg class="app-chart-svg" role="img" aria-label="{label}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="arial, sans-serif" preserveAspectRatio="xMinYMin meet">'
        f"<title>{label}</title>{''.join(parts)}</svg>"
    )


# The same months label every chart of a board pack: their axis is written once.
@lru_cache(maxsize=256)
def _month_labels(xs, months, height):
    """The month labels along the bottom of a chart (every other one when crowded)."""
    n = len(months)
    return "".join(
        f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="11">'
        f"{_escape(month.strftime('%b %y'))}</text>"
        for i, (x, month) in enumerate(zip(xs, months, strict=True))
        if n <= 12 or i % 2 == 0 or i == n - 1
    )


@lru_cache(maxsize=512)
def _short_label(month):
    """ReportingPeriod.short_label of the period of this month."""
    return month.strftime("%b %Y")


@dataclass
class ChartTable:
    """The cells of the table under a printed chart (its figures for those who cannot see
    it), written once in Python: a board pack has hundreds of these tables."""

    head: str
    actual: str
    target: str
    rag: str


def chart_table(points):
    """ChartTable of chart_points: month headings, actuals, targets and RAG words."""
    head = _table_head(tuple(p.period.month for p in points), get_language())
    actual = "".join(
        f'<td class="govuk-table__cell app-num">{_escape(p.value_text)}</td>' for p in points
    )
    target = "".join(
        f'<td class="govuk-table__cell app-num">{_escape(p.target_text)}</td>' for p in points
    )
    rag = "".join(
        '<td class="govuk-table__cell app-num">'
        f"{_escape(RAG(p.rag).label) if p.has_value else 'No data'}</td>"
        for p in points
    )
    return ChartTable(*(mark_safe(cells) for cells in (head, actual, target, rag)))  # noqa: S308


@lru_cache(maxsize=256)  # the same months head every chart of a board pack
def _table_head(months, language):
    """Column headings {{ month|date:"M y" }} in the language in use."""
    return "".join(
        '<th scope="col" class="govuk-table__header app-num">'
        f"{_escape(date_format(month, 'M y'))}</th>"
        for month in months
    )


def legend_html(measure, legend):
    """The printed chart's legend entries for the baseline and comparators (`legend` is
    ordered_benchmarks), as the board pack's template wrote them."""
    parts = []
    if measure.baseline is not None:
        parts.append(
            ' <span class="app-legend app-legend--baseline">'
            f"Baseline {_escape(_fmt(measure, measure.baseline))}</span>"
        )
    for kind, label, benchmark in legend:
        year, value = localize(benchmark.year), _fmt(measure, benchmark.value)
        parts.append(
            f' <span class="app-legend app-legend--{_escape(kind)}">{_escape(label)} '
            f"({_escape(str(year))}) {_escape(value)}</span>"
        )
    return SafeString("".join(parts))


def pack_figure(row):
    """A measure's figure in the board pack: its name and RAG, the printed chart, the legend
    and the table of the chart's figures. Written in Python rather than in the template:
    a county's pack has four hundred of these, and this is its longest loop."""
    measure = row.measure
    points = chart_points(measure, row.history)
    svg = measure_chart_svg(measure, row.history, row.benchmarks, points=points)
    legend = legend_html(measure, ordered_benchmarks(row.benchmarks))
    table = chart_table(points)
    unit = unit_note(measure)
    name = _escape(measure.name)
    unit_heading = _escape(unit[0].upper() + unit[1:]) if unit else "Period"  # |capfirst
    return SafeString(
        '\n        <figure class="app-pack-chart app-avoid-break">\n'
        '          <figcaption class="govuk-body govuk-!-font-weight-bold'
        f' govuk-!-margin-bottom-1">{name} {rag_tag(row.rag)}</figcaption>\n'
        f"          {svg}\n"
        '          <p class="app-small app-chart-legend"><span class="app-legend'
        ' app-legend--actual">Actual</span> <span class="app-legend app-legend--target">'
        f"Target</span>{legend} · points: ● Green ◆ Amber ▼ Red</p>\n"
        '          <table class="govuk-table app-chart-table">\n'
        '            <caption class="govuk-table__caption govuk-visually-hidden">'
        f"Figures in the chart of {name}</caption>\n"
        '            <thead class="govuk-table__head"><tr class="govuk-table__row">'
        f'<th scope="col" class="govuk-table__header">{unit_heading}</th>{table.head}'
        "</tr></thead>\n"
        '            <tbody class="govuk-table__body">\n'
        '              <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f"Actual</th>{table.actual}</tr>\n"
        '              <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f"Target</th>{table.target}</tr>\n"
        '              <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f"RAG</th>{table.rag}</tr>\n"
        "            </tbody>\n"
        "          </table>\n"
        "        </figure>\n"
        "      "
    )
