"""An action's progress update for a period: a dated entry, its status moved on."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from improvement.models import Action
from improvement.roles import manager_required
from improvement.versioning import last_change

from .. import forms, history, services
from ..selectors import plan_for
from .common import (
    can_write,
    chosen_period,
    editable_area,
    my_returns_url,
    page,
    refuse_if_locked,
    with_versions,
)


def _page(request, plan, period, action, form, saved=None):
    if not can_write(request.user, period):
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
    judged_on = period.judged_on()  # as every board page showing this period judges it
    row = action.judged(judged_on)
    context = {
        "action": action,
        "action_rag": row.rag,
        "overdue": row.overdue,
        "judged_on": judged_on,
        "latest": action.updates.select_related("period").first(),
        "updates": action.updates.select_related("period", "author"),
        "form": form,
        "saved": saved,
        "error_items": error_items,
    }
    title = f"Update action {action.reference}"
    return page(request, plan, "returns/action_update.html", title, context, period=period)


@manager_required
def action_update(request, plan_slug, action_id):
    plan = plan_for(plan_slug)
    period = chosen_period(request, plan)
    if period is None:
        raise PermissionDenied("No reporting period is open for this plan.")
    action = get_object_or_404(
        Action.objects.select_related("area", "outcome"), pk=action_id, area__plan=plan
    )
    editable_area(request.user, plan, area=action.area)
    initial = {"version": action.version, "status": action.status}
    if request.method != "POST":
        return _page(request, plan, period, action, forms.ActionUpdateForm(initial=initial))
    refuse_if_locked(request, period)
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
                with_versions(request.POST, {"version": action.version}), initial=initial
            )
            form.is_valid()
        else:
            messages.success(
                request, f"Action {action.reference}: your update for {period.label} is saved"
            )
            return redirect(my_returns_url(plan, period))
    return _page(request, plan, period, action, form, saved)


def _action_as_saved(action):
    who, when = last_change(action)
    return {
        "who": history.person(who),
        "when": when or action.updated_at,
        "status": action.get_status_display(),
        "update": action.updates.select_related("author", "period").first(),
    }
