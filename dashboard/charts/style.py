"""What every chart of a measure shares: the colours and shapes of RAG, target, baseline and
comparators, and short values for crowded places. Nothing here touches the database."""

from improvement.rules import RAG
from measures.rules import Unit, format_value

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


def as_float(value):
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


def runs_without_gaps(coords):
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
