"""What every returns page shares: the period in view, the area a user may edit, the page."""

from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from improvement.context_processors import set_current_plan
from improvement.models import ServiceArea
from improvement.roles import NotAllowed, can_edit_area, can_manage_plan
from measures.scorecard import plan_scorecard

from .. import forms
from ..selectors import current_period, period_for

LOCKED_FOR_MANAGERS = "This period is locked: only an admin can change it."
NOT_YOUR_AREA = (
    "{area} is not one of your service areas: you can change only the figures, actions and "
    "reports of the areas assigned to you."
)


def chosen_period(request, plan):
    """?period=YYYY-MM when given (404 if the plan has no such period), else the current one."""
    month = forms.PeriodChoiceForm(request.GET).month()
    return period_for(plan, month) if month else current_period(plan)


def editable_area(user, plan, area_id=None, *, area=None):
    """The plan's area (by id, or the one given) if this user may change it: 404 for an area
    of another plan, 403 for one that is not theirs."""
    if area is None:
        area = get_object_or_404(ServiceArea, plan=plan, pk=area_id)
    if not can_edit_area(user, area):
        raise NotAllowed(
            NOT_YOUR_AREA.format(area=area.name),
            next_url=reverse("returns:my_returns", args=[plan.slug]),
            next_label="Go to your returns for this plan",
        )
    return area


def can_write(user, period):
    return not period.is_locked or can_manage_plan(user, period.plan_id)


def refuse_if_locked(request, period):
    if not can_write(request.user, period):
        raise NotAllowed(
            LOCKED_FOR_MANAGERS,
            next_url=my_returns_url(period.plan, period),
            next_label="Go to your returns for this period",
        )


def area_summary(plan, period, area, *, readings=False):
    """Where one area stands in the period: its measures' rows and its reports; with
    readings=True, each measure's SPC reading too (MeasureRow.reading)."""
    return plan_scorecard(
        plan, period, area_ids=[area.pk], history_length=2, detail=True, readings=readings
    )[0]


def with_versions(data, versions):
    """A copy of the POST data with the saved versions, so a second save applies the user's."""
    data = data.copy() if isinstance(data, QueryDict) else dict(data)
    for name, version in versions.items():
        data[name] = str(version)
    return data


def my_returns_url(plan, period):
    return f"{reverse('returns:my_returns', args=[plan.slug])}?period={period.month:%Y-%m}"


def page(request, plan, template, page_title, context, *, period=None, status=200):
    """A returns page. With a period, forms on it are writable when `can_write` says so."""
    set_current_plan(request, plan)
    context = {
        "plan": plan,
        "page_title": page_title,
        "period": period,
        "can_write": period is not None and can_write(request.user, period),
        "user_is_admin": can_manage_plan(request.user, plan),
        "error_items": [],
        **context,
    }
    return render(request, template, context, status=status)
