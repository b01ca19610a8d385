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

# Permissions: admins everything in these apps (and users); board members view only;
# service managers view, plus the changes a monthly return makes.
ROLE_APPS = ("improvement", "measures", "exceptions", "spreadsheets")
ADMIN_ONLY_APPS = ("axes",)  # sign-in lockouts: admins can see and clear them
MANAGER_CHANGES = {
    "measures": ["add_actual", "change_actual"],
    "improvement": ["change_action", "add_actionupdate"],
    "exceptions": ["add_exceptionreport", "change_exceptionreport"],
}


def sync_role_groups(apps=None):
    """Create the three groups and give them their permissions; safe to run again.

    Called by the roles migrations (with the historical app registry) and whenever a
    group is found missing (e.g. after a test database is flushed).
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=ROLE_APPS)
    views = ours.filter(codename__startswith="view_")
    users = Permission.objects.filter(content_type__app_label="auth", content_type__model="user")
    lockouts = Permission.objects.filter(content_type__app_label__in=ADMIN_ONLY_APPS)
    manager_changes = [
        perm
        for app, codenames in MANAGER_CHANGES.items()
        for perm in Permission.objects.filter(content_type__app_label=app, codename__in=codenames)
    ]
    wanted = {
        ADMIN: list(ours)
        + list(users)
        + list(lockouts)
        + list(Permission.objects.filter(codename="view_group")),
        BOARD_MEMBER: list(views),
        SERVICE_MANAGER: list(views) + manager_changes,
    }
    for name, permissions in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def role_group(name):
    """The group of a role, creating the roles if they are missing."""
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=name).first()
    if group is None:
        sync_role_groups()
        group = Group.objects.get(name=name)
    return group


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
