"""The audit trail of a measure, an action or an exception report, in words."""

from django.shortcuts import get_object_or_404

from exceptions.models import ExceptionReport
from improvement.models import Action, ActionUpdate, ServiceArea
from improvement.roles import reader_required
from measures.models import Actual, Measure, Target

from .. import history, services
from ..selectors import period_for, plan_for
from .common import page

MEASURE_FIELDS = [
    "name",
    "reference",
    "unit",
    "unit_label",
    "direction",
    "decimal_places",
    "baseline",
    "tolerance_pct",
    "frequency",
    "data_source",
    "local_indicator",
]
ACTION_FIELDS = [
    "reference",
    "text",
    "status",
    "target_date",
    "target_date_text",
    "lead",
    "key_partners",
    "success_measure",
    "still_to_do",
    "cost",
    "manual_rag",
    "manual_rag_reason",
]
REPORT_FIELDS = [
    "status",
    "previous_rag",
    "suggested_rag",
    "current_rag",
    "reason",
    *services.REPORT_TEXT_FIELDS,
    "return_comment",
]


def _period_labels(plan):
    return {p.pk: p.label for p in plan.periods.all()}


@reader_required
def measure_history(request, plan_slug, measure_id):
    plan = plan_for(plan_slug)
    measure = get_object_or_404(
        Measure.objects.select_related("area"), pk=measure_id, area__plan=plan
    )
    labels = _period_labels(plan)

    def number(value):
        return measure.format(value) if value is not None else ""

    entries = history.describe(
        measure.history.select_related("history_user"),
        model=Measure,
        fields=MEASURE_FIELDS,
        subject=lambda r: "Measure definition",
    )
    entries += history.describe_many(
        Target.history.filter(measure_id=measure.pk).select_related("history_user"),
        key=lambda r: r.id,
        model=Target,
        fields=["effective_from", "value", "upper", "note"],
        subject=lambda r: f"Target from {r.effective_from:%B %Y}",
        formatters={"value": number, "upper": number},
    )
    entries += history.describe_many(
        Actual.history.filter(measure_id=measure.pk).select_related("history_user"),
        key=lambda r: r.id,
        model=Actual,
        fields=["value", "missing_reason", "commentary", "illustrative"],
        subject=lambda r: f"Figure for {labels.get(r.period_id, 'a deleted period')}",
        formatters={"value": number},
    )
    return _history_page(
        request, plan, f"History of measure: {measure.name}", measure.area, entries
    )


@reader_required
def action_history(request, plan_slug, action_id):
    plan = plan_for(plan_slug)
    action = get_object_or_404(Action.objects.select_related("area"), pk=action_id, area__plan=plan)
    labels = _period_labels(plan)
    entries = history.describe(
        action.history.select_related("history_user"),
        model=Action,
        fields=ACTION_FIELDS,
        subject=lambda r: f"Action {r.reference}",
    )
    entries += history.describe_many(
        ActionUpdate.history.filter(action_id=action.pk).select_related("history_user"),
        key=lambda r: r.id,
        model=ActionUpdate,
        fields=["period", "status", "progress", "impact", "evidence", "evidence_url"],
        subject=lambda r: f"Progress update for {labels.get(r.period_id, 'no period')}",
        formatters={"period": lambda pk: labels.get(pk, "")},
    )
    return _history_page(
        request, plan, f"History of action {action.reference}", action.area, entries
    )


@reader_required
def report_history(request, plan_slug, period, area_id):
    plan = plan_for(plan_slug)
    period = period_for(plan, period)
    area = get_object_or_404(ServiceArea, plan=plan, pk=area_id)
    entries = history.describe_many(
        ExceptionReport.history.filter(area_id=area.pk, period_id=period.pk).select_related(
            "history_user"
        ),
        key=lambda r: r.id,
        model=ExceptionReport,
        fields=REPORT_FIELDS,
        subject=lambda r: "Exception report",
    )
    return _history_page(
        request,
        plan,
        f"History of the {area.name} exception report for {period.label}",
        area,
        entries,
    )


def _history_page(request, plan, title, area, entries):
    context = {"area": area, "entries": history.newest_first(entries)}
    return page(request, plan, "returns/history.html", title, context)
