"""Pages outside any one plan: the start page, the list of plans and the error pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from . import roles
from .context_processors import set_current_plan


@login_required
def home(request):
    """Where each person's month starts: the plan they last used (or their only one), at
    their returns when they manage areas of it, else at the board's pages. With several
    plans and none used yet, the list of plans; with none, a page saying whom to ask."""
    plan = roles.last_plan(request.user)
    if plan is None:
        plans = list(roles.plans_for(request.user)[:2])
        if len(plans) > 1:
            return redirect("plans")
        if not plans:
            return render(request, "improvement/no_plan.html")
        plan = plans[0]
    targets = ["dashboard:at_a_glance"]
    if roles.plan_role(request.user, plan) == roles.SERVICE_MANAGER:
        targets.insert(0, "returns:my_returns")
    for name in targets:
        try:
            return redirect(reverse(name, args=[plan.slug]))
        except NoReverseMatch:
            continue
    return render(request, "improvement/no_plan.html")


@login_required
@require_safe
def plans(request):
    """The plans this user may open, with their role in each."""
    set_current_plan(request, None)
    rows = [{"plan": plan, "role": role} for plan, role in roles.plans_with_roles(request.user)]
    if not rows:
        return render(request, "improvement/no_plan.html")
    last = roles.last_plan(request.user)
    context = {"page_title": "Your plans", "rows": rows, "last_plan": last}
    return render(request, "improvement/plans.html", context)


# Error pages (config/urls.py names them; improvement.error_pages shows them with DEBUG on).


def _next_link(request):
    """Where to go from an error page: the plan in view's board pages if the user may see
    it, else the start page."""
    plan = getattr(request, "_current_plan", None)
    if plan is not None:
        return reverse("dashboard:at_a_glance", args=[plan.slug]), f"Go to {plan.title}"
    return reverse("home"), "Go to the start page"


@requires_csrf_token
def page_not_found(request, exception=None):
    url, label = _next_link(request)
    context = {"next_url": url, "next_label": label, "path": request.path}
    return render(request, "404.html", context, status=404)


@requires_csrf_token
def permission_denied(request, exception=None):
    url, label = _next_link(request)
    context = {
        "message": str(exception or ""),
        "next_url": getattr(exception, "next_url", None) or url,
        "next_label": getattr(exception, "next_label", None) or label,
    }
    return render(request, "403.html", context, status=403)


def bad_request(request, exception=None):
    """No request context: the request itself may be what is wrong (e.g. a bad host)."""
    return render(None, "400.html", {"home_url": reverse("home")}, status=400)


def server_error(request):
    """No request context and no database: whatever failed may be failing still."""
    return render(None, "500.html", {"home_url": reverse("home")}, status=500)
