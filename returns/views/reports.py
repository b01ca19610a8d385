"""An area's exception report for a period: drafted, submitted, returned for changes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from exceptions.models import ExceptionReport
from improvement.models import ServiceArea
from improvement.roles import admin_required, can_manage_plan, manager_required
from measures import report_wording

from .. import forms, history, services
from ..selectors import chart_suggestions, period_for, plan_for
from .common import (
    area_summary,
    can_write,
    editable_area,
    my_returns_url,
    page,
    refuse_if_locked,
    with_versions,
)


def _last_period_rag(summary):
    """Last period's judgement of the area, as this period's report records it."""
    return summary.previous_report.current_rag if summary.previous_report else ""


@manager_required
def report(request, plan_slug, period, area_id):
    plan = plan_for(plan_slug)
    period = period_for(plan, period)
    area = editable_area(request.user, plan, area_id)
    summary = area_summary(plan, period, area, readings=True)
    if request.method != "POST":
        return _report_page(request, plan, period, area, summary)
    refuse_if_locked(request, period)
    submit = request.POST.get("intent") == "submit"
    form = forms.ReportForm(
        request.POST, report=summary.report, suggested_rag=summary.suggested_rag, submitting=submit
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_save(
                area=area,
                period=period,
                user=request.user,
                data=data,
                version=data["version"],
                submit=submit,
                suggested_rag=summary.suggested_rag.value,
                previous_rag=_last_period_rag(summary),
            )
        except services.Conflict:
            existing = ExceptionReport.objects.select_related("updated_by").get(
                area=area, period=period
            )
            form = forms.ReportForm(
                with_versions(request.POST, {"version": existing.version}),
                report=existing,
                suggested_rag=summary.suggested_rag,
                submitting=submit,
            )
            form.is_valid()
            form.conflict = existing
        else:
            if submit:
                messages.success(request, f"{area.name}: exception report submitted")
                return redirect(my_returns_url(plan, period))
            messages.success(request, f"{area.name}: draft exception report saved")
            return redirect("returns:report", plan.slug, period, area.pk)
    return _report_page(request, plan, period, area, summary, form=form)


def _report_page(request, plan, period, area, summary, *, form=None, return_form=None):
    """The exception report page: as saved, or with what the reader sent and its errors.
    A new draft starts with the wording the SPC charts suggest, listed beside it too."""
    suggestions = chart_suggestions(summary, period)
    writable = can_write(request.user, period)
    prefill = form is None and summary.report is None and writable
    wording = ""
    if prefill:
        limit = forms.ReportForm.base_fields[forms.ReportForm.CHART_WORDING_FIELD].max_length
        wording = report_wording.draft_text(suggestions, limit=limit)
    shown = form or forms.ReportForm(
        report=summary.report, suggested_rag=summary.suggested_rag, chart_wording=wording
    )
    report_obj = shown.conflict or summary.report
    if not writable:
        forms.make_read_only(shown)
    if return_form is None and can_manage_plan(request.user, plan) and report_obj is not None:
        return_form = forms.ReturnForChangesForm(initial={"version": report_obj.version})
    error_items = forms.error_summary(shown, return_form)
    conflict = shown.conflict
    if conflict:
        error_items.insert(
            0,
            (
                "report-conflict",
                f"{history.person(conflict.updated_by)} saved this report while "
                "you were editing. Check their version below and save yours again",
            ),
        )
    context = {
        "area": area,
        "summary": summary,
        "report": report_obj,
        "previous_rag": _last_period_rag(summary),
        "form": shown,
        "return_form": return_form,
        "error_items": error_items,
        "conflict_fields": _report_conflict_fields(shown) if conflict else [],
        "chart_suggestions": suggestions,
        "chart_wording_filled": bool(wording),
    }
    title = f"{area.name}: exception report for {period.label}"
    return page(request, plan, "returns/report.html", title, context, period=period)


def _report_conflict_fields(form):
    """(label, yours, saved) for each field where the user's text and the saved one differ."""
    rows = []
    for name in [*services.REPORT_TEXT_FIELDS, "current_rag", "reason"]:
        yours = form.data.get(name, "")
        saved = getattr(form.conflict, name)
        if yours.strip() != (saved or "").strip():
            rows.append((form.fields[name].label, yours, saved))
    return rows


@admin_required
@require_POST
def report_return(request, plan_slug, period, area_id):
    """An admin returns a submitted report to its manager with a comment."""
    plan = plan_for(plan_slug)
    period = period_for(plan, period)
    area = get_object_or_404(ServiceArea, plan=plan, pk=area_id)
    existing = get_object_or_404(ExceptionReport, area=area, period=period)
    return_form = forms.ReturnForChangesForm(request.POST)
    if return_form.is_valid():
        try:
            services.report_return_for_changes(
                report=existing,
                user=request.user,
                comment=return_form.cleaned_data["comment"],
                version=return_form.cleaned_data["version"],
            )
        except services.Conflict:
            messages.error(
                request,
                "The report changed while you were reading it. Read it again before returning it.",
            )
        else:
            messages.success(request, f"{area.name}: report returned to the manager for changes")
        return redirect("returns:report", plan.slug, period, area.pk)
    summary = area_summary(plan, period, area, readings=True)
    return _report_page(request, plan, period, area, summary, return_form=return_form)
