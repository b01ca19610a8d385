"""The plan in view, the signed-in user's role in it and the navigation, for every page."""

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from . import roles

# (url name, label, who sees it in the plan in view): the navigation; a page not built yet
# is skipped.
NAVIGATION = [
    ("dashboard:at_a_glance", "RAG at a glance", roles.can_read_plan),
    ("returns:my_returns", "My returns", roles.writes_returns),
    ("dashboard:tracker", "Action tracker", roles.can_read_plan),
    ("dashboard:recommendations", "Recommendations", roles.can_read_plan),
    ("packs:list", "Board packs", roles.can_read_plan),
    ("returns:status", "Returns status", roles.can_manage_plan),
    ("spreadsheets:home", "Import and export", roles.can_manage_plan),
]
# The header lists the user's plans when they have this many or fewer; more, and it links
# to the plans page only.
SWITCH_LIST_LIMIT = 5


def set_current_plan(request, plan):
    """The view has read the plan already: the header and navigation use it."""
    request._current_plan = plan


def current_plan(request):
    """The plan in view: the one named in the address, if this user belongs to it (the page's
    decorator has read it already). Pages outside a plan have none."""
    if not hasattr(request, "_current_plan"):
        match = getattr(request, "resolver_match", None)
        slug = match.kwargs.get("plan_slug") if match else None
        user = getattr(request, "user", None)
        plan = None
        if slug and user is not None:
            plan = roles.plans_for(user).filter(slug=slug).first()
        request._current_plan = plan
    return request._current_plan


def navigation(request):
    """The header: the plan, the links this user may follow, their role and their plans.
    Each is worked out only when a template shows it (the Django admin's pages never do)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_plan": SimpleLazyObject(lambda: current_plan(request)),
        "nav_items": SimpleLazyObject(lambda: _nav_items(request, user)),
        "user_role": SimpleLazyObject(lambda: _role_label(request, user)),
        "switch_plans": SimpleLazyObject(lambda: _switch_plans(request, user)),
    }


def _role_label(request, user):
    plan = current_plan(request)
    if plan is None:
        return roles.role_label(user)
    return roles.plan_role(user, plan) or roles.role_label(user)


def _switch_plans(request, user):
    """The other plans this user may open from the header (none when there are too many to
    list: the plans page lists them)."""
    plan = current_plan(request)
    others = list(roles.plans_for(user).exclude(pk=plan.pk if plan else None)[:SWITCH_LIST_LIMIT])
    return others if len(others) < SWITCH_LIST_LIMIT else []


def _nav_items(request, user):
    plan = current_plan(request)
    items = []
    here = request.path
    for name, label, allowed in NAVIGATION:
        if plan is None or not allowed(user, plan):
            continue
        try:
            url = reverse(name, args=[plan.slug])
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": here == url})
    items.append(
        {"url": reverse("plans"), "label": "Your plans", "active": here == reverse("plans")}
    )
    if roles.is_admin(user):
        items.append({"url": reverse("admin:index"), "label": "Admin", "active": False})
    return items
