"""The geometry of a small trend line for scorecard tables (no JS, prints):
templates/jinja2/charts/sparkline.html draws it."""

from .style import runs_without_gaps


def _points_attr(run):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in run)


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
    line["runs"] = [_points_attr(run) for run in runs_without_gaps(coords)]
    x, y = next((x, y) for x, y in reversed(coords) if y is not None)
    line["dot"] = (f"{x:.1f}", f"{y:.1f}")
    return line
