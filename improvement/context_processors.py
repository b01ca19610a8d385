"""The plan in view, the signed-in user's role and the navigation, for every page."""

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from . import roles
from .models import Plan

# (url name, label, who sees it): the navigation; a page not built yet is skipped.
NAVIGATION = [
    ("dashboard:at_a_glance", "RAG at a glance", roles.has_any_role),
    (
        "returns:my_returns",
        "My returns",
        lambda u: roles.is_service_manager(u) or roles.is_admin(u),
    ),
    ("dashboard:tracker", "Action tracker", roles.has_any_role),
    ("dashboard:recommendations", "Recommendations", roles.has_any_role),
    ("dashboard:board_pack", "Board pack", roles.has_any_role),
    ("returns:status", "Returns status", roles.is_admin),
    ("spreadsheets:home", "Import and export", roles.is_admin),
]


def set_current_plan(request, plan):
    """The view has read the plan already: the header and navigation use it."""
    request._current_plan = plan


def current_plan(request):
    """The plan named in the URL, else the first active one; looked up once per request."""
    if not hasattr(request, "_current_plan"):
        match = getattr(request, "resolver_match", None)
        slug = match.kwargs.get("plan_slug") if match else None
        if slug:
            plan = Plan.objects.filter(slug=slug).first()
        else:
            plan = Plan.objects.filter(status=Plan.Status.ACTIVE).first() or Plan.objects.first()
        request._current_plan = plan
    return request._current_plan


def navigation(request):
    """The header: the plan, the links this user may follow and their role. Each is worked
    out only when a template shows it (the Django admin's pages never do)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_plan": SimpleLazyObject(lambda: current_plan(request)),
        "nav_items": SimpleLazyObject(lambda: _nav_items(request, user)),
        "user_role": SimpleLazyObject(lambda: roles.role_label(user)),
    }


def _nav_items(request, user):
    plan = current_plan(request)
    items = []
    here = request.path
    for name, label, allowed in NAVIGATION:
        if not allowed(user):
            continue
        try:
            url = reverse(name, args=[plan.slug]) if plan else None
        except NoReverseMatch:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
        if url:
            items.append({"url": url, "label": label, "active": here == url})
    if roles.is_admin(user):
        items.append({"url": reverse("admin:index"), "label": "Admin", "active": False})
    return items
