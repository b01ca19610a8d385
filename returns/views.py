"""Monthly returns: thin views over returns.selectors (reads) and returns.services (writes).

Every view checks the role on the server (improvement.roles); writes to a locked period
are refused for managers here and again inside the service's transaction.
"""

import datetime
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dashboard import caching
from exceptions.models import ExceptionReport
from improvement.models import Action, ActionUpdate, ServiceArea
from improvement.roles import (
    admin_required,
    can_edit_area,
    editable_area_ids,
    is_admin,
    manager_required,
    reader_required,
)
from measures.models import Actual, Measure, Target
from measures.scorecard import plan_scorecard

from . import forms, history, services
from .selectors import (
    area_returns,
    current_period,
    period_for,
    plan_for,
    status_counts,
)

LOCKED_FOR_MANAGERS = "This period is locked: only an admin can change it."


# Shared helpers ------------------------------------------------------------------------


def _chosen_period(request, plan):
    """?period=YYYY-MM when given (404 if the plan has no such period), else the current one."""
    month = forms.PeriodChoiceForm(request.GET).month()
    return period_for(plan, month) if month else current_period(plan)


def _editable_area(request, plan, area_id):
    area = get_object_or_404(ServiceArea, plan=plan, pk=area_id)
    if not can_edit_area(request.user, area):
        raise PermissionDenied("You can only change the service areas assigned to you.")
    return area


def _can_write(user, period):
    return not period.is_locked or is_admin(user)


def _refuse_if_locked(request, period):
    if not _can_write(request.user, period):
        raise PermissionDenied(LOCKED_FOR_MANAGERS)


def _area_summary(plan, period, area):
    """Where one area stands in the period: its measures' rows and its reports."""
    return plan_scorecard(plan, period, area_ids=[area.pk], history_length=2)[0]


def _with_versions(data, versions):
    """A copy of the POST data with the saved versions, so a second save applies the user's."""
    data = data.copy() if isinstance(data, QueryDict) else dict(data)
    for name, version in versions.items():
        data[name] = str(version)
    return data


# A page that only reads: its content is kept until the plan changes (as the board's).
_cached_page = functools.partial(caching.cached_page, stylesheets=["css/returns.css"])


def _form_page(request, plan, period, page_title, template, build, *, keep=True):
    """A page with a form. Shown as saved, its content is kept until the plan changes, as a
    page that only reads (each reader gets their own CSRF token in it: dashboard/caching.py);
    with what the reader typed and its errors (``keep=False``) it is for this request only.
    ``build()`` gives the template's context."""
    can_write = period is not None and _can_write(request.user, period)
    user_is_admin = is_admin(request.user)

    def context():
        return {
            "period": period,
            "can_write": can_write,
            "user_is_admin": user_is_admin,
            "error_items": [],
            **build(),
        }

    vary = (period and period.pk, can_write, user_is_admin)
    return _cached_page(request, plan, page_title, template, context, vary=vary, keep=keep)


def _my_returns_url(plan, period):
    return f"{reverse('returns:my_returns', args=[plan.slug])}?period={period.month:%Y-%m}"


# My returns ----------------------------------------------------------------------------


@manager_required
def my_returns(request, plan_slug):
    """Where a service manager lands: each of their areas and what is still to do."""
    plan = plan_for(plan_slug)
    period = _chosen_period(request, plan)
    area_ids = sorted(editable_area_ids(request.user, plan))
    can_write = period is not None and _can_write(request.user, period)

    def build():
        returns = area_returns(plan, period, area_ids=area_ids) if period else []
        periods = plan.periods.order_by("-month")
        return {"period": period, "returns": returns, "periods": periods, "can_write": can_write}

    vary = (period and period.pk, area_ids, can_write)
    return _cached_page(request, plan, "My returns", "returns/my_returns.html", build, vary=vary)


# Monthly figures -----------------------------------------------------------------------


@manager_required
def figures(request, plan_slug, period, area_id):
    plan = plan_for(plan_slug)
    period = period_for(plan, period)
    area = _editable_area(request, plan, area_id)
    page = functools.partial(
        _form_page,
        request,
        plan,
        period,
        f"{area.name}: figures for {period.label}",
        "returns/figures.html",
    )

    def context(formset, error_items=()):
        if not _can_write(request.user, period):
            for form in formset.forms:
                forms.make_read_only(form)
        return {"area": area, "formset": formset, "error_items": list(error_items)}

    if request.method != "POST":

        def as_saved():
            rows = _area_summary(plan, period, area).measures
            return context(forms.FiguresFormSet(rows=rows, prefix="figures"))

        return page(as_saved)
    _refuse_if_locked(request, period)
    rows = _area_summary(plan, period, area).measures
    formset = forms.FiguresFormSet(request.POST, rows=rows, prefix="figures")
    conflicts = []
    if formset.is_valid():
        try:
            changed = services.figures_save(
                area=area, period=period, user=request.user, entries=formset.entries()
            )
        except services.Conflict as conflict:
            formset, conflicts = _figures_conflict(request, rows, conflict)
        else:
            if changed:
                messages.success(
                    request, f"{area.name}: figures for {period.label} saved ({changed} changed)"
                )
            else:
                messages.info(request, f"{area.name}: no figures changed for {period.label}")
            return redirect(_my_returns_url(plan, period))
    summary_items = [
        (
            form["value"].auto_id,
            f"{form.measure.name}: {form.conflict_who} saved this figure "
            "while you were editing. Check both versions below and save again",
        )
        for form in conflicts
    ] + forms.error_summary(*formset.forms)
    return page(lambda: context(formset, summary_items), keep=False)


def _figures_conflict(request, rows, conflict):
    """Re-show the user's figures, with the saved versions beside those that clash."""
    saved = {
        a.pk: a
        for a in Actual.objects.filter(
            pk__in=[a.pk for a in conflict.saved.values()]
        ).select_related("entered_by")
    }
    versions = {}
    prefix_of = {row.measure.pk: i for i, row in enumerate(rows)}
    for measure_id, actual in conflict.saved.items():
        versions[f"figures-{prefix_of[measure_id]}-version"] = actual.version
    formset = forms.FiguresFormSet(
        _with_versions(request.POST, versions), rows=rows, prefix="figures"
    )
    formset.is_valid()
    clashing = []
    for form in formset.forms:
        actual = conflict.saved.get(form.measure.pk)
        if actual is not None:
            form.conflict = saved[actual.pk]
            form.conflict_who = history.person(form.conflict.entered_by)
            clashing.append(form)
    return formset, clashing


# Action updates ------------------------------------------------------------------------


@manager_required
def action_update(request, plan_slug, action_id):
    plan = plan_for(plan_slug)
    period = _chosen_period(request, plan)
    if period is None:
        raise PermissionDenied("No reporting period is open for this plan.")
    action = get_object_or_404(
        Action.objects.select_related("area", "outcome"), pk=action_id, area__plan=plan
    )
    if not can_edit_area(request.user, action.area):
        raise PermissionDenied("You can only change the service areas assigned to you.")
    initial = {"version": action.version, "status": action.status}
    page = functools.partial(
        _form_page,
        request,
        plan,
        period,
        f"Update action {action.reference}",
        "returns/action_update.html",
    )

    def context(form, saved=None):
        if not _can_write(request.user, period):
            forms.make_read_only(form)
        error_items = forms.error_summary(form)
        if saved:
            error_items.insert(
                0,
                (
                    "id_status_0",
                    f"{saved['who']} updated this action while you were editing. "
                    "Check their update below and save yours again",
                ),
            )
        return {
            "action": action,
            "action_rag": action.rag(),
            "latest": action.updates.select_related("period").first(),
            "updates": action.updates.select_related("period", "author"),
            "form": form,
            "saved": saved,
            "error_items": error_items,
        }

    if request.method != "POST":
        return page(lambda: context(forms.ActionUpdateForm(initial=initial)))
    _refuse_if_locked(request, period)
    form = forms.ActionUpdateForm(request.POST, initial=initial)
    saved = None
    if form.is_valid():
        try:
            services.action_update_record(
                action=action, period=period, user=request.user, **form.cleaned_data
            )
        except services.Conflict:
            action.refresh_from_db()
            saved = _action_as_saved(action)
            form = forms.ActionUpdateForm(
                _with_versions(request.POST, {"version": action.version}), initial=initial
            )
            form.is_valid()
        else:
            messages.success(
                request, f"Action {action.reference}: your update for {period.label} is saved"
            )
            return redirect(_my_returns_url(plan, period))
    return page(lambda: context(form, saved), keep=False)


def _action_as_saved(action):
    record = action.history.select_related("history_user").first()
    update = action.updates.select_related("author", "period").first()
    return {
        "who": history.person(record.history_user if record else None),
        "when": record.history_date if record else action.updated_at,
        "status": action.get_status_display(),
        "update": update,
    }


# Exception reports ---------------------------------------------------------------------


def _previous_rag(summary):
    return summary.previous_report.current_rag if summary.previous_report else ""


@manager_required
def report(request, plan_slug, period, area_id):
    plan = plan_for(plan_slug)
    period = period_for(plan, period)
    area = _editable_area(request, plan, area_id)
    if request.method != "POST":
        return _report_page(request, plan, period, area)
    _refuse_if_locked(request, period)
    summary = _area_summary(plan, period, area)
    existing = summary.report
    submit = request.POST.get("intent") == "submit"
    form = forms.ReportForm(
        request.POST, report=existing, suggested_rag=summary.suggested_rag, submitting=submit
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
                previous_rag=_previous_rag(summary),
            )
        except services.Conflict:
            existing = ExceptionReport.objects.select_related("updated_by").get(
                area=area, period=period
            )
            form = forms.ReportForm(
                _with_versions(request.POST, {"version": existing.version}),
                report=existing,
                suggested_rag=summary.suggested_rag,
                submitting=submit,
            )
            form.is_valid()
            form.conflict = existing
        else:
            if submit:
                messages.success(request, f"{area.name}: exception report submitted")
                return redirect(_my_returns_url(plan, period))
            messages.success(request, f"{area.name}: draft exception report saved")
            return redirect("returns:report", plan.slug, period, area.pk)
    return _report_page(request, plan, period, area, summary=summary, form=form)


def _report_page(request, plan, period, area, *, summary=None, form=None, return_form=None):
    """The exception report page. As saved (no form given), its content is kept like the
    figures'; with what the reader sent and its errors, it is for this request only."""

    def build():
        row = summary or _area_summary(plan, period, area)
        shown = form or forms.ReportForm(report=row.report, suggested_rag=row.suggested_rag)
        report_obj = shown.conflict or row.report
        if not _can_write(request.user, period):
            forms.make_read_only(shown)
        admin_form = return_form
        if admin_form is None and is_admin(request.user) and report_obj is not None:
            admin_form = forms.ReturnForChangesForm(initial={"version": report_obj.version})
        error_items = forms.error_summary(shown, admin_form)
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
        return {
            "area": area,
            "summary": row,
            "report": report_obj,
            "previous_rag": _previous_rag(row),
            "form": shown,
            "return_form": admin_form,
            "error_items": error_items,
            "conflict_fields": _report_conflict_fields(shown) if conflict else [],
        }

    return _form_page(
        request,
        plan,
        period,
        f"{area.name}: exception report for {period.label}",
        "returns/report.html",
        build,
        keep=form is None and return_form is None,
    )


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
    return _report_page(request, plan, period, area, return_form=return_form)


# Reporting periods ---------------------------------------------------------------------


@admin_required
def periods(request, plan_slug):
    plan = plan_for(plan_slug)

    def page(form=None):
        def build():
            shown = form or forms.OpenPeriodForm(
                initial=_next_period_initial(plan.periods.order_by("-month").first())
            )
            return {
                "periods": plan.periods.select_related("locked_by").order_by("-month"),
                "form": shown,
                "error_items": forms.error_summary(shown),
            }

        return _form_page(
            request, plan, None, "Reporting periods", "returns/periods.html", build, keep=not form
        )

    if request.method != "POST":
        return page()
    form = forms.OpenPeriodForm(request.POST)
    if form.is_valid():
        try:
            opened = services.period_open(
                plan=plan,
                month=form.cleaned_data["month"],
                deadline=form.cleaned_data["deadline"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("month_month", error.messages[0])
        else:
            messages.success(
                request,
                f"{opened.label} is open. Returns are due by {opened.deadline.day} "
                f"{opened.deadline:%B %Y}.",
            )
            return redirect("returns:periods", plan.slug)
    return page(form)


def _next_period_initial(latest):
    if latest is None:
        return {}
    month = (latest.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return {
        "month_month": month.month,
        "month_year": month.year,
        "deadline_day": 10,
        "deadline_month": following.month,
        "deadline_year": following.year,
    }


@admin_required
@require_POST
def period_lock(request, plan_slug, period):
    plan = plan_for(plan_slug)
    period = period_for(plan, period)
    if period.is_locked:
        messages.info(request, f"{period.label} was already locked.")
    else:
        services.period_lock(period=period, user=request.user)
        messages.success(
            request, f"{period.label} is locked: service managers can no longer change it."
        )
    return redirect("returns:periods", plan.slug)


@admin_required
@require_POST
def period_unlock(request, plan_slug, period):
    plan = plan_for(plan_slug)
    period = period_for(plan, period)
    if not period.is_locked:
        messages.info(request, f"{period.label} is already open.")
    else:
        services.period_unlock(period=period, user=request.user)
        messages.success(request, f"{period.label} is open again: managers can change it.")
    return redirect("returns:periods", plan.slug)


# Returns status ------------------------------------------------------------------------


@admin_required
def status(request, plan_slug):
    plan = plan_for(plan_slug)
    period = _chosen_period(request, plan)

    def build():
        periods = list(plan.periods.order_by("-month"))
        returns = area_returns(plan, period, plan_periods=periods) if period else []
        counts = status_counts(returns)
        return {"period": period, "returns": returns, "counts": counts, "periods": periods}

    return _cached_page(
        request, plan, "Returns status", "returns/status.html", build, vary=[period and period.pk]
    )


# History -------------------------------------------------------------------------------

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
    return render(
        request,
        "returns/history.html",
        {
            "plan": plan,
            "page_title": title,
            "area": area,
            "entries": history.newest_first(entries),
        },
    )
