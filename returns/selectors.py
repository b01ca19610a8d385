"""Reads behind the monthly returns pages: where each area's return stands in a period."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.shortcuts import get_object_or_404
from django.utils import timezone

from exceptions.models import ExceptionReport
from improvement import rules as plan_rules
from improvement.models import ActionUpdate, Plan, ReportingPeriod, ServiceArea
from measures import rules
from measures.scorecard import AreaSummary, plan_scorecard


class ReturnStatus(StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
    LATE = "late"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"

    @property
    def label(self):
        return {
            ReturnStatus.SUBMITTED: "Submitted",
            ReturnStatus.RETURNED: "Returned for changes",
            ReturnStatus.LATE: "Late",
            ReturnStatus.IN_PROGRESS: "In progress",
            ReturnStatus.NOT_STARTED: "Not started",
        }[self]

    @property
    def tag_class(self):
        return {
            ReturnStatus.SUBMITTED: "govuk-tag--green",
            ReturnStatus.RETURNED: "govuk-tag--orange",
            ReturnStatus.LATE: "govuk-tag--red",
            ReturnStatus.IN_PROGRESS: "govuk-tag--blue",
            ReturnStatus.NOT_STARTED: "govuk-tag--grey",
        }[self]


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
    def report_submitted(self):
        return bool(self.report and self.report.status == ExceptionReport.Status.SUBMITTED)

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

    @property
    def is_late(self):
        deadline = self.period.deadline
        return bool(deadline and self.today > deadline and not self.report_submitted)

    @property
    def is_complete(self):
        return not self.measures_missing and not self.actions_to_update and self.report_submitted

    @property
    def status(self) -> ReturnStatus:
        if self.report_submitted:
            return ReturnStatus.SUBMITTED
        if self.is_late:
            return ReturnStatus.LATE
        if self.report and self.report.status == ExceptionReport.Status.RETURNED:
            return ReturnStatus.RETURNED
        return ReturnStatus.IN_PROGRESS if self.has_started else ReturnStatus.NOT_STARTED

    @property
    def measures_entered(self):
        return self.measures_due - len(self.measures_missing)

    @property
    def actions_updated(self):
        return self.actions_open - len(self.actions_to_update)

    def to_do(self):
        """What is still missing, in words: used on my returns and in reminders."""
        items = []
        if self.measures_missing:
            n = len(self.measures_missing)
            items.append(f"{n} measure{'s' if n != 1 else ''} without a value")
        if self.actions_to_update:
            n = len(self.actions_to_update)
            items.append(f"{n} action{'s' if n != 1 else ''} not updated this period")
        if not self.report_submitted:
            items.append("exception report not submitted")
        return items


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
    counts = {status: 0 for status in ReturnStatus}
    for item in returns:
        counts[item.status] += 1
    return [(status, counts[status]) for status in ReturnStatus]
