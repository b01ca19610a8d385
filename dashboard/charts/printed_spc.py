"""The SPC layers of the board pack's printed chart (printed.py), as SVG geometry and words:
the normal range between the process limits (shaded), the limits (dashed) and the mean (solid)
of each stretch between rebases, a ring with a letter round each special-cause month, the
trajectory to a target, and each rebase as a labelled break; and the table rows of the mean,
limits and reading of each month. A board pack draws 400 of these: every string is written
once per chart (a stretch's mean and limits once, not once a month)."""

from dataclasses import dataclass

from . import spc_layers
from .spc_layers import SPECIAL_COLOURS, SPECIAL_LETTERS

RING = 10  # half the width of a special-cause ring
# A ring's outline from its centre, by kind (and side for improving): a triangle pointing
# the way it improved, a square for concerning, a hexagon for a special cause with no better
# direction. Relative moves, so only the centre is written per month.
_RINGS = {
    ("improvement", True): (-RING, RING * 0.7, f"l{RING},-{RING * 1.8:g}l{RING},{RING * 1.8:g}z"),
    ("improvement", False): (-RING, -RING * 0.7, f"l{RING},{RING * 1.8:g}l{RING},-{RING * 1.8:g}z"),
    ("concern", True): (-RING + 1, -RING + 1, f"h{2 * RING - 2}v{2 * RING - 2}h-{2 * RING - 2}z"),
    ("neutral", True): (
        -RING,
        0,
        f"l{RING / 2:g},-{RING}h{RING}l{RING / 2:g},{RING}l-{RING / 2:g},{RING}h-{RING}z",
    ),
}
_RINGS["concern", False] = _RINGS["concern", True]
_RINGS["neutral", False] = _RINGS["neutral", True]
RING_SYMBOLS = {"improvement": "△▽", "concern": "□", "neutral": "⬡"}
RING_WORDS = {"improvement": "improving", "concern": "concerning", "neutral": "special cause"}
SHORT_READINGS = {
    None: "Common cause",
    "improvement": "Improving (I)",
    "concern": "Concerning (C)",
    "neutral": "Special cause (S)",
}
NO_SPC = {
    "band_path": "",
    "mean_path": "",
    "limit_path": "",
    "rebases": [],
    "specials": [],
    "spc_legend": [],
    "ringed": [],
    "means": [],
}


@dataclass(frozen=True, slots=True)
class _SpanText:
    mean: str
    lower: str
    upper: str


def limits_known(layers):
    """The limits and means a printed chart's scale must reach."""
    return [
        v for span in layers.spans for v in (span.mean, span.lower, span.upper) if v is not None
    ]


def drawing(measure, scale, points, layers):
    """The SPC parts of a printed chart (keys of the chart's dict): see the module."""
    if not layers.spans:
        return NO_SPC
    xs = scale.xs
    band, mean, limits = [], [], []
    for span in layers.spans:
        x1, x2 = f"{xs[span.first]:.1f}", f"{xs[span.last]:.1f}"
        if span.mean is not None:
            mean.append(f"M{x1},{scale.y(span.mean):.1f}H{x2}")
        if span.lower is not None and span.upper is not None:
            upper, lower = f"{scale.y(span.upper):.1f}", f"{scale.y(span.lower):.1f}"
            band.append(f"M{x1},{upper}H{x2}V{lower}H{x1}z")
            limits.append(f"M{x1},{upper}H{x2}M{x1},{lower}H{x2}")
    specials = _specials(scale, points, layers)
    kinds = {m.special for _, m in layers.specials}
    return {
        "band_path": "".join(band),
        "mean_path": "".join(mean),
        "limit_path": "".join(limits),
        "rebases": _rebases(xs, layers),
        "specials": specials,
        "spc_legend": [
            ("mean", "Mean"),
            ("limits", "Process limits"),
            ("band", "Normal range"),
        ],
        "ringed": [
            (RING_SYMBOLS[kind], SPECIAL_LETTERS[kind], RING_WORDS[kind])
            for kind in ("improvement", "concern", "neutral")
            if kind in kinds
        ],
        **_table(measure, layers),
    }


def _specials(scale, points, layers):
    """(ring outline, letter x, letter y, colour, letter) of each special-cause month: the
    letter beside the ring, to its right."""
    found = []
    for i, month in layers.specials:
        x, y = scale.xs[i], scale.y(points[i].value)
        dx, dy, rest = _RINGS[month.special, month.high]
        found.append(
            (
                f"M{x + dx:.1f},{y + dy:.1f}{rest}",
                f"{x + RING + 2:.1f}",
                f"{y + 4:.1f}",
                SPECIAL_COLOURS[month.special],
                SPECIAL_LETTERS[month.special],
            )
        )
    return found


def _rebases(xs, layers):
    """(x, label x, anchor) of each break: halfway between the last month of the old process
    and the first of the new, labelled to the right (to the left near the right edge)."""
    found = []
    for span in layers.spans:
        if not span.new_process:
            continue
        i = span.first
        x = (xs[i - 1] + xs[i]) / 2 if i else xs[i]
        right_edge = x > xs[-1] - 80
        found.append(
            (
                f"{x:.1f}",
                f"{x - 3:.1f}" if right_edge else f"{x + 3:.1f}",
                "end" if right_edge else "start",
            )
        )
    return found


def _table(measure, layers):
    """The table rows: the mean, limits and reading of each month, each stretch's numbers
    written once."""
    texts = {}
    means, lowers, uppers, readings = [], [], [], []
    for month in layers.months:
        if month is None:
            means.append("–")
            lowers.append("–")
            uppers.append("–")
            readings.append("–")
            continue
        key = (month.mean, month.lower, month.upper)
        if key not in texts:
            texts[key] = _SpanText(*(spc_layers.spc_value(measure, v, short=True) for v in key))
        text = texts[key]
        means.append(text.mean)
        lowers.append(text.lower)
        uppers.append(text.upper)
        readings.append(_short_reading(month))
    return {"means": means, "lowers": lowers, "uppers": uppers, "readings": readings}


def _short_reading(month):
    if month.words == "No figure":
        reading = "–"
    elif month.words.startswith("Too few"):
        reading = "Too few months"
    else:
        reading = SHORT_READINGS[month.special]
    return f"New process; {reading.lower()}" if month.new_process else reading


def label_words(measure, names, layers):
    """What a screen reader hears of the SPC chart, after the figures: the latest mean and
    limits, the special-cause months and the rebases."""
    if not layers.spans:
        return ""
    last = layers.spans[-1]
    parts = [f"mean {spc_layers.spc_value(measure, last.mean)}"]
    if last.lower is not None and last.upper is not None:
        lower, upper = (spc_layers.spc_value(measure, v) for v in (last.lower, last.upper))
        parts.append(f"process limits {lower} to {upper}")
    specials = [f"{names[i]} {RING_WORDS[m.special]}" for i, m in layers.specials]
    if specials:
        parts.append("special cause: " + ", ".join(specials))
    parts += [f"new process from {names[s.first]}" for s in layers.spans if s.new_process]
    return "; ".join(parts)
