"""The three roles and the one place that says who may do what.

Roles are Django groups (created with their permissions by a migration):
- Admin: manages plans, areas, users and periods; may correct a locked period.
- Board member: reads everything, changes nothing.
- Service manager: reads everything, changes only the areas assigned to them.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

ADMIN = "Admin"
BOARD_MEMBER = "Board member"
SERVICE_MANAGER = "Service manager"
ROLES = (ADMIN, BOARD_MEMBER, SERVICE_MANAGER)


def _groups(user):
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def is_admin(user):
    return user.is_authenticated and (user.is_superuser or ADMIN in _groups(user))


def is_board_member(user):
    return user.is_authenticated and BOARD_MEMBER in _groups(user)


def is_service_manager(user):
    return user.is_authenticated and SERVICE_MANAGER in _groups(user)


def has_any_role(user):
    return is_admin(user) or bool(_groups(user) & set(ROLES))


def role_label(user):
    if is_admin(user):
        return ADMIN
    for role in (SERVICE_MANAGER, BOARD_MEMBER):
        if role in _groups(user):
            return role
    return "No role"


def can_edit_area(user, area):
    """Admins edit every area; a service manager only the areas assigned to them."""
    if is_admin(user):
        return True
    if not is_service_manager(user):
        return False
    return area.managers.filter(pk=user.pk).exists()


def editable_area_ids(user, plan):
    if is_admin(user):
        return set(plan.areas.values_list("pk", flat=True))
    if not is_service_manager(user):
        return set()
    return set(user.managed_areas.filter(plan=plan).values_list("pk", flat=True))


def reader_required(view):
    """Signed in with a role: every role may read the plan."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not has_any_role(request.user):
            raise PermissionDenied("Your account has no role in Improvement Tracker yet.")
        return view(request, *args, **kwargs)

    return wrapper


def admin_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_admin(request.user):
            raise PermissionDenied("Only an admin can do this.")
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):
    """Service managers and admins: the people who write monthly returns."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (is_admin(request.user) or is_service_manager(request.user)):
            raise PermissionDenied("Only service managers and admins can do this.")
        return view(request, *args, **kwargs)

    return wrapper
