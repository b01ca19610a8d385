from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from . import roles
from .context_processors import current_plan


@login_required
def home(request):
    """Send each role where its month starts: managers to their returns, others to the board."""
    plan = current_plan(request)
    if plan is None:
        return render(request, "improvement/no_plan.html", status=200)
    if roles.is_service_manager(request.user) and not roles.is_admin(request.user):
        targets = ["returns:my_returns", "dashboard:at_a_glance"]
    else:
        targets = ["dashboard:at_a_glance"]
    for name in targets:
        try:
            return redirect(reverse(name, args=[plan.slug]))
        except NoReverseMatch:
            continue
    return render(request, "improvement/no_plan.html")
