"""What an SPC chart (measures.spc) says, in words a councillor meeting SPC for the first time
can read: the readings of a measure, the icons that stand for them, and a month's reading.

Plain functions with no Django imports. `read(values, months, better=..., target=...,
rebase_months=...)` is the one entry point pages use: it returns a `Reading` with the chart,
whether there are enough months to judge variation (spc.MIN_POINTS in the last segment),
and the readings in words. With too few months it says so ("Not enough months to judge
variation (8 of 12)") and gives no variation or assurance reading: the page keeps the plain
month-on-month direction of travel instead.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from . import spc

VARIATION_LABELS = {
    "common_cause": "Common cause",
    "improvement": "Special cause, improving",
    "concern": "Special cause, concerning",
    "neutral": "Special cause",
}
ASSURANCE_LABELS = {
    "pass": "Consistently passing",
    "fail": "Consistently failing",
    "hit_and_miss": "Hit and miss",
}
ASSURANCE_WORDS = {
    "pass": "the target is outside the normal range, so every month should meet it",
    "fail": "the target is outside the normal range, so no month will meet it without a change",
    "hit_and_miss": "the target is inside the normal range",
}
# What each rule means, for a month in a table and for the key.
RULE_WORDS = {
    "above_upper": "above the upper process limit",
    "below_lower": "below the lower process limit",
    "trend_up": f"{spc.RUN} or more months in a row each higher than the last",
    "trend_down": f"{spc.RUN} or more months in a row each lower than the last",
    "two_of_three_above": "2 of 3 months close to the upper process limit",
    "two_of_three_below": "2 of 3 months close to the lower process limit",
    "run_above": f"{spc.RUN} or more months in a row above the mean",
    "run_below": f"{spc.RUN} or more months in a row below the mean",
}
# Icons (static/images/spc/<name>.svg): a letter in a circle says high or low, so the icon
# never relies on its colour; the words beside it always say the reading.
NOT_ENOUGH_ICON = "not-enough"


@dataclass(frozen=True, eq=False)
class Reading:
    """A measure's SPC reading at the last month of its series.

    The readings come from the last figure's (spc.latest: the same as the chart's), and
    their words and icons are written when first asked for; the chart itself (`chart`,
    spc.xmr) is drawn from the series when first asked for. RAG at a glance reads 400
    measures' readings to count them and shows the words of a few."""

    values: tuple  # the figures, one per month (None for none), as read
    months: tuple  # the month (date) of each point
    better: str
    target: object  # the target assurance is judged against, or None
    rebase_at: tuple  # indexes of the months a new process started
    latest: spc.Latest  # the last figure's reading
    # Worked out once, as the reading is made (a list of 400 measures asks each many times):
    enough: bool = field(init=False)  # enough months in the last segment to judge variation
    variation: str | None = field(init=False)  # as spc.Chart.variation; None if not enough
    assurance: str | None = field(init=False)  # as spc.Chart.assurance; None if not enough
    is_special: bool = field(init=False)  # enough months, and the last is special cause

    def __post_init__(self):
        enough = self.latest.segment.size >= spc.MIN_POINTS
        variation = self.latest.variation if enough else None
        set_once = object.__setattr__  # the dataclass is frozen: each is set here, once
        set_once(self, "enough", enough)
        set_once(self, "variation", variation)
        set_once(self, "assurance", self.latest.assurance if enough else None)
        set_once(self, "is_special", enough and variation != "common_cause")

    @cached_property
    def variation_text(self) -> str:
        return variation_words(self.latest)

    @property
    def assurance_text(self) -> str:
        """ "" when there is no assurance reading."""
        return assurance_words(self.assurance)

    @cached_property
    def variation_icon(self) -> str:
        return variation_icon(self.latest)

    @property
    def assurance_icon(self) -> str:
        """ "" when there is no assurance reading."""
        return self.assurance.replace("_", "-") if self.assurance else ""

    @property
    def rebased_from(self) -> date | None:
        """The first month of the last segment, when rebased."""
        start = self.latest.segment.start
        return self.months[start] if start else None

    @cached_property
    def chart(self) -> spc.Chart:
        """The XmR chart of the whole series (spc.xmr)."""
        return spc.xmr(
            self.values, better=self.better, target=self.target, rebase_at=self.rebase_at
        )

    @property
    def size(self) -> int:
        return self.latest.segment_size

    @property
    def label(self) -> str:
        """The variation reading in a few words, e.g. "Special cause, improving"."""
        if not self.enough:
            return "Not enough months"
        return VARIATION_LABELS[self.variation]

    @property
    def assurance_label(self) -> str:
        return ASSURANCE_LABELS[self.assurance] if self.assurance else ""

    @property
    def left_out_text(self) -> str:
        """The months without a figure, which the chart leaves out, e.g. "2 months without a
        figure are left out: March 2020, April 2020"; "" when there are none."""
        missing = [self.months[i] for i in self.chart.left_out]
        if not missing:
            return ""
        names = ", ".join(f"{month:%B %Y}" for month in missing)
        if len(missing) == 1:
            return f"1 month without a figure is left out: {names}"
        return f"{len(missing)} months without a figure are left out: {names}"


def not_enough_words(size: int) -> str:
    return f"Not enough months to judge variation ({size} of {spc.MIN_POINTS})"


def _streak(values: list[float], rule: str, mean: float) -> int:
    """How many months in a row, ending at the last, keep to the rule's pattern (a run on one
    side of the mean, or a trend)."""
    count = 1
    for i in range(len(values) - 1, 0, -1):
        if rule.startswith("trend"):
            step = values[i] - values[i - 1]
            if not (step > 0 if rule == "trend_up" else step < 0):
                break
        else:
            side = values[i - 1] - mean
            if not (side > 0 if rule == "run_above" else side < 0):
                break
        count += 1
    return count


def _read(chart) -> spc.Latest:
    """The last figure's reading: a spc.Latest as it is, or a spc.Chart's last."""
    if isinstance(chart, spc.Latest):
        return chart
    if not chart.segments:
        return spc.Latest(spc.Segment(0, 0, 0, None, None, None, None), (), None, None, None)
    last = chart.segments[-1]
    points = [p for p in chart.points[last.start : last.stop] if p.value is not None]
    return spc.Latest(
        segment=last,
        figures=tuple(p.value for p in points),
        rule=points[-1].rule if points else None,
        variation=chart.variation,
        assurance=chart.assurance,
    )


def variation_words(chart: spc.Chart | spc.Latest) -> str:
    """The last month's reading in words, e.g. "Special cause, improving: 7 months in a row
    above the mean" or "Common cause: the latest month is within normal variation"."""
    read = _read(chart)
    if not read.enough_points:
        return not_enough_words(read.segment_size)
    if read.variation == "common_cause":
        return "Common cause: the latest month is within normal variation"
    rule = read.rule
    if rule in ("run_above", "run_below", "trend_up", "trend_down"):
        count = _streak(read.figures, rule, read.segment.mean)
        detail = {
            "run_above": f"{count} months in a row above the mean",
            "run_below": f"{count} months in a row below the mean",
            "trend_up": f"{count} months in a row each higher than the last",
            "trend_down": f"{count} months in a row each lower than the last",
        }[rule]
    elif rule in ("above_upper", "below_lower"):
        detail = f"the latest month is {RULE_WORDS[rule]}"
    else:
        detail = RULE_WORDS[rule]
    return f"{VARIATION_LABELS[read.variation]}: {detail}"


def assurance_words(assurance: str | None) -> str:
    """E.g. "Hit and miss: the target is inside the normal range"; "" for no reading."""
    if assurance is None:
        return ""
    return f"{ASSURANCE_LABELS[assurance]}: {ASSURANCE_WORDS[assurance]}"


def variation_icon(chart: spc.Chart | spc.Latest) -> str:
    """The icon's name: "common-cause", "improvement-high", "concern-low", "neutral-high"...,
    or NOT_ENOUGH_ICON."""
    read = _read(chart)
    if not read.enough_points:
        return NOT_ENOUGH_ICON
    if read.variation == "common_cause":
        return "common-cause"
    high = spc._SIGN_OF_RULE[read.rule] > 0
    return f"{read.variation}-{'high' if high else 'low'}"


def point_words(point: spc.Point) -> str:
    """One month's reading for a table: "Common cause", "Special cause, concerning: below the
    lower process limit", or "No figure"."""
    if point.value is None:
        return "No figure"
    if point.special is None:
        return "Common cause"
    return f"{VARIATION_LABELS[point.special]}: {RULE_WORDS[point.rule]}"


def read(values, months, *, better: str, target=None, rebase_months=()) -> Reading:
    """The SPC reading of a series: `values` in time order (None for a month without a
    figure), `months` the month of each, `rebase_months` the months a new process started."""
    values = values if isinstance(values, tuple) else tuple(values)
    months = months if isinstance(months, tuple) else tuple(months)
    rebase_at = ()
    if rebase_months:
        starts = set(rebase_months)
        rebase_at = tuple(i for i, month in enumerate(months) if month in starts)
    last = spc.latest(values, better=better, target=target, rebase_at=rebase_at)
    return Reading(values, months, better, target, rebase_at, last)
