"""The three roles and the one place that says who may see and do what.

Roles are Django groups (created with their permissions by a migration); they say what a
role may do in the Django admin:
- Admin: manages plans, areas, users and periods; may correct a locked period.
- Board member: reads, changes nothing.
- Service manager: reads, changes only the areas assigned to them.

Which plans a person sees is per plan (`plans_for`, `plan_role`): admins and board members
are members of a plan (PlanMembership), service managers belong to the plans of the areas
they manage, superusers see every plan. Every page of a plan is wrapped in one of the
decorators below: someone who does not belong to the plan gets 404 ("not found", so a
plan's existence is not revealed); someone who belongs but may not do this gets 403 with a
message saying why and where to go instead.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from .models import LastPlanUsed, Plan, PlanMembership, ServiceArea

ADMIN = "Admin"
BOARD_MEMBER = "Board member"
SERVICE_MANAGER = "Service manager"
ROLES = (ADMIN, BOARD_MEMBER, SERVICE_MANAGER)

# Permissions: admins everything in these apps (and users); board members view only;
# service managers view, plus the changes a monthly return makes.
ROLE_APPS = ("improvement", "measures", "exceptions", "spreadsheets", "comparators", "packs")
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


class NotAllowed(PermissionDenied):
    """A refusal that says where to go next: the 403 page shows the message and the link."""

    def __init__(self, message, *, next_url=None, next_label=None):
        super().__init__(message)
        self.next_url = next_url
        self.next_label = next_label


# Plans: who belongs to which ----------------------------------------------------------


def _links(user):
    """Subqueries of a plan (OuterRef "pk"): the user's membership, the areas they manage."""
    member = PlanMembership.objects.filter(plan=OuterRef("pk"), user=user)
    manages = ServiceArea.managers.through.objects.filter(
        servicearea__plan=OuterRef("pk"), user=user
    )
    return member, manages


def plans_for(user):
    """The plans this user may see (a queryset): every plan for a superuser; otherwise the
    plans they are a member of and those of the areas they manage."""
    if not user.is_authenticated:
        return Plan.objects.none()
    if user.is_superuser:
        return Plan.objects.all()
    member, manages = _links(user)
    return Plan.objects.filter(Exists(member) | Exists(manages))


def _role_from(is_admin_member, manages, is_member):
    if is_admin_member:
        return ADMIN
    if manages:
        return SERVICE_MANAGER
    return BOARD_MEMBER if is_member else None


def _with_role(plans, user):
    """Plans annotated with this user's links to each: one query for the plan and the role."""
    member, manages = _links(user)
    return plans.annotate(
        _is_member=Exists(member),
        _is_admin_member=Exists(member.filter(role=PlanMembership.Role.ADMIN)),
        _manages=Exists(manages),
        _last_used=Exists(LastPlanUsed.objects.filter(user=user, plan=OuterRef("pk"))),
    )


def managed_plans(user):
    """The plans this user is an admin of (every plan for a superuser): the records they may
    see and change in the Django admin (improvement/admin.py: PlanScoped)."""
    if user.is_superuser:
        return Plan.objects.all()
    member, _ = _links(user)
    return Plan.objects.filter(Exists(member.filter(role=PlanMembership.Role.ADMIN)))


def plans_with_roles(user):
    """[(plan, the user's role in it)] for every plan they may see, in one query."""
    plans = plans_for(user).order_by("organisation", "-starts", "title")
    if user.is_superuser:
        return [(plan, ADMIN) for plan in plans]
    rows = []
    for plan in _with_role(plans, user):
        role = _role_from(plan._is_admin_member, plan._manages, plan._is_member)
        _roles_known(user)[plan.pk] = role
        rows.append((plan, role))
    return rows


def _roles_known(user):
    """{plan id: role} worked out so far in this request (the user object lives as long as
    the request), so the page, its header and its checks ask once."""
    if not hasattr(user, "_plan_roles"):
        user._plan_roles = {}
    return user._plan_roles


def plan_role(user, plan):
    """The user's role in this plan (a plan or its id): Admin, Service manager, Board member,
    or None when they do not belong to it. Admin wins over the others, then managing an
    area (which lets them write) over reading as a board member."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return ADMIN
    plan_id = plan if isinstance(plan, int) else plan.pk
    known = _roles_known(user)
    if plan_id not in known:
        row = _with_role(Plan.objects.filter(pk=plan_id), user).values(
            "_is_admin_member", "_manages", "_is_member"
        )
        row = row.first() or {}
        known[plan_id] = _role_from(
            row.get("_is_admin_member"), row.get("_manages"), row.get("_is_member")
        )
    return known[plan_id]


MEMBER_ROLES = {ADMIN: PlanMembership.Role.ADMIN, BOARD_MEMBER: PlanMembership.Role.BOARD_MEMBER}


def add_member(plan, user, role):
    """Make the user a member of the plan in a role (Admin or Board member); True if new."""
    _, created = PlanMembership.objects.update_or_create(
        plan=plan, user=user, defaults={"role": MEMBER_ROLES[role]}
    )
    return created


def can_read_plan(user, plan):
    return plan_role(user, plan) is not None


def can_manage_plan(user, plan):
    """An admin of this plan (or a superuser): imports, periods, returns status, corrections
    to a locked period."""
    return plan_role(user, plan) == ADMIN


def writes_returns(user, plan):
    """Service managers of one of the plan's areas, and the plan's admins."""
    return plan_role(user, plan) in (ADMIN, SERVICE_MANAGER)


def can_edit_area(user, area):
    """The plan's admins edit every area; a service manager only the areas assigned to them."""
    if can_manage_plan(user, area.plan_id):
        return True
    return area.managers.filter(pk=user.pk).exists()


def editable_area_ids(user, plan):
    if can_manage_plan(user, plan):
        return set(plan.areas.values_list("pk", flat=True))
    return set(user.managed_areas.filter(plan=plan).values_list("pk", flat=True))


def plan_in_view(request, slug):
    """The plan named in the address if this user belongs to it; 404 otherwise, whether it
    does not exist or is someone else's. Remembered as the plan they last used."""
    user = request.user
    plan = _with_role(Plan.objects.filter(slug=slug), user).first()
    if plan is not None and not user.is_superuser:
        role = _role_from(plan._is_admin_member, plan._manages, plan._is_member)
        _roles_known(user)[plan.pk] = role
    if plan is None or not can_read_plan(user, plan):
        raise Http404("No plan found at this address.")
    request._current_plan = plan
    if not plan._last_used:
        remember_plan(user, plan)
    return plan


def remember_plan(user, plan):
    """Store the plan this user opened: one statement, whether or not they had one before."""
    LastPlanUsed.objects.bulk_create(
        [LastPlanUsed(user=user, plan=plan, opened_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["plan", "opened_at"],
    )


def last_plan(user):
    """The plan this user last opened, if they may still see it."""
    record = LastPlanUsed.objects.filter(user=user).select_related("plan").first()
    if record is not None and can_read_plan(user, record.plan):
        return record.plan
    return None


def _plan_page(view, allowed, refusal):
    """Signed in; on a page of a plan (`plan_slug`), a member of it (else 404) whom `allowed`
    lets in (else 403 with `refusal`)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        slug = kwargs.get("plan_slug")
        if slug is None:
            if not has_any_role(request.user):
                raise PermissionDenied("Your account has no role in Improvement Tracker yet.")
            return view(request, *args, **kwargs)
        plan = plan_in_view(request, slug)
        if not allowed(request.user, plan):
            raise NotAllowed(
                refusal,
                next_url=reverse("dashboard:at_a_glance", args=[plan.slug]),
                next_label=f"Go to the board's pages of {plan.title}",
            )
        return view(request, *args, **kwargs)

    return wrapper


def reader_required(view):
    """Signed in and a member of the plan: every role may read the plan."""
    return _plan_page(view, can_read_plan, "")


def admin_required(view):
    """An admin of the plan."""
    return _plan_page(view, can_manage_plan, "Only an admin of this plan can do this.")


def manager_required(view):
    """Service managers of the plan's areas and its admins: the people who write returns."""
    return _plan_page(
        view, writes_returns, "Only the plan's service managers and admins can do this."
    )
