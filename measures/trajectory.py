"""Target trajectories: the target a month is judged against when a target is to be reached
in a straight line, month by month, rather than in one step on its date.

Plain functions with no Django imports. A target marked as a trajectory ("reach 80% by March
2021, steadily") is approached from the target in force before it, or from the measure's
baseline when none is: each month in between is judged against the straight line's value for
that month, rounded to the decimal places the measure's figures are recorded to (the board
reads the trajectory as it reads a figure). Typed interim targets (a target per date, no
trajectory) are steps, as `rules.target_in_force` reads them.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from . import rules


@dataclass(frozen=True)
class TrajectoryPoint:
    """The trajectory's value in one month: judged like a target (value, upper, strict)."""

    effective_from: date  # the month
    value: Decimal
    toward: object  # the target the trajectory leads to (effective_from, value, ...)
    start: date  # where the straight line starts: the earlier target's date or the baseline's
    start_value: Decimal
    upper = None
    trajectory = True

    @property
    def strict(self) -> bool:
        return bool(getattr(self.toward, "strict", False))


def months_between(start: date, end: date) -> int:
    """Whole months from start's month to end's month (January to March is 2)."""
    return (end.year - start.year) * 12 + end.month - start.month


def straight_line(start_value, start: date, end_value, end: date, month: date, places=None):
    """The value a straight line from (start, start_value) to (end, end_value) has in `month`,
    rounded half up to `places` decimals when given."""
    start_value, end_value = Decimal(start_value), Decimal(end_value)
    length = months_between(start, end)
    if length <= 0:
        return end_value
    value = start_value + (end_value - start_value) * months_between(start, month) / length
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return value


def target_on(targets, month: date, *, baseline=None, baseline_date=None, decimal_places=None):
    """What a figure for `month` is judged against: a TrajectoryPoint while the next target is
    a trajectory and the line has somewhere to start (an earlier target, else a dated
    baseline); otherwise the target in force (rules.target_in_force), or None.

    A trajectory needs a single value: a target range is a step, never a line.
    """
    in_force = rules.target_in_force(targets, month)
    upcoming = rules.next_target(targets, month)
    if upcoming is None or not getattr(upcoming, "trajectory", False):
        return in_force
    if getattr(upcoming, "upper", None) is not None:
        return in_force
    if in_force is not None:
        start, start_value = in_force.effective_from, in_force.value
    elif baseline is not None and baseline_date is not None and baseline_date <= month:
        start, start_value = baseline_date, baseline
    else:
        return in_force
    value = straight_line(
        start_value, start, upcoming.value, upcoming.effective_from, month, decimal_places
    )
    return TrajectoryPoint(month, value, upcoming, start, Decimal(start_value))


def is_trajectory(target) -> bool:
    """Whether what a month is judged against is a point on a trajectory (not a target)."""
    return isinstance(target, TrajectoryPoint)


def trajectory_gap_words(actual, point: TrajectoryPoint, *, direction, unit, noun="") -> str:
    """How a figure stands against the trajectory: "On trajectory", "Behind trajectory by 2.5
    percentage points" or "Ahead of trajectory by 4 days". A strict target's trajectory is met
    only by a better figure, as the target is."""
    gap = rules.gap_to_target(actual, direction=direction, target=point.value)
    if gap is None:
        return ""
    better = -gap if rules.Direction(direction) is rules.Direction.LOWER else gap
    if better == 0:
        return "At trajectory; needs to be better" if point.strict else "On trajectory"
    amount = rules.amount_words(gap, unit, noun)
    return f"{'Ahead of' if better > 0 else 'Behind'} trajectory by {amount}"
