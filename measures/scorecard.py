"""Where a plan stands in a period: the one read behind RAG at a glance, scorecards,
the board pack and the monthly returns.

`plan_scorecard(plan, period)` runs a fixed number of queries whatever the size of the
plan, and returns plain objects with every RAG, trend and gap already worked out by the
rules (`measures.rules`, `improvement.rules`, `exceptions.rules`).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from comparators.models import Indicator, Place
from comparators.selectors import comparisons_for
from exceptions import rules as area_rules
from exceptions.models import ExceptionReport
from improvement import rules as plan_rules
from improvement.action_rows import by_outcome, read_rows
from improvement.models import Action, ReportingPeriod, ServiceArea
from improvement.rules import RAG, Trend

from . import published, rules, series, spc_words
from .models import KIND_ORDER, Actual, Benchmark, Measure, Rebase, Target

HISTORY_LENGTH = 12
# Where plan_scorecard leaves each measure's targets and benchmarks (Prefetch to_attr).
TARGETS = "scorecard_targets"
BENCHMARKS = "scorecard_benchmarks"


@dataclass
class MeasureRow:
    measure: Measure
    actual: Actual | None
    previous: Actual | None
    target: object | None  # Target in force in the period
    rag: RAG
    previous_rag: RAG
    trend: Trend
    gap_text: str
    history: list  # [(ReportingPeriod, Actual | None)], oldest first, ending at the period
    benchmarks: dict = field(default_factory=dict)  # kind -> latest Benchmark
    later_target: object | None = None  # the next target, when none is in force yet
    reading: spc_words.Reading | None = None  # the SPC reading of its figures to the period
    published: object | None = None  # comparators.comparisons.Comparison, latest year

    @property
    def period(self):
        return self.history[-1][0] if self.history else None

    @property
    def value(self):
        return self.actual.value if self.actual else None

    @property
    def rag_changed(self):
        """Rated in both periods, differently (a figure not in yet is no change)."""
        return rules.rag_moved(self.previous_rag, self.rag)

    @property
    def awaiting_figure(self):
        """The period still waits for this measure's figure (measures.rules)."""
        actual = self.actual
        return rules.awaiting_figure(
            actual.value if actual else None,
            actual.missing_reason if actual else "",
            self.measure.frequency,
        )

    @property
    def target_text(self):
        """The target in force in words ("above 95%"), else "No target"."""
        return self.measure.target_words(self.target)

    @property
    def later_target_text(self):
        """The next target when none is in force yet ("Target of 200 from April 2023")."""
        return self.measure.later_target_words(self.later_target) if self.later_target else ""

    @property
    def comparators(self):
        """The latest comparator of each kind, in the board's order: SN, regional, England."""
        return [self.benchmarks[kind] for kind in KIND_ORDER if kind in self.benchmarks]

    @cached_property
    def comparator_lines(self):
        """What the board reads of the comparators: the published ones of a linked measure
        (measures.published), else those typed in, labelled as typed."""
        if self.published is not None:
            return published.published_lines(self.measure, self.published)
        return published.typed_lines(self.measure, self.comparators)

    @cached_property
    def cells(self):
        """What a scorecard row shows, formatted once: a board pack lists hundreds of rows,
        and a template reads a dict's keys far faster than attributes of attributes."""
        measure, actual, target = self.measure, self.actual, self.target
        known = self.last_known
        return {
            "name": measure.title,
            "url": measure.get_absolute_url(),
            "baseline": measure.format(measure.baseline) if measure.baseline is not None else "",
            "baseline_text": measure.baseline_text,
            "baseline_date": measure.baseline_date,
            "value": measure.format(self.value) if self.value is not None else "",
            "period": self.period.short_label,
            "missing_reason": actual.missing_reason if actual else "",
            "last_known": (measure.format(known[1].value), known[0].short_label) if known else "",
            "target": measure.target_words(target) if target else "",
            "later_target": self.later_target_text,
            "gap": self.gap_text,
            "rag": self.rag,
            "trend": self.trend,
            "reading": self.reading,
            "comparators": self.comparator_lines,
            "published": self.published,
            "rank": published.rank_words(self.published) if self.published else "",
            "local_indicator": measure.local_indicator,
            "source": measure.source_label,
        }

    @cached_property
    def figures(self):
        """The history as [(period, value, value in words)], each value written once for the
        charts that read it out ("" where there is none)."""
        fmt = self.measure.format
        return [
            (period, value, fmt(value) if value is not None else "")
            for period, value in (
                (period, actual.value if actual is not None else None)
                for period, actual in self.history
            )
        ]

    @property
    def last_known(self):
        """(period, Actual) of the latest figure with a value, or None."""
        found = plan_rules.latest_with_value(
            (pair, pair[1].value if pair[1] else None) for pair in self.history
        )
        return found[0] if found else None


@dataclass
class AreaSummary:
    area: ServiceArea
    measures: list  # [MeasureRow]
    actions: list  # [improvement.action_rows.ActionRow]
    report: ExceptionReport | None
    previous_report: ExceptionReport | None

    @cached_property
    def suggested_rag(self):
        """The RAG the area's measures and actions suggest (exceptions.rules)."""
        return area_rules.suggested_rag(
            [row.rag for row in self.measures], [row.rag for row in self.actions]
        )

    @cached_property
    def no_suggestion(self):
        """Why the data suggests no RAG, in words ("Awaiting figures"); "" when it does."""
        return area_rules.no_suggestion_words(
            [row.rag for row in self.measures], [row.rag for row in self.actions]
        )

    @cached_property
    def rag_counts(self):
        counts = Counter(row.rag for row in self.measures)
        return {
            "red": counts[RAG.RED],
            "amber": counts[RAG.AMBER],
            "green": counts[RAG.GREEN],
            "no_data": counts[RAG.NO_DATA],
            "not_rated": counts[RAG.NOT_RATED],
        }

    @cached_property
    def outcome_groups(self):
        """The actions under their outcomes' headings, as the plan groups them."""
        return by_outcome(self.actions)

    @cached_property
    def overdue_actions(self):
        return [row for row in self.actions if row.overdue]

    @property
    def previous_rag(self):
        """Last period's judgement of the area."""
        return area_rules.previous_rag(
            this_report_previous=self.report.previous_rag if self.report else "",
            last_report_current=self.previous_report.current_rag if self.previous_report else "",
        )

    @property
    def current_rag(self):
        return self.report.current_rag if self.report else ""

    @property
    def shown_rag(self):
        """The area's RAG as the board reads it: the manager's, else the data's."""
        return self.current_rag or self.suggested_rag

    @property
    def needs_exception_report(self):
        return area_rules.needs_exception_report(previous=self.previous_rag, current=self.shown_rag)

    @cached_property
    def drivers(self):
        """What makes the suggested RAG what it is, in words."""
        items = [(f"Measure: {row.measure.name}", row.rag) for row in self.measures]
        items += [
            (
                f"Action {row.action.reference}: overdue"
                if row.overdue
                else f"Action {row.action.reference}",
                row.rag,
            )
            for row in self.actions
        ]
        return area_rules.rag_drivers(items, self.suggested_rag)

    @property
    def direction_of_travel(self):
        """Better, worse or the same as last period's judgement."""
        return plan_rules.rag_change(self.previous_rag, self.shown_rag)


def as_of(period):
    """The date actions are judged at on a page showing this period."""
    return period.judged_on()


def recent_periods(period, length=HISTORY_LENGTH, plan_periods=None):
    """The period and up to length-1 before it, oldest first.

    plan_periods, every period of the plan when the caller has them already, saves a query.
    """
    if plan_periods is not None:
        earlier = sorted(
            (p for p in plan_periods if p.month <= period.month), key=lambda p: p.month
        )
        return earlier[-length:] if length else []
    periods = ReportingPeriod.objects.filter(plan_id=period.plan_id, month__lte=period.month)
    return list(periods.order_by("-month")[:length])[::-1]


def plan_scorecard(
    plan,
    period,
    *,
    area_ids=None,
    history_length=HISTORY_LENGTH,
    benchmarks=True,
    detail=False,
    plan_periods=None,
    readings=False,
):
    """Every area of the plan (or the areas named) as it stands in the period.

    A page that shows no comparators can pass benchmarks=False (rows' `benchmarks` are then
    empty, one query fewer); history_length=2 is enough for this period and the last. The
    figures come with what the board reads of them (value, reason for none, illustrative);
    detail=True reads all of each, with who entered it, for the forms that change them. A
    caller that has read the plan's periods already passes them as plan_periods.
    readings=True gives each row its SPC reading (`MeasureRow.reading`) of every figure to
    the period: two more queries (the figures as bare numbers, and the rebases; three when
    plan_periods are not given).
    """
    periods = recent_periods(period, history_length, plan_periods)
    previous_period = periods[-2] if len(periods) > 1 else None
    areas = plan.areas.order_by("order", "name")  # each area's .plan is this plan: no query
    if area_ids is not None:
        areas = areas.filter(pk__in=area_ids)
    areas = {area.pk: area for area in areas}
    figures = _figures(areas, periods, detail=detail)
    reports = _reports(areas, [p for p in (period, previous_period) if p])

    series = _series(areas, period, plan_periods) if readings else None
    measures = list(_measures(areas, benchmarks=benchmarks))
    comparisons = _published(plan, measures) if benchmarks else {}
    measures_by_area = defaultdict(list)
    for measure in measures:
        row = measure_row(measure, periods, figures, previous_period, benchmarks=benchmarks)
        if series is not None:
            row.reading = series.reading(measure, row.target)
        row.published = comparisons.get(measure.indicator_id)
        measures_by_area[measure.area_id].append(row)
    on = as_of(period)
    actions_by_area = defaultdict(list)
    actions = Action.objects.filter(area_id__in=areas).order_by("order", "reference", "pk")
    for row in read_rows(actions, on=on, areas=areas):
        actions_by_area[row.area.pk].append(row)

    return [
        AreaSummary(
            area=area,
            measures=measures_by_area[area.pk],
            actions=actions_by_area[area.pk],
            report=reports.get((area.pk, period.pk)),
            previous_report=reports.get((area.pk, previous_period.pk)) if previous_period else None,
        )
        for area in areas.values()
    ]


class _Series:
    """Every figure of the areas' measures up to a period, as bare numbers, and the months
    their processes were rebased: what the SPC readings are worked out from."""

    def __init__(self, months, values, rebases):
        self.months = months  # (month, ...): the plan's months to the period, oldest first
        self.values = values  # {measure id: (figure or None, ...)}, one per month
        self.rebases = rebases  # {measure id: [month]}
        self.no_figures = (None,) * len(months)

    def reading(self, measure, target):
        """The measure's SPC reading (measures.spc_words); assurance against the target the
        period's figure is judged by."""
        return measure_reading(
            measure,
            self.months,
            self.values.get(measure.pk, self.no_figures),
            self.rebases.get(measure.pk, ()),
            target,
        )


def measure_reading(measure, months, values, rebase_months, target):
    """The SPC reading of a measure's figures (`values`, one per month, None for none)."""
    return spc_words.read(
        values,
        months,
        better=measure.better,
        target=target.value if target is not None and target.upper is None else None,
        rebase_months=rebase_months,
    )


def _series(areas, period, plan_periods):
    """The _Series of the areas' measures to the period: two queries, the figures
    (measures.series: one row per measure) and the rebases."""
    if plan_periods is None:
        plan_periods = ReportingPeriod.objects.filter(plan_id=period.plan_id)
    in_view = sorted((p for p in plan_periods if p.month <= period.month), key=_month)
    later = [p.pk for p in plan_periods if p.month > period.month]
    measures = Measure.objects.filter(area_id__in=areas).values("pk")
    values = series.figures_by_measure(measures, [p.pk for p in in_view], later)
    rebases = defaultdict(list)
    month_of = {p.pk: p.month for p in in_view}
    marked = Rebase.objects.filter(measure__area_id__in=areas, period_id__in=list(month_of))
    for measure_id, period_id in marked.order_by().values_list("measure_id", "period_id"):
        rebases[measure_id].append(month_of[period_id])
    return _Series(tuple(p.month for p in in_view), values, rebases)


def _month(period):
    return period.month


def _measures(areas, *, benchmarks):
    """The areas' measures in order, each with its targets (and latest comparators): one
    query each, read as plain rows (effective_from, value,
    upper, strict, trajectory; kind, year, value)."""
    targets = _by_measure(
        Target.objects.filter(measure__area_id__in=areas)
        .order_by()
        .values_list(
            "measure_id", "effective_from", "value", "upper", "strict", "trajectory", named=True
        )
    )
    latest = {}
    if benchmarks:
        latest = _by_measure(
            latest_benchmarks()
            .filter(measure__area_id__in=areas)
            .values_list("measure_id", "kind", "year", "value", named=True)
        )
    for measure in Measure.objects.filter(area_id__in=areas).order_by("order", "pk"):
        measure.area = areas[measure.area_id]  # links and labels need it: no query
        setattr(measure, TARGETS, targets.get(measure.pk, []))
        if benchmarks:
            setattr(measure, BENCHMARKS, latest.get(measure.pk, []))
        yield measure


def _published(plan, measures):
    """{indicator id: Comparison} of the plan's council for its linked measures' indicators,
    the latest year of each (comparators.selectors); nothing read when none is linked."""
    ids = {m.indicator_id for m in measures if m.indicator_id}
    if not ids or plan.council_id is None:
        return {}
    return comparisons_for(
        Place(pk=plan.council_id),
        Indicator.objects.filter(pk__in=ids),
        model=plan.neighbour_model,
    )


def _by_measure(rows):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.measure_id].append(row)
    return grouped


# What the board's pages read of a figure; the forms that change figures read all of them.
BOARD_FIGURE_FIELDS = ("id", "measure_id", "period_id", "value", "missing_reason", "illustrative")


def _figures(areas, periods, *, detail):
    """{(measure id, period id): figure} of the areas' measures in the periods: Actuals with
    who entered them (detail), else plain rows of what the board reads (a board pack reads
    thousands: rows cost a third of model instances)."""
    actuals = Actual.objects.filter(
        measure__area_id__in=areas, period_id__in=[p.pk for p in periods]
    ).order_by()  # read into a dict: the default ordering would only cost a join and a sort
    if detail:
        actuals = actuals.select_related("entered_by")
    else:
        actuals = actuals.values_list(*BOARD_FIGURE_FIELDS, named=True)
    return {(a.measure_id, a.period_id): a for a in actuals}


def _reports(areas, periods):
    """{(area id, period id): ExceptionReport} of the areas in the periods."""
    reports = ExceptionReport.objects.filter(
        area_id__in=areas, period_id__in=[p.pk for p in periods]
    )
    return {(r.area_id, r.period_id): r for r in reports.order_by()}


def latest_benchmarks():
    """Each measure's latest benchmark of each kind, all a scorecard shows (the older years
    are half the rows and would only be read to be skipped)."""
    newest_first = Window(
        RowNumber(),
        partition_by=[F("measure_id"), F("kind")],
        order_by=F("year").desc(nulls_last=True),
    )
    return Benchmark.objects.annotate(newest=newest_first).filter(newest=1).order_by("kind")


def measure_targets(measure):
    """The measure's targets (measure.targets.all()), as plan_scorecard read them if it did."""
    if hasattr(measure, TARGETS):
        return getattr(measure, TARGETS)
    return list(measure.targets.all())


def measure_benchmarks(measure):
    """The measure's benchmarks by kind, newest year first within each (from plan_scorecard:
    the newest of each kind only)."""
    if hasattr(measure, BENCHMARKS):
        return getattr(measure, BENCHMARKS)
    return list(measure.benchmarks.all())


def measure_row(measure, periods, by_measure_period, previous_period, *, benchmarks=True):
    """A measure's standing in the last of `periods`; targets (and benchmarks) prefetched."""
    period = periods[-1]
    targets = measure_targets(measure)
    measure_id = measure.pk
    actual = by_measure_period.get((measure_id, period.pk))
    previous = by_measure_period.get((measure_id, previous_period.pk)) if previous_period else None
    target = measure.target_for(period.month, targets)
    previous_target = None
    if previous_period:
        previous_target = measure.target_for(previous_period.month, targets)
    value = actual.value if actual else None
    previous_value = previous.value if previous else None
    by_kind = {}
    if benchmarks:
        for benchmark in measure_benchmarks(measure):
            by_kind.setdefault(benchmark.kind, benchmark)
    return MeasureRow(
        measure=measure,
        actual=actual,
        previous=previous,
        target=target,
        rag=measure.rag_for(value, target),
        previous_rag=measure.rag_for(previous_value, previous_target),
        trend=measure.trend_for(value, previous_value, target),
        gap_text=measure.gap_text(value, target),
        history=[(p, by_measure_period.get((measure_id, p.pk))) for p in periods],
        benchmarks=by_kind,
        later_target=rules.next_target(targets, period.month) if target is None else None,
    )


def latest_period(plan):
    """The period the board is looking at by default (improvement.rules.latest_period)."""
    months = plan.periods.values_list("month", flat=True)
    month = plan_rules.latest_period(months, today=timezone.localdate())
    return plan.periods.filter(month=month).first() if month else None
