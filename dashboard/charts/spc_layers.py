"""The SPC layers of a measure's charts, worked out once for the measure page's plotly figure
and the board pack's printed chart: each stretch of months between rebases with its mean and
process limits, each month's reading, and the stretches of a target trajectory.

The numbers come from the measure's SPC reading (measures.spc_words.Reading), which may cover
more months than a chart shows (the board pack shows the last twelve of a longer plan): the
chart's months are matched to the reading's by month. A month is marked as special cause only
when its stretch has enough figures to judge (spc.MIN_POINTS), as the readings say "not enough
months" until then. Pure: no database, no markup.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from measures import spc, spc_words
from measures.rules import Unit, format_value
from measures.trajectory import is_trajectory, straight_line

# "Making Data Count" colours: grey for common cause, blue improving, orange concerning,
# purple for a special cause in a measure with no better direction. Each kind of special
# cause also has its own marker shape and letter, never colour alone.
SPECIAL_COLOURS = {"improvement": "#1d70b8", "concern": "#b34400", "neutral": "#4c2c92"}
SPECIAL_LETTERS = {"improvement": "I", "concern": "C", "neutral": "S"}
SPECIAL_NAMES = {
    "improvement": "Special cause, improving",
    "concern": "Special cause, concerning",
    "neutral": "Special cause",
}
MEAN_COLOUR = "#505a5f"
LIMIT_COLOUR = "#505a5f"
BAND_COLOUR = "rgba(177, 180, 182, 0.3)"  # GOV.UK mid grey, lightly: the normal range
BAND_FILL, BAND_OPACITY = "#b1b4b6", "0.3"  # the same, for SVG
TRAJECTORY_COLOUR = "#1d70b8"
REBASE_COLOUR = "#0b0c0c"
_HIGH_RULES = frozenset({"above_upper", "trend_up", "two_of_three_above", "run_above"})
REASON_LENGTH = 40


class Span(NamedTuple):
    """A run of a chart's months in one segment (between rebases), as the chart shows it."""

    first: int  # index of its first month among the chart's months
    last: int  # index of its last month
    mean: float | None
    lower: float | None  # None where the limits are undefined (one figure, or all equal)
    upper: float | None
    size: int  # figures in the whole segment (some may be before the chart's first month)
    judged: bool  # enough figures in the segment to mark special causes
    new_process: bool  # the segment starts at a rebase, at this span's first month


class Month(NamedTuple):
    """One month of a chart: its segment's mean and limits, and its reading."""

    mean: float | None
    lower: float | None
    upper: float | None
    special: str | None  # "improvement", "concern", "neutral"; None (or not judged)
    high: bool  # a special cause on the high side (above the mean, or rising)
    words: str  # "Common cause", "Special cause, improving: above the upper process limit"
    new_process: bool  # the first month of a new process (a rebase)


@dataclass(frozen=True, slots=True)
class Layers:
    spans: tuple  # (Span, ...) in time order
    months: tuple  # (Month | None, ...) one per chart month; None where the reading has none

    @property
    def specials(self):
        """[(index, Month)] of the months marked special cause."""
        return [(i, m) for i, m in enumerate(self.months) if m is not None and m.special]


NO_LAYERS = Layers((), ())


def not_judged_words(size: int) -> str:
    return f"Too few months to judge ({size} of {spc.MIN_POINTS})"


def layers(reading, months) -> Layers:
    """The SPC layers of a chart of `months` (dates, oldest first) from a Reading (or None)."""
    if reading is None or not reading.chart.segments:
        return Layers((), tuple(None for _ in months))
    chart = reading.chart
    spans, shown = [], []
    for i, j in enumerate(_indexes(reading.months, months)):
        if j is None:
            shown.append(None)
            continue
        number = next(n for n, seg in enumerate(chart.segments) if j < seg.stop)
        segment = chart.segments[number]
        judged = segment.size >= spc.MIN_POINTS
        new_process = number > 0 and j == segment.start
        if spans and spans[-1][0] == number:
            spans[-1][2] = i
        else:
            spans.append([number, i, i, new_process])
        shown.append(_month(chart.points[j], segment, judged, new_process))
    return Layers(
        tuple(
            _span(chart.segments[number], first, last, new_process)
            for number, first, last, new_process in spans
        ),
        tuple(shown),
    )


def _indexes(read_months, months):
    """Where each of a chart's months is among the reading's (None where it is not): the
    chart's months are usually the reading's last ones (a board pack's last twelve)."""
    count = len(months)
    offset = len(read_months) - count
    if offset >= 0 and all(a == b for a, b in zip(read_months[offset:], months, strict=True)):
        return range(offset, offset + count)
    at = {month: i for i, month in enumerate(read_months)}
    return [at.get(month) for month in months]


def _span(segment, first, last, new_process):
    return Span(
        first,
        last,
        segment.mean,
        segment.lower,
        segment.upper,
        segment.size,
        segment.size >= spc.MIN_POINTS,
        new_process,
    )


def _month(point, segment, judged, new_process):
    if point.value is None:
        words = "No figure"
    elif not judged:
        words = not_judged_words(segment.size)
    else:
        words = _point_words(point.special, point.rule)
    special = point.special if judged and point.value is not None else None
    return Month(
        segment.mean,
        segment.lower,
        segment.upper,
        special,
        point.rule in _HIGH_RULES,
        words,
        new_process,
    )


_WORDS = {}


def _point_words(special, rule):
    """spc_words.point_words of a month with a figure, each wording written once."""
    key = (special, rule)
    if key not in _WORDS:
        _WORDS[key] = spc_words.point_words(spc.Point(0, 0.0, None, None, None, special, rule))
    return _WORDS[key]


def spc_value(measure, number, *, short=False):
    """A mean or limit, to one more decimal place than the measure's figures ("81.25%",
    "14.13 days"; short: "14.13" for a crowded chart), or "–" when undefined."""
    if number is None:
        return "–"
    places = (measure.decimal_places or 0) + 1
    value = Decimal(repr(number)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    unit = Unit.RATIO if short and measure.unit == Unit.DAYS else measure.unit
    return format_value(value, unit, places)


def rebase_words(month: date, reason: str, length=REASON_LENGTH) -> str:
    """The label of a rebase on a chart: "New process from June 2020: new front door"."""
    reason = " ".join((reason or "").split())
    if len(reason) > length:
        reason = reason[: length - 1].rstrip() + "…"
    head = f"New process from {month:%B %Y}"
    return f"{head}: {reason}" if reason else head


@dataclass(frozen=True, slots=True)
class Trajectory:
    """A stretch of months judged against a trajectory to one target."""

    name: str  # "Trajectory to 80% by March 2021"
    indexes: tuple  # the chart's months on it
    values: tuple  # (Decimal, ...) the value each month is judged against (rounded)
    line: tuple  # (Decimal, ...) the straight line itself in each month, to draw


def trajectories(measure, targets) -> list:
    """The trajectories among what each month is judged against (`targets`: one per chart
    month, a Target, a trajectory.TrajectoryPoint or None), one per target they lead to."""
    found, current, key = [], None, None
    for i, target in enumerate(targets):
        if not is_trajectory(target):
            current = None
            continue
        toward = target.toward
        if current is None or (toward.effective_from, toward.value) != key:
            key = (toward.effective_from, toward.value)
            name = f"Trajectory to {measure.format(toward.value)} by {toward.effective_from:%B %Y}"
            current = (name, [], [], [])
            found.append(current)
        current[1].append(i)
        current[2].append(target.value)
        month = target.effective_from
        line = straight_line(
            target.start_value, target.start, toward.value, toward.effective_from, month
        )
        current[3].append(line)
    return [Trajectory(name, tuple(ix), tuple(vs), tuple(line)) for name, ix, vs, line in found]


@dataclass(frozen=True, slots=True)
class TableMonth:
    """A month's SPC columns in the measure page's table of figures."""

    mean: str
    lower: str
    upper: str
    reading: str
    new_process: str  # "New process from this month: <reason>" at a rebase, else ""


def table_months(measure, months, reading, rebases=()) -> list:
    """[TableMonth] for each of `months` (oldest first): the mean, limits and reading."""
    reasons = {r.period.month: " ".join(r.reason.split()) for r in rebases}
    found = []
    for month, spc_month in zip(months, layers(reading, months).months, strict=True):
        if spc_month is None:
            found.append(TableMonth("–", "–", "–", "", ""))
            continue
        new_process = ""
        if spc_month.new_process:
            reason = reasons.get(month, "")
            new_process = "New process from this month" + (f": {reason}" if reason else "")
        found.append(
            TableMonth(
                spc_value(measure, spc_month.mean),
                spc_value(measure, spc_month.lower),
                spc_value(measure, spc_month.upper),
                "–" if spc_month.words == "No figure" else spc_month.words,
                new_process,
            )
        )
    return found
