"""The SPC layers of the board pack's printed chart (printed.py), as SVG geometry and words:
the normal range between the process limits (shaded), the limits (dashed) and the mean (solid)
of each stretch between rebases, a ring with a letter round each special-cause month, the
trajectory to a target, and each rebase as a labelled break; and the table rows of the mean,
limits and reading of each month. A board pack draws 400 of these: every string is written
once per chart (a stretch's mean and limits once, not once a month)."""

from measures.rules import Unit

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
    "spc_label": "",
}


def limits_known(layers):
    """The limits and means a printed chart's scale must reach."""
    return [
        v for span in layers.spans for v in (span.mean, span.lower, span.upper) if v is not None
    ]


def drawing(measure, scale, points, layers, names):
    """The SPC parts of a printed chart (keys of the chart's dict): see the module; `names`
    are the months' names for the words a screen reader hears ("spc_label")."""
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
    table, last_texts = _table(measure, layers)
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
        "spc_label": _label_words(names, layers, last_texts),
        **table,
    }


def _specials(scale, points, layers):
    """(rings, letter xs, letter ys, colour, letters) of each kind of special cause: one path
    of the rings round its months, and one text whose letters are placed one by one beside
    them (SVG places the nth letter at the nth x and y), so a chart with many special-cause
    months draws two elements a kind."""
    by_kind = {}
    for i, month in layers.specials:
        x, y = scale.xs[i], scale.value_ys[i]
        dx, dy, rest = _RINGS[month.special, month.high]
        rings, letter_xs, letter_ys = by_kind.setdefault(month.special, ([], [], []))
        rings.append(f"M{x + dx:.1f},{y + dy:.1f}{rest}")
        letter_xs.append(f"{x + RING + 2:.1f}")
        letter_ys.append(f"{y + 4:.1f}")
    return [
        (
            "".join(rings),
            " ".join(letter_xs),
            " ".join(letter_ys),
            SPECIAL_COLOURS[kind],
            SPECIAL_LETTERS[kind] * len(rings),
        )
        for kind, (rings, letter_xs, letter_ys) in by_kind.items()
    ]


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
    """The table rows: (columns, text) cells of the mean and limits, one cell across each
    stretch between rebases (its numbers written once), and each month's reading."""
    means, lowers, uppers = [], [], []
    at = 0
    for span in layers.spans:
        if span.first > at:  # months the reading does not cover
            for row in (means, lowers, uppers):
                row.append((span.first - at, "–"))
        width = span.last - span.first + 1
        texts = tuple(spc_layers.spc_value(measure, v) for v in (span.mean, span.lower, span.upper))
        short = texts
        if measure.unit == Unit.DAYS:  # "14.13" in the table, whose heading says days
            short = tuple(
                spc_layers.spc_value(measure, v, short=True)
                for v in (span.mean, span.lower, span.upper)
            )
        means.append((width, short[0]))
        lowers.append((width, short[1]))
        uppers.append((width, short[2]))
        at = span.last + 1
    if at < len(layers.months):
        for row in (means, lowers, uppers):
            row.append((len(layers.months) - at, "–"))
    readings = []  # a run of months with the same reading is one cell across them
    for month in layers.months:
        text = _short_reading(month)
        if readings and readings[-1][1] == text:
            readings[-1][0] += 1
        else:
            readings.append([1, text])
    table = {"means": means, "lowers": lowers, "uppers": uppers, "readings": readings}
    return table, texts


def _short_reading(month):
    if month is None:
        return "–"
    if month.words == "No figure":
        reading = "–"
    elif month.words.startswith("Too few"):
        reading = "Too few months"
    else:
        reading = SHORT_READINGS[month.special]
    return f"New process; {reading.lower()}" if month.new_process else reading


def _label_words(names, layers, last_texts):
    """What a screen reader hears of the SPC chart, after the figures: the latest mean and
    limits (`last_texts`: the last stretch's, written), the special-cause months and the
    rebases."""
    mean, lower, upper = last_texts
    parts = [f"mean {mean}"]
    if layers.spans[-1].lower is not None:
        parts.append(f"process limits {lower} to {upper}")
    runs = []  # consecutive months of the same kind: "improving Jan 2026 to Dec 2026"
    for i, month in layers.specials:
        if runs and runs[-1][0] == month.special and runs[-1][2] == i - 1:
            runs[-1][2] = i
        else:
            runs.append([month.special, i, i])
    if runs:
        parts.append(
            "special cause: "
            + ", ".join(
                f"{RING_WORDS[kind]} {names[first]}"
                + (f" to {names[last]}" if last > first else "")
                for kind, first, last in runs
            )
        )
    parts += [f"new process from {names[s.first]}" for s in layers.spans if s.new_process]
    return "; ".join(parts)
