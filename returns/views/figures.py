"""The monthly figures form: every measure of one area for one period."""

from django.contrib import messages
from django.shortcuts import redirect

from improvement.roles import manager_required
from measures.models import Actual

from .. import forms, history, services
from ..selectors import period_for, plan_for
from .common import (
    area_summary,
    can_write,
    editable_area,
    my_returns_url,
    page,
    refuse_if_locked,
    with_versions,
)


def _page(request, plan, period, area, formset, error_items=(), status=200):
    if not can_write(request.user, period):
        for form in formset.forms:
            forms.make_read_only(form)
    context = {"area": area, "formset": formset, "error_items": list(error_items)}
    title = f"{area.name}: figures for {period.label}"
    return page(request, plan, "returns/figures.html", title, context, period=period, status=status)


@manager_required
def figures(request, plan_slug, period, area_id):
    plan = plan_for(plan_slug)
    period = period_for(plan, period)
    area = editable_area(request.user, plan, area_id)
    rows = area_summary(plan, period, area).measures
    if request.method != "POST":
        return _page(request, plan, period, area, forms.FiguresFormSet(rows=rows, prefix="figures"))
    refuse_if_locked(request, period)
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
            return redirect(my_returns_url(plan, period))
    summary_items = [
        (
            form["value"].auto_id,
            f"{form.measure.name}: {form.conflict_who} saved this figure "
            "while you were editing. Check both versions below and save again",
        )
        for form in conflicts
    ] + forms.error_summary(*formset.forms)
    return _page(request, plan, period, area, formset, summary_items)


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
        with_versions(request.POST, versions), rows=rows, prefix="figures"
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
