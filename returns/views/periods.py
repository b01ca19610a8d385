"""Reporting periods (admins): open the next month, lock a month once the board has met."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from improvement.roles import admin_required
from improvement.rules import next_month

from .. import forms, services
from ..selectors import period_for, plan_for
from .common import page

DEADLINE_DAY = 10  # returns are due by the 10th of the month after the one reported on


def _page(request, plan, form):
    context = {
        "periods": plan.periods.select_related("locked_by").order_by("-month"),
        "form": form,
        "error_items": forms.error_summary(form),
    }
    return page(request, plan, "returns/periods.html", "Reporting periods", context)


@admin_required
def periods(request, plan_slug):
    plan = plan_for(plan_slug)
    if request.method != "POST":
        latest = plan.periods.order_by("-month").first()
        return _page(request, plan, forms.OpenPeriodForm(initial=_next_period_initial(latest)))
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
    return _page(request, plan, form)


def _next_period_initial(latest):
    """The month after the latest period, due by the 10th of the month after that."""
    if latest is None:
        return {}
    month = next_month(latest.month)
    following = next_month(month)
    return {
        "month_month": month.month,
        "month_year": month.year,
        "deadline_day": DEADLINE_DAY,
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
