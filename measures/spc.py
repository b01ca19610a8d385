"""Statistical process control: the XmR chart as "Making Data Count" reads it.

Plain functions with no Django imports. The one entry point is `xmr(values, better=...)`;
`latest(values, better=...)` reads only the last figure, as `xmr` would, for the long lists
of measures that show nothing else.
The NHS-R community's NHSRplotthedots R package is the reference: on the same series this
module gives the same means, limits, special-cause points, variation and assurance. Where the
reference is more exact than the issue's words, the reference is followed:

- Screening: a moving range is left out when it is >= 3.267 x the mean of all the moving
  ranges. In a flat segment (all values equal) every moving range is 0 and 0 >= 0, so all
  are left out and the limits are undefined (None), as they are in a segment of one figure.
  Undefined limits mean no point is outside or close to a limit.
- "Outside a limit" is strictly beyond it: a value equal to a limit is inside.
- A value equal to the mean is on neither side: it breaks a run and cannot be one of the
  "two of three" points on a side.
- A trend is 7 or more values each strictly higher (or lower) than the last; an equal
  value breaks it. A point's trend direction is the step to the next value when that value
  is in a trend too, otherwise the step from the previous value; a step of 0 reads as
  "down" (the reference's quirk where two trends meet at an equal value).
- "Two of three": some 3 consecutive points inside the segment, including this one, all on
  the same side of the mean with at least 2 close to a limit, and this point is itself close
  to a limit (the reference marks only the close points).
- Runs, trends and "two of three" look only inside a segment.
- Assurance: "beyond" is strictly beyond, so a target equal to a limit is "hit_and_miss";
  undefined limits give "hit_and_miss" too (the reference's reading when its limits are NaN).

Months without a figure (None) are left out: the series is read as if they were not there
(moving ranges, runs and trends join the figures either side of the gap), and each keeps a
point with no mean, limits or reading; their indexes are in `Chart.left_out`. A rebase at a
month without a figure starts the new segment at the next figure.
"""

import math
from dataclasses import dataclass
from functools import partial
from operator import gt, is_not, lt, sub
from typing import NamedTuple

MIN_POINTS = 12  # fewer figures than this in a segment: too few to judge variation
LIMIT = 2.66  # process limits: mean +/- LIMIT x mean moving range
CLOSE = 2 * (LIMIT / 3)  # "close to a limit" starts at mean +/- CLOSE x mean moving range
SCREEN = 3.267  # moving ranges of SCREEN x their mean or more are left out
RUN = 7  # points in a row for a trend or a run on one side of the mean

BETTER = ("higher", "lower", "neither")
_SIGN_OF_RULE = {
    "above_upper": 1,
    "trend_up": 1,
    "two_of_three_above": 1,
    "run_above": 1,
    "below_lower": -1,
    "trend_down": -1,
    "two_of_three_below": -1,
    "run_below": -1,
}


class Point(NamedTuple):
    """One month: its figure, its segment's mean and limits, and its special-cause reading.

    For a month without a figure everything but `index` is None. `lower`/`upper` are None
    where the segment's limits are undefined (one figure, or all figures equal). A named
    tuple: a board pack draws 400 charts of 60 months, and a tuple is made in half the time
    of a frozen dataclass.
    """

    index: int
    value: float | None
    mean: float | None
    lower: float | None
    upper: float | None
    special: str | None  # "improvement", "concern", "neutral" or None (common cause)
    rule: str | None  # which rule made it special, e.g. "above_upper"; None if not special


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of months between rebases, with its mean, limits and variation reading."""

    start: int  # index of its first month in the values
    stop: int  # index after its last month
    size: int  # how many figures it has (months without a figure not counted)
    mean: float | None
    lower: float | None
    upper: float | None
    variation: str | None  # its last figure's reading; None if it has no figure


@dataclass(frozen=True, slots=True)
class Chart:
    """The XmR chart of a series: `points` (one per value) and the readings."""

    points: tuple[Point, ...]
    segments: tuple[Segment, ...]
    variation: str | None  # "common_cause", "improvement", "concern", "neutral"
    assurance: str | None  # "pass", "fail", "hit_and_miss", or None
    left_out: tuple[int, ...]  # indexes of months without a figure

    @property
    def segment_size(self) -> int:
        """How many figures the last segment has (judge variation at MIN_POINTS or more)."""
        return self.segments[-1].size if self.segments else 0

    @property
    def enough_points(self) -> bool:
        return self.segment_size >= MIN_POINTS


@dataclass(frozen=True, slots=True)
class Latest:
    """What the last figure of a series reads, without the chart: `latest(...)` gives the
    same last segment, rule, variation and assurance as `xmr(...)` on the same series."""

    segment: Segment  # the last segment; Segment(0, 0, 0, ...) when there are no values
    figures: tuple[float, ...]  # the last segment's figures, oldest first
    rule: str | None  # the rule that makes the last figure special cause, or None
    variation: str | None  # as Chart.variation
    assurance: str | None  # as Chart.assurance

    @property
    def segment_size(self) -> int:
        return self.segment.size

    @property
    def enough_points(self) -> bool:
        return self.segment.size >= MIN_POINTS


_is_figure = partial(is_not, None)


def _mean(numbers: list[float]) -> float | None:
    return math.fsum(numbers) / len(numbers) if numbers else None


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def mean_moving_range(values: list[float]) -> float | None:
    """The screened mean moving range of a segment's figures, or None if undefined.

    Moving ranges are the absolute differences of consecutive figures; any of SCREEN x their
    mean or more is left out, and the mean of the rest is returned.
    """
    values = values if isinstance(values, list | tuple) else list(values)
    ranges = list(map(abs, map(sub, values[1:], values)))  # |b - a|, pair by pair
    first = _mean(ranges)
    if first is None:
        return None
    screen = SCREEN * first
    if max(ranges) < screen:  # none left out: the mean of the rest is the same
        return first
    return _mean(list(filter(screen.__gt__, ranges)))  # the ranges r < screen


def _trend_flags(values: list[float]) -> list[int]:
    """+1/-1 at the last point of each RUN points each higher/lower than the last, else 0."""
    flags = [0] * len(values)
    streak = previous = 0  # how many steps in a row have gone the same way, and which way
    for i in range(1, len(values)):
        step = _sign(values[i] - values[i - 1])
        streak = streak + 1 if step and step == previous else int(step != 0)
        previous = step
        if streak >= RUN - 1:
            flags[i] = step
    return flags


def _run_flags(sides: list[int]) -> list[int]:
    """1 at the last point of each RUN points on the same side of the mean, else 0."""
    flags = [0] * len(sides)
    streak = previous = 0  # how many points in a row are on the same side, and which
    for i, side in enumerate(sides):
        streak = streak + 1 if side and side == previous else int(side != 0)
        previous = side
        flags[i] = int(streak >= RUN)
    return flags


def _part_of(flags: list[int]) -> list[bool]:
    """Whether each point is in one of the RUN points ending at a flagged point."""
    part = [False] * len(flags)
    left = 0  # how many more points, going back, belong to the last flagged point's RUN
    for i in reversed(range(len(flags))):
        if flags[i]:
            left = RUN
        part[i] = left > 0
        left -= 1
    return part


def _two_of_three(close: list[bool], sides: list[int]) -> list[bool]:
    """Whether each point is close to a limit in a qualifying run of three (see module doc)."""
    part = [False] * len(close)
    for i in range(len(close) - 2):
        same_side = sides[i] == sides[i + 1] == sides[i + 2] != 0
        if same_side and close[i] + close[i + 1] + close[i + 2] >= 2:
            for j in (i, i + 1, i + 2):
                part[j] = part[j] or close[j]
    return part


def _trend_rules(values: list[float], in_trend: list[bool]) -> list[str]:
    """'trend_up' or 'trend_down' for each point, by the reference's choice of step."""
    n = len(values)
    rules = []
    for i in range(n):
        if i + 1 < n and in_trend[i] and in_trend[i + 1]:
            step = _sign(values[i + 1] - values[i])
        else:
            step = _sign(values[i] - values[i - 1]) if i else 0
        rules.append("trend_up" if step == 1 else "trend_down")
    return rules


def special_cause_rules(values: list[float], mean: float, spread: float | None) -> list[str | None]:
    """The rule that makes each figure of a segment special cause, or None (common cause).

    `spread` is the segment's mean moving range (None: undefined, so no limits). In order of
    precedence: outside a limit, part of a trend, two of three close to a limit, part of a
    run on one side of the mean.
    """
    sides = [_sign(v - mean) for v in values]
    if spread is None:
        outside = close = [False] * len(values)
    else:
        lower, upper = mean - LIMIT * spread, mean + LIMIT * spread
        near_low, near_high = mean - CLOSE * spread, mean + CLOSE * spread
        outside = [v > upper or v < lower for v in values]
        close = [
            not o and (v < near_low or v > near_high) for v, o in zip(values, outside, strict=True)
        ]
    in_trend = _part_of(_trend_flags(values))
    trend_rules = _trend_rules(values, in_trend)
    in_two_of_three = _two_of_three(close, sides)
    in_run = _part_of(_run_flags(sides))
    rules: list[str | None] = []
    for i, side in enumerate(sides):
        word = "above" if side > 0 else "below"
        if outside[i]:
            rules.append("above_upper" if side == 1 else "below_lower")
        elif in_trend[i]:
            rules.append(trend_rules[i])
        elif in_two_of_three[i]:
            rules.append(f"two_of_three_{word}")
        elif in_run[i]:
            rules.append(f"run_{word}")
        else:
            rules.append(None)
    return rules


def special_of(rule: str | None, better: str) -> str | None:
    """'improvement', 'concern' or 'neutral' for a rule, by the better direction."""
    if rule is None:
        return None
    if better == "neither":
        return "neutral"
    sign = _SIGN_OF_RULE[rule] * (1 if better == "higher" else -1)
    return "improvement" if sign > 0 else "concern"


def assurance_of(target, better: str, lower: float | None, upper: float | None) -> str | None:
    """'pass', 'fail' or 'hit_and_miss' for a target against a segment's limits.

    None without a target or a better direction. Strictly beyond a limit only; undefined
    limits read as 'hit_and_miss', as in the reference.
    """
    if target is None or better == "neither":
        return None
    target = float(target)
    if upper is not None and target > upper:
        return "fail" if better == "higher" else "pass"
    if lower is not None and target < lower:
        return "pass" if better == "higher" else "fail"
    return "hit_and_miss"


def _segment_bounds(count: int, rebase_at) -> list[tuple[int, int]]:
    """(start, stop) of each segment; rebases at 0 or beyond the values are ignored."""
    if not count:
        return []
    starts = sorted({0, *(i for i in rebase_at if 0 < i < count)})
    return list(zip(starts, [*starts[1:], count], strict=True))


def _read_segment(values, start: int, stop: int, better: str) -> tuple[Segment, list[Point]]:
    indexes = [i for i in range(start, stop) if values[i] is not None]
    figures = [float(values[i]) for i in indexes]
    mean = _mean(figures)
    spread = mean_moving_range(figures)
    lower = upper = None
    if spread is not None:
        lower, upper = mean - LIMIT * spread, mean + LIMIT * spread
    rules = special_cause_rules(figures, mean, spread) if figures else []
    read = {
        i: Point(i, v, mean, lower, upper, special_of(r, better), r)
        for i, v, r in zip(indexes, figures, rules, strict=True)
    }
    points = [
        read.get(i) or Point(i, None, None, None, None, None, None) for i in range(start, stop)
    ]
    variation = None
    if rules:
        variation = special_of(rules[-1], better) or "common_cause"
    segment = Segment(start, stop, len(figures), mean, lower, upper, variation)
    return segment, points


def xmr(values, *, better: str, target=None, rebase_at=()) -> Chart:
    """The XmR chart of `values` (numbers in time order, None for a month without a figure).

    `better` is "higher", "lower" or "neither"; `target` a number or None; `rebase_at` the
    0-based indexes where a new segment starts. Variation is the last segment's; assurance
    compares the target with the last segment's limits. See the module docstring for the
    rules and where they follow the NHSRplotthedots reference.
    """
    if better not in BETTER:
        raise ValueError(f"better must be one of {BETTER}, not {better!r}")
    values = list(values)
    segments, points = [], []
    for start, stop in _segment_bounds(len(values), rebase_at):
        segment, segment_points = _read_segment(values, start, stop, better)
        segments.append(segment)
        points.extend(segment_points)
    last = segments[-1] if segments else Segment(0, 0, 0, None, None, None, None)
    return Chart(
        points=tuple(points),
        segments=tuple(segments),
        variation=last.variation,
        assurance=assurance_of(target, better, last.lower, last.upper) if last.size else None,
        left_out=tuple(i for i, v in enumerate(values) if v is None),
    )


def latest(values, *, better: str, target=None, rebase_at=()) -> Latest:
    """The reading of the last figure of `values`, as `xmr` gives it, worked out from the last
    segment's mean and limits and the last RUN figures alone: a list of 400 measures needs
    no more, and `xmr` builds a point for every month. Arguments as for `xmr`."""
    if better not in BETTER:
        raise ValueError(f"better must be one of {BETTER}, not {better!r}")
    values = values if isinstance(values, list | tuple) else list(values)
    count = len(values)
    start = max((i for i in rebase_at if 0 < i < count), default=0) if rebase_at else 0
    figures = tuple(map(float, filter(_is_figure, values[start:])))
    if not figures:
        return Latest(Segment(start, count, 0, None, None, None, None), (), None, None, None)
    mean = math.fsum(figures) / len(figures)
    spread = mean_moving_range(figures)
    lower = upper = None
    if spread is not None:
        lower, upper = mean - LIMIT * spread, mean + LIMIT * spread
    rule = _last_rule(figures, mean, spread)
    variation = special_of(rule, better) or "common_cause"
    return Latest(
        segment=Segment(start, count, len(figures), mean, lower, upper, variation),
        figures=figures,
        rule=rule,
        variation=variation,
        assurance=assurance_of(target, better, lower, upper),
    )


def _last_rule(values, mean: float, spread: float | None) -> str | None:
    """`special_cause_rules(values, mean, spread)[-1]`, from the last RUN values: the last
    point is in a trend or a run only if the RUN points ending at it are, and in "two of
    three" only through the last three. (For floats, `_sign(b - a) == 1` is `b > a`.)"""
    last = values[-1]
    side = _sign(last - mean)
    word = "above" if side > 0 else "below"
    if spread is not None:
        lower, upper = mean - LIMIT * spread, mean + LIMIT * spread
        if last > upper or last < lower:
            return "above_upper" if side == 1 else "below_lower"
    tail = values[-RUN:]
    whole = len(tail) == RUN
    if whole and all(map(lt, tail, tail[1:])):
        return "trend_up"
    if whole and all(map(gt, tail, tail[1:])):
        return "trend_down"
    three = tail[-3:]
    if spread is not None and len(three) == 3 and side and _on_side(three, mean, side):
        near_low, near_high = mean - CLOSE * spread, mean + CLOSE * spread
        close = [not (v > upper or v < lower) and (v < near_low or v > near_high) for v in three]
        if close[-1] and sum(close) >= 2:
            return f"two_of_three_{word}"
    if whole and side and _on_side(tail, mean, side):
        return f"run_{word}"
    return None


def _on_side(values, mean: float, side: int) -> bool:
    """Whether every value is above the mean (side 1) or every one below it (side -1)."""
    return min(values) > mean if side > 0 else max(values) < mean
