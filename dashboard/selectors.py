"""The reads behind the Improvement Board pages.

Every function runs a fixed number of queries whatever the size of the plan: the
scorecard comes from `measures.scorecard.plan_scorecard`, everything else is fetched
with its select_related / prefetch_related here. RAG, trend and gap come from the rules
modules (through the scorecard and the models), never worked out here.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Exists, F, OuterRef, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone

from comparators.models import Place
from comparators.selectors import published_years
from exceptions.models import ExceptionReport
from improvement import rules as plan_rules
from improvement.action_rows import ActionRow, read_rows
from improvement.models import Action, Plan, Recommendation, ReportingPeriod, ServiceArea
from improvement.rules import RAG, worst_rag
from measures.models import KIND_ORDER, Actual, Measure
from measures.scorecard import (
    HISTORY_LENGTH,
    measure_reading,
    measure_row,
    plan_scorecard,
    recent_periods,
)

from .filters import ActionFilter
from .forms import PeriodForm, month_from_key

# Plans, areas, measures and periods -------------------------------------------------------


def plan_get(*, slug) -> Plan:
    return get_object_or_404(Plan, slug=slug)


def area_get(*, plan, area_id) -> ServiceArea:
    """An area of this plan: 404 for an unknown area or another plan's."""
    return get_object_or_404(plan.areas, pk=area_id)


def measure_get(*, plan, measure_id) -> Measure:
    """A measure of this plan with its area (404 otherwise)."""
    measure = get_object_or_404(
        Measure.objects.select_related("area"), pk=measure_id, area__plan=plan
    )
    measure.area.plan = plan
    return measure


class PeriodChoice:
    """The period in view: ?period=YYYY-MM, else the board's month
    (improvement.rules.board_period: the latest locked or with a submitted return), with why
    it was chosen, the plan's periods and the picker's form. Reads the periods, and whether
    each has a submitted return, in one query."""

    def __init__(self, *, plan, data):
        self.plan = plan
        submitted = ExceptionReport.objects.filter(
            period=OuterRef("pk"), status=ExceptionReport.Status.SUBMITTED
        )
        self.periods = list(  # newest first
            plan.periods.annotate(has_submitted_return=Exists(submitted)).order_by("-month")
        )
        self.asked_for = data.get("period") or ""
        self.asked = bool(self.asked_for)
        self.form = PeriodForm(data if self.asked else None, periods=self.periods)
        self.board = plan_rules.board_period(
            [(p.month, p.is_locked, p.has_submitted_return) for p in self.periods],
            today=timezone.localdate(),
        )
        self.default = self._of_month(self.board.month) if self.board else None
        self.basis = self.board.basis if self.board else None
        if self.asked:
            self.period = self.form.cleaned_data.get("period") if self.form.is_valid() else None
        else:
            self.period = self.default

    def _of_month(self, month):
        return next((p for p in self.periods if p.month == month), None)

    def prefer(self, month, basis):
        """Open on another month when none was asked for (a measure's page: its latest
        figure's), saying why."""
        period = self._of_month(month)
        if not self.asked and period is not None:
            self.period, self.default, self.basis = period, period, basis

    @property
    def not_found(self):
        """A month was asked for that has no period (the page says so, with the nearest)."""
        return self.asked and self.period is None

    @property
    def asked_month(self):
        """The month asked for, when the address names one (?period=2031-01)."""
        return month_from_key(self.asked_for)

    @property
    def before(self):
        """The plan's nearest period before the month asked for (and not found)."""
        month = self.asked_month
        return next((p for p in self.periods if month and p.month < month), None)

    @property
    def after(self):
        """The plan's nearest period after the month asked for (and not found)."""
        month = self.asked_month
        return next((p for p in reversed(self.periods) if month and p.month > month), None)

    @property
    def in_progress(self):
        """Later periods that have begun, their returns still being completed."""
        if self.asked or self.board is None or self.period != self._of_month(self.board.month):
            return []
        return [self._of_month(month) for month in self.board.in_progress]

    @property
    def judged_on(self):
        """The date the page judges actions at: the period's (ReportingPeriod.judged_on);
        today for a plan with no periods yet, whose actions are all there is to list."""
        if self.period is None:
            return plan_rules.judged_at(today=timezone.localdate())
        return self.period.judged_on()

    @property
    def previous(self):
        """The period before the one in view."""
        if self.period is None:
            return None
        earlier = [p for p in self.periods if p.month < self.period.month]
        return earlier[0] if earlier else None


def period_choose(*, plan, data) -> PeriodChoice:
    """The period asked for with ?period=YYYY-MM, else the board's month."""
    return PeriodChoice(plan=plan, data=data)


def measure_latest_figure(*, measure, choice):
    """Open a measure's page on the latest period with a figure for it
    (improvement.rules.latest_with_value), when no period was asked for."""
    if choice.asked:
        return
    values = dict(
        Actual.objects.filter(measure=measure, value__isnull=False)
        .order_by()
        .values_list("period_id", "value")
    )
    oldest_first = reversed(choice.periods)
    found = plan_rules.latest_with_value((p.month, values.get(p.pk)) for p in oldest_first)
    if found:
        choice.prefer(found[0], plan_rules.PeriodBasis.LATEST_FIGURE)


# RAG at a glance -------------------------------------------------------------------------


@dataclass
class ChangedMeasure:
    area: ServiceArea
    row: object  # measures.scorecard.MeasureRow


# How "Is it real change?" groups the measures by their SPC reading (measures.spc_words):
# the variation readings in the order the board reads them, then the assurance readings.
VARIATION_GROUPS = ("concern", "improvement", "neutral", "common_cause", "not_enough")
ASSURANCE_GROUPS = ("fail", "hit_and_miss", "pass", "none")
SPECIAL_ORDER = {"concern": 0, "improvement": 1, "neutral": 2}


@dataclass
class Glance:
    summaries: list  # [AreaSummary]
    changed: list = field(default_factory=list)  # [ChangedMeasure], worst first
    awaiting: int = 0  # measures whose figure for the period is not in yet
    readings: bool = False  # whether the measures have their SPC readings
    special: list = field(default_factory=list)  # [ChangedMeasure]: special cause, concern first
    variation_counts: dict = field(default_factory=dict)  # VARIATION_GROUPS -> how many
    assurance_counts: dict = field(default_factory=dict)  # ASSURANCE_GROUPS -> how many

    @property
    def area_rag_counts(self):
        """How many areas are Red, Amber, Green or not yet judged (current RAG)."""
        counts = Counter(s.current_rag or RAG.NO_DATA for s in self.summaries)
        return {
            "red": counts[RAG.RED],
            "amber": counts[RAG.AMBER],
            "green": counts[RAG.GREEN],
            "blue": counts[RAG.BLUE],
            "no_data": counts[RAG.NO_DATA] + counts[RAG.NOT_RATED],
        }

    @property
    def measure_rag_counts(self):
        total = Counter()
        for summary in self.summaries:
            total.update(summary.rag_counts)
        return dict(total)

    @property
    def concerning(self):
        """The special-cause measures whose latest month is a change for the worse: what RAG
        at a glance and the board pack list (each scorecard gives every reading)."""
        return [c for c in self.special if c.row.reading.variation == "concern"]

    @property
    def overdue_count(self):
        return sum(len(s.overdue_actions) for s in self.summaries)


def glance_get(*, plan, period, full=False, plan_periods=None, readings=True) -> Glance:
    """Every area as it stands in the period, the measures whose RAG moved from one rating
    to another (measures.rules.rag_moved) and how many figures the period still awaits.

    RAG at a glance needs only this period and the last; `full` adds what the board pack
    and the scorecard download show: twelve periods of history and the comparators.
    With `readings` (the pages' default), each measure's SPC reading, and the measures
    counted by reading and the special-cause ones listed ("Is it real change?").
    """
    if full:
        summaries = plan_scorecard(plan, period, plan_periods=plan_periods, readings=readings)
    else:
        summaries = plan_scorecard(
            plan,
            period,
            history_length=2,
            benchmarks=False,
            plan_periods=plan_periods,
            readings=readings,
        )
    changed = [
        ChangedMeasure(summary.area, row)
        for summary in summaries
        for row in summary.measures
        if row.rag_changed
    ]
    changed.sort(key=lambda c: (-RAG(c.row.rag).severity, c.area.order, c.row.measure.order))
    awaiting = sum(row.awaiting_figure for summary in summaries for row in summary.measures)
    glance = Glance(summaries=summaries, changed=changed, awaiting=awaiting, readings=readings)
    if readings:
        _count_readings(glance)
    return glance


def _count_readings(glance):
    """Count the measures by variation and assurance reading, and list those whose latest
    month is special cause: concerning first, then improving, then neutral (in the plan's
    order within each)."""
    variation, assurance, special = Counter(), Counter(), []
    for summary in glance.summaries:
        for row in summary.measures:
            reading = row.reading
            variation[reading.variation if reading.enough else "not_enough"] += 1
            assurance[reading.assurance or "none"] += 1
            if reading.is_special:
                special.append(ChangedMeasure(summary.area, row))
    special.sort(key=lambda c: SPECIAL_ORDER[c.row.reading.variation])  # stable: plan order
    glance.variation_counts = {group: variation[group] for group in VARIATION_GROUPS}
    glance.assurance_counts = {group: assurance[group] for group in ASSURANCE_GROUPS}
    glance.special = special


def area_summary_get(*, plan, area, period, plan_periods=None):
    """One area's scorecard for the period."""
    [summary] = plan_scorecard(
        plan, period, area_ids=[area.pk], plan_periods=plan_periods, readings=True
    )
    return summary


def scorecard_download_get(*, plan, period, plan_periods=None):
    """Every area's scorecard for the .xlsx download (see exports.scorecard_xlsx).

    The download shows a measure's last known figure when it has none this period: that
    is all it needs the twelve periods of history for. So it reads this period and the
    last, as RAG at a glance does, with the comparators; then, only for the few measures
    with a figure in neither, their older figures, up to twelve periods back (one more
    query, and only when there are such measures).
    """
    summaries = plan_scorecard(
        plan, period, history_length=2, plan_periods=plan_periods, readings=True
    )
    gaps = [row for summary in summaries for row in summary.measures if row.last_known is None]
    older = recent_periods(period, HISTORY_LENGTH, plan_periods)[:-2] if gaps else []
    if older:
        actuals = Actual.objects.filter(
            measure_id__in=[row.measure.pk for row in gaps], period_id__in=[p.pk for p in older]
        ).order_by()
        by_measure_period = {(a.measure_id, a.period_id): a for a in actuals}
        for row in gaps:
            row.history = [
                (p, by_measure_period.get((row.measure.pk, p.pk))) for p in older
            ] + row.history
    return summaries


# Measure page ----------------------------------------------------------------------------


@dataclass
class MeasureDetail:
    measure: Measure
    points: list  # [MeasureRow], one per period, oldest first
    benchmarks: list  # [Benchmark], board's order of kinds, newest year first within each
    latest_benchmarks: dict  # kind -> Benchmark
    rebases: list = field(default_factory=list)  # [Rebase] to the period, oldest first
    published: list = field(default_factory=list)  # [Comparison] of its indicator, newest first

    @property
    def published_latest(self):
        """The latest published year the council has a figure for (else the latest)."""
        with_value = [c for c in self.published if c.value is not None]
        return (with_value or self.published or [None])[0]

    @property
    def reading(self):
        """The SPC reading (measures.spc_words.Reading) of every figure to the period."""
        return self.latest.reading if self.latest else None

    @property
    def latest(self):
        return self.points[-1] if self.points else None

    @property
    def targets(self):
        """[(Target, its words)]: "above 95%" or "95% or more", oldest first."""
        return [(t, self.measure.target_words(t)) for t in self.measure.targets.all()]


def measure_detail_get(*, measure, period, plan_periods) -> MeasureDetail:
    """A measure's figures for every period of its plan (`plan_periods`, read already) up to
    `period`."""
    periods = recent_periods(period, len(plan_periods), plan_periods) if period else []
    actuals = Actual.objects.filter(measure=measure, period_id__in=[p.pk for p in periods])
    by_measure_period = {
        (a.measure_id, a.period_id): a for a in actuals.select_related("entered_by")
    }
    prefetch_related_objects([measure], "targets", "benchmarks")  # read once, used each period
    points = [
        measure_row(measure, periods[: i + 1], by_measure_period, periods[i - 1] if i else None)
        for i in range(len(periods))
    ]
    benchmarks = sorted(  # newest year first within a kind; a year not stated last
        measure.benchmarks.all(),
        key=lambda b: (KIND_ORDER.index(b.kind), b.year is None, -(b.year or 0)),
    )
    latest_benchmarks = {}
    for benchmark in benchmarks:
        latest_benchmarks.setdefault(benchmark.kind, benchmark)
    rebases = measure.rebases.filter(period__in=periods).select_related("period", "created_by")
    rebases = list(rebases)
    if points:
        points[-1].reading = measure_reading(
            measure,
            [p.month for p in periods],
            [row.value for row in points],
            [r.period.month for r in rebases],
            points[-1].target,
        )
    detail = MeasureDetail(measure, points, benchmarks, latest_benchmarks, rebases)
    detail.published = measure_published(measure)
    return detail


def measure_published(measure) -> list:
    """Every published year of the measure's national indicator for its plan's council,
    newest first (comparators.selectors); none when it is not linked or the plan names no
    council."""
    plan = measure.area.plan
    if not measure.indicator_id or plan.council_id is None:
        return []
    years = published_years(
        Place(pk=plan.council_id), measure.indicator, model=plan.neighbour_model
    )
    return years[::-1]


# Action tracker --------------------------------------------------------------------------


def plan_actions(plan):
    """The plan's actions in the plan's order."""
    return Action.objects.filter(area__plan=plan).order_by(
        "area__order", "area__name", "order", "reference", "pk"
    )


def attach_recommendations(rows):
    """Give each row its recommendations in one query: only the rows a page shows (25 of
    perhaps thousands) or a download writes need them, so the tracker reads no more."""
    for row in rows:
        row.recommendations = []
    if not rows:
        return rows
    by_action = {}
    for row in rows:
        by_action.setdefault(row.action.id, []).append(row)
    links = (
        Action.recommendations.through.objects.filter(action_id__in=list(by_action))
        .select_related("recommendation")
        .order_by("recommendation__order", "recommendation__pk")
    )
    for link in links:
        for row in by_action[link.action_id]:
            row.recommendations.append(link.recommendation)
    return rows


def action_list(*, plan, filters, on, download=False):
    """The plan's actions narrowed by the tracker's filters and judged on a date (the
    period's: ReportingPeriod.judged_on): (filterset, [ActionRow]); a download reads the
    whole of each action, the page only what its rows show."""
    filterset = ActionFilter(filters or None, queryset=plan_actions(plan), plan=plan)
    areas = {area.pk: area for area in plan.areas.all()}
    if download:
        rows = [ActionRow.judged(action, areas[action.area_id], on) for action in filterset.qs]
    else:
        rows = list(read_rows(filterset.qs, on=on, areas=areas))
    return filterset, filterset.filter_rows(rows)


# Recommendations -------------------------------------------------------------------------


@dataclass
class RecommendationProgress:
    recommendation: Recommendation
    rows: list  # [ActionRow]

    @property
    def total(self):
        return len(self.rows)

    @cached_property
    def complete(self):
        return sum(1 for row in self.rows if row.is_complete)

    @cached_property
    def overdue(self):
        return sum(1 for row in self.rows if row.overdue)

    @cached_property
    def rag_counts(self):
        counts = Counter(RAG(row.rag) for row in self.rows)
        return {rag.value: counts[rag] for rag in (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE)}

    @cached_property
    def worst_rag(self):
        """The worst BRAG of its actions: Red, Amber, Green, or Blue when all are complete."""
        return worst_rag(row.rag for row in self.rows)

    @property
    def areas(self):
        seen = {}
        for row in self.rows:
            seen.setdefault(row.area.pk, row.area)
        return list(seen.values())


def recommendation_list(*, plan, on):
    """Each recommendation with its actions judged on a date (the period's:
    ReportingPeriod.judged_on), grouped by source: [(source label, [progress])].

    The actions come in one query, one row per link to a recommendation, each with the
    recommendation it answers (no prefetch: a county's plan links 1,500 actions)."""
    areas = {area.pk: area for area in plan.areas.all()}
    links = (
        Action.objects.filter(recommendations__plan=plan)
        .annotate(answers=F("recommendations"))
        .order_by("area__order", "order", "reference", "pk")
    )
    rows_of = defaultdict(list)
    for row in read_rows(links, on=on, areas=areas, extra=["answers"]):
        rows_of[row.action.answers].append(row)
    groups = defaultdict(list)
    for recommendation in plan.recommendations.order_by("order", "reference", "pk"):
        groups[recommendation.source].append(
            RecommendationProgress(recommendation, rows_of[recommendation.pk])
        )
    labels = dict(Recommendation.Source.choices)
    return [
        (labels[source], groups[source])
        for source, _ in Recommendation.Source.choices
        if groups[source]
    ]


# Board pack ------------------------------------------------------------------------------


@dataclass
class BoardPack:
    glance: Glance
    period: ReportingPeriod

    @property
    def summaries(self):
        return self.glance.summaries

    @property
    def reported(self):
        """Areas whose RAG changed or is Red or Amber: their exception reports go in the pack."""
        return [s for s in self.summaries if s.needs_exception_report]

    @property
    def overdue(self):
        return [row for s in self.summaries for row in s.overdue_actions]

    @cached_property
    def as_of(self):
        """The date the pack's actions are judged at."""
        return self.period.judged_on()


def board_pack_get(*, plan, period, plan_periods=None) -> BoardPack:
    glance = glance_get(plan=plan, period=period, full=True, plan_periods=plan_periods)
    return BoardPack(glance=glance, period=period)
