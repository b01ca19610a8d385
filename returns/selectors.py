"""Reads behind the monthly returns pages: where each area's return stands in a period."""

import datetime
from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils import timezone

from exceptions.models import ExceptionReport
from exceptions.rules import ReturnStatus, return_is_complete, return_status, return_to_do
from improvement import rules as plan_rules
from improvement.models import ActionUpdate, Plan, ReportingPeriod, ServiceArea
from measures import report_wording, rules
from measures.models import Rebase
from measures.scorecard import AreaSummary, plan_scorecard

from .models import ReminderSending

# How each status is tagged (the words are the tag's text, so colour is never the only cue).
STATUS_TAGS = {
    ReturnStatus.COMPLETE: "govuk-tag--green",
    ReturnStatus.REPORT_SUBMITTED: "govuk-tag--turquoise",
    ReturnStatus.RETURNED: "govuk-tag--orange",
    ReturnStatus.LATE: "govuk-tag--red",
    ReturnStatus.IN_PROGRESS: "govuk-tag--blue",
    ReturnStatus.NOT_STARTED: "govuk-tag--grey",
}


def plan_for(slug):
    return get_object_or_404(Plan, slug=slug)


def period_for(plan, month):
    """The plan's period for a month (a date from the address), or 404."""
    return get_object_or_404(
        ReportingPeriod.objects.select_related("locked_by"), plan=plan, month=month
    )


def current_period(plan, today=None):
    """The period managers are working on (improvement.rules.working_period)."""
    periods = list(plan.periods.select_related("locked_by"))
    month = plan_rules.working_period(
        [(p.month, not p.is_locked) for p in periods], today=today or timezone.localdate()
    )
    return next((p for p in periods if p.month == month), None)


def figure_is_missing(row):
    """The row's figure is absent, or has no value and no reason given for that."""
    actual = row.actual
    return actual is None or rules.figure_is_missing(actual.value, actual.missing_reason)


@dataclass
class AreaReturn:
    """What one area has done, and still has to do, for a period's return."""

    area: ServiceArea
    period: ReportingPeriod
    summary: AreaSummary
    measures_missing: list  # [MeasureRow] due and without a value or an explanation
    measures_due: int
    actions_to_update: list  # [ActionRow] not complete and not updated this period
    actions_open: int
    managers: list
    today: datetime.date

    @property
    def report(self) -> ExceptionReport | None:
        return self.summary.report

    @property
    def report_status(self):
        return self.report.status if self.report else ""

    @property
    def report_submitted(self):
        return self.report_status == ExceptionReport.Status.SUBMITTED

    @property
    def report_label(self):
        return self.report.get_status_display() if self.report else "Not started"

    @property
    def has_started(self):
        return bool(
            self.report
            or any(row.actual for row in self.summary.measures)
            or len(self.actions_to_update) < self.actions_open
        )

    def _facts(self):
        return {
            "figures_missing": len(self.measures_missing),
            "actions_to_update": len(self.actions_to_update),
            "report_status": self.report_status,
        }

    @property
    def is_complete(self):
        """Figures, action updates and the report all done (exceptions.rules)."""
        return return_is_complete(**self._facts())

    @property
    def status(self) -> ReturnStatus:
        return return_status(
            **self._facts(),
            started=self.has_started,
            deadline=self.period.deadline,
            today=self.today,
        )

    @property
    def status_tag(self):
        return STATUS_TAGS[self.status]

    @property
    def measures_entered(self):
        return self.measures_due - len(self.measures_missing)

    @property
    def actions_updated(self):
        return self.actions_open - len(self.actions_to_update)

    def to_do(self):
        """What is still missing, in words: on My returns, Returns status and in reminders."""
        return return_to_do(**self._facts())


def area_returns(plan, period, *, area_ids=None, today=None, plan_periods=None):
    """Every area's return for the period (or the areas named) in a fixed number of queries.

    Pass the plan's periods as plan_periods when they have been read already (one query
    fewer). The returns show no comparators and not who entered each figure, so the
    scorecard reads neither.
    """
    today = today or timezone.localdate()
    summaries = plan_scorecard(
        plan,
        period,
        area_ids=area_ids,
        history_length=2,
        benchmarks=False,
        plan_periods=plan_periods,
    )
    ids = [s.area.pk for s in summaries]
    updated = set(
        ActionUpdate.objects.filter(period=period, action__area_id__in=ids).values_list(
            "action_id", flat=True
        )
    )
    managers = {}
    links = ServiceArea.managers.through.objects.filter(servicearea_id__in=ids).select_related(
        "user"
    )
    for link in links.order_by("user__last_name", "user__first_name", "user__username"):
        managers.setdefault(link.servicearea_id, []).append(link.user)
    results = []
    for summary in summaries:
        due = [row for row in summary.measures if rules.is_due(row.measure.frequency)]
        open_actions = [row for row in summary.actions if not row.is_complete]
        results.append(
            AreaReturn(
                area=summary.area,
                period=period,
                summary=summary,
                measures_missing=[row for row in due if figure_is_missing(row)],
                measures_due=len(due),
                actions_to_update=[row for row in open_actions if row.action.id not in updated],
                actions_open=len(open_actions),
                managers=managers.get(summary.area.pk, []),
                today=today,
            )
        )
    return results


def status_counts(returns):
    """(status, its tag class, how many areas) for every status, from the same rows."""
    counts = {status: 0 for status in ReturnStatus}
    for item in returns:
        counts[item.status] += 1
    return [(status, STATUS_TAGS[status], counts[status]) for status in ReturnStatus]


def reminder_sendings(period):
    """The reminders sent for a period, latest first, each with its messages."""
    return list(
        ReminderSending.objects.filter(period=period)
        .select_related("sent_by", "period")
        .prefetch_related("messages")
    )


def chart_suggestions(summary, period):
    """What the SPC charts of the area's measures say this period, as sentences a report
    can borrow (measures.report_wording). The summary is read with readings=True; the
    reasons of the rebases the readings start at cost one query, and only when there are."""
    rows = [row for row in summary.measures if row.reading is not None]
    starts = {row.measure.pk: row.reading.rebased_from for row in rows}
    reasons = {}
    if any(starts.values()):
        marked = Rebase.objects.filter(measure_id__in=list(starts)).order_by()
        for measure_id, month, reason in marked.values_list(
            "measure_id", "period__month", "reason"
        ):
            if starts.get(measure_id) == month:
                reasons[measure_id] = reason
    measures = [
        report_wording.MeasureReading(
            row.measure.name, row.reading, reasons.get(row.measure.pk, "")
        )
        for row in rows
    ]
    return report_wording.suggestions(measures, month=period.label)
