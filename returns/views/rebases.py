"""Changes in a measure's process (measures.models.Rebase): the plan's admins mark the month a
new process started and say what changed, change what they said, or remove the mark; every
reader sees them on the measure page and in their history.

The one place the board's pages write. Each write is checked against the version the page
showed (improvement.versioning), so nobody's change is lost to another's unseen, and
django-simple-history records who did what (HistoryRequestMiddleware gives it the person).
"""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.views.decorators.http import require_http_methods, require_safe

from improvement import roles
from improvement.context_processors import set_current_plan
from improvement.versioning import Conflict, last_change
from measures.models import Measure, Rebase

from .. import history
from ..forms import RebaseForm, already_marked, error_summary
from ..selectors import plan_for

REBASE_FIELDS = ["period", "reason"]


def can_manage(user, plan) -> bool:
    """Whether this person may mark, change and remove a measure's changes in process: the
    `can_manage` the measure page gives templates/dashboard/_rebases.html."""
    return roles.can_manage_plan(user, plan)


def _measure(plan_slug, measure_id):
    plan = plan_for(plan_slug)
    measure = get_object_or_404(
        Measure.objects.select_related("area"), pk=measure_id, area__plan=plan
    )
    return plan, measure


def _rebase(measure, rebase_id):
    """One of this measure's changes in process (404 for another measure's)."""
    return get_object_or_404(
        Rebase.objects.select_related("period", "created_by"), pk=rebase_id, measure=measure
    )


def _page(request, template, plan, measure, page_title, context, status=200):
    set_current_plan(request, plan)
    context = {
        "plan": plan,
        "measure": measure,
        "area": measure.area,
        "page_title": page_title,
        "error_items": [],
        **context,
    }
    return render(request, template, context, status=status)


def _changed(record, since):
    """'Sam Smith changed this change in process at 14:32 on 3 March 2026 while you were
    editing': who last saved the record, and when (`since`: while what)."""
    who, when = last_change(record)
    words = (
        f"{history.person(who) if who else 'An import or command'} changed this change in process"
    )
    if when is not None:
        when = timezone.localtime(when)
        words += f" at {formats.date_format(when, 'H:i')} on {formats.date_format(when, 'j F Y')}"
    return f"{words} {since}"


def _form_page(request, plan, measure, form, *, conflict=None, status=200):
    rebase = None if form.instance._state.adding else form.instance
    error_items = error_summary(form)
    if conflict:
        error_items.insert(0, ("rebase-conflict", conflict))
    title = (
        f"Change what changed in {rebase.period.label}" if rebase else "Mark a change in process"
    )
    context = {"form": form, "rebase": rebase, "error_items": error_items, "conflict": conflict}
    return _page(request, "returns/rebase_form.html", plan, measure, title, context, status)


def _periods(plan):
    return list(plan.periods.order_by("-month"))


@roles.admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def rebase_new(request, plan_slug, measure_id):
    """Mark the month a measure's process changed, and say what changed."""
    plan, measure = _measure(plan_slug, measure_id)
    instance = Rebase(measure=measure, created_by=request.user)
    if request.method != "POST":
        form = RebaseForm(instance=instance, periods=_periods(plan))
        return _form_page(request, plan, measure, form)
    form = RebaseForm(request.POST, instance=instance, periods=_periods(plan))
    if form.is_valid():
        try:
            with transaction.atomic():
                rebase = form.save()
        except IntegrityError:  # someone marked the same month a moment ago
            marked = Rebase.objects.select_related("period").get(
                measure=measure, period=form.cleaned_data["period"]
            )
            form.add_error("period", already_marked(marked))
        else:
            messages.success(
                request,
                f"{rebase.period.label} now starts a new process: the chart's mean and limits "
                "are worked out again from that month on",
            )
            return redirect(measure.get_absolute_url())
    return _form_page(request, plan, measure, form, status=400)


@roles.admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def rebase_edit(request, plan_slug, measure_id, rebase_id):
    """Change what an admin said changed; refused if someone saved it since the page showed it."""
    plan, measure = _measure(plan_slug, measure_id)
    rebase = _rebase(measure, rebase_id)
    if request.method != "POST":
        form = RebaseForm(instance=rebase, periods=_periods(plan))
        return _form_page(request, plan, measure, form)
    form = RebaseForm(request.POST, instance=rebase, periods=_periods(plan))
    if not form.is_valid():
        return _form_page(request, plan, measure, form, status=400)
    shown = form.cleaned_data.get("version")
    rebase.version = shown or 0  # the save matches the row on it (Versioned)
    try:
        form.save()
    except Conflict as conflict:
        saved = conflict.saved[rebase.pk]
        return _stale_form(request, plan, measure, saved)
    messages.success(request, f"What changed in {rebase.period.label} is saved")
    return redirect(measure.get_absolute_url())


def _stale_form(request, plan, measure, saved):
    """The form again, keeping what the admin typed but carrying the version saved now, with
    who saved it and what it says: saving again is then a decision made knowing of it."""
    conflict = (
        f"{_changed(saved, 'while you were editing')}. It now says: “{saved.reason}”. "
        "Your text is below: save it again to replace theirs."
    )
    data = request.POST.copy()
    data["version"] = str(saved.version)
    form = RebaseForm(data, instance=saved, periods=_periods(plan))
    form.is_valid()  # shows what they typed (and its errors), over the saved record
    return _form_page(request, plan, measure, form, conflict=conflict, status=409)


@roles.admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def rebase_remove(request, plan_slug, measure_id, rebase_id):
    """GET asks to confirm; only a POST removes, and only the version the page showed."""
    plan, measure = _measure(plan_slug, measure_id)
    rebase = _rebase(measure, rebase_id)
    title = f"Remove the change in process from {rebase.period.label}?"
    context = {"rebase": rebase, "conflict": None}
    if request.method != "POST":
        return _page(request, "returns/rebase_remove.html", plan, measure, title, context)
    saved = _remove(rebase, request.POST.get("version", ""))
    if saved is not None:
        conflict = (
            f"{_changed(saved, 'after you opened this page')}, so it has not been removed. "
            "Read it as it is now before removing it."
        )
        context = {"rebase": saved, "conflict": conflict, "error_items": [("", conflict)]}
        return _page(request, "returns/rebase_remove.html", plan, measure, title, context, 409)
    messages.success(
        request,
        f"{rebase.period.label} no longer starts a new process: the chart reads the months "
        "either side as one process again",
    )
    return redirect(measure.get_absolute_url())


def _remove(rebase, shown):
    """Remove the change in process if it is still the version the page showed (`shown`, as
    posted): None when removed (or gone already), else the record as saved now."""
    with transaction.atomic():
        saved = (
            Rebase.objects.select_for_update(of=("self",))  # the row, not its person
            .select_related("period", "created_by")
            .filter(pk=rebase.pk)
            .first()
        )
        if saved is None:
            return None
        if str(saved.version) != shown.strip():
            return saved
        saved.delete()
    return None


@roles.reader_required
@require_safe
def rebase_history(request, plan_slug, measure_id):
    """How this measure's process changed: every change in process marked, changed or
    removed, who did it and when, newest first."""
    plan, measure = _measure(plan_slug, measure_id)
    labels = {p.pk: p.label for p in plan.periods.all()}
    entries = history.describe_many(
        Rebase.history.filter(measure_id=measure.pk).select_related("history_user"),
        key=lambda r: r.id,
        model=Rebase,
        fields=REBASE_FIELDS,
        subject=lambda r: f"New process from {labels.get(r.period_id, 'a deleted month')}",
        formatters={"period": lambda pk: labels.get(pk, "")},
    )
    context = {"entries": history.newest_first(entries)}
    title = f"How this measure's process changed: {measure.name}"
    return _page(request, "returns/rebase_history.html", plan, measure, title, context)
