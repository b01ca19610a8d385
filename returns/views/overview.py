"""My returns (a manager's areas and what is left to do) and Returns status (every area)."""

from improvement.roles import admin_required, editable_area_ids, manager_required

from ..selectors import area_returns, plan_for, reminder_sendings, status_counts
from .common import chosen_period, page


@manager_required
def my_returns(request, plan_slug):
    """Where a service manager lands: each of their areas and what is still to do."""
    plan = plan_for(plan_slug)
    period = chosen_period(request, plan)
    area_ids = sorted(editable_area_ids(request.user, plan))
    returns = area_returns(plan, period, area_ids=area_ids) if period else []
    context = {"returns": returns, "periods": plan.periods.order_by("-month")}
    return page(request, plan, "returns/my_returns.html", "My returns", context, period=period)


@admin_required
def status(request, plan_slug):
    plan = plan_for(plan_slug)
    period = chosen_period(request, plan)
    periods = list(plan.periods.order_by("-month"))
    returns = area_returns(plan, period, plan_periods=periods) if period else []
    context = {
        "returns": returns,
        "counts": status_counts(returns),
        "periods": periods,
        "sendings": reminder_sendings(period) if period else [],
    }
    return page(request, plan, "returns/status.html", "Returns status", context, period=period)
