"""Load the demonstration plan (Southampton 2020-21 "Measures that matter").

The plan is a workbook in our own format (fixtures/demo/southampton_2020.xlsx, an export
of the plan), imported through ``ImportPlan`` exactly as an admin's upload is: the same
checks, the same history. Its figures (baselines, July 2020 actuals, targets,
comparators) are the published ones; the other eleven months of actuals are
illustrative and marked so on each record. Before the import the national indicator
catalogue is synced and the demo users are created (the workbook names the managers of
each area by user name); after it the users are given their plan roles and areas, and
the DfE's published figures of the linked indicators are loaded. Running it again
changes nothing: the import finds every record again by its natural keys.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from comparators.catalogue.sync import sync_catalogue
from comparators.loading import load_files
from improvement import roles
from improvement.models import Plan

from .importers import PLAN, ImportPlan
from .report import CREATED, UPDATED

DATA_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "southampton_2020.xlsx"
# The DfE's published figures (LAIT's bulk file, every council and year) of the national
# indicators the demo's measures are linked to: a small extract; load the full files with
# `manage.py load_comparators`.
PUBLISHED_FILE = DATA_FILE.with_name("published_figures_extract.csv.gz")
SLUG = "southampton-2020-21"
BENCHMARK_SOURCE = "As quoted in the published plan, which does not say the year"

DEMO_USERS = [
    # username, password, role, first name, last name, areas (by order in the plan)
    ("admin", "demo-admin-2020", roles.ADMIN, "Performance", "Team", ()),
    ("board", "demo-board-2020", roles.BOARD_MEMBER, "Board", "Member", ()),
    ("manager.safeguarding", "demo-manager-2020", roles.SERVICE_MANAGER, "Safeguarding", "Manager",
     (2, 3, 4, 5, 9, 14)),
    ("manager.children", "demo-manager-2020", roles.SERVICE_MANAGER, "Corporate Parenting",
     "Manager", (13, 15, 16, 17)),
]  # fmt: skip


class DemoError(Exception):
    """The demo workbook did not import: the import report says why."""


def create_users() -> int:
    """The demo users, created when missing; returns how many were created."""
    created = 0
    for username, password, role, first, last, _areas in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            is_staff=role == roles.ADMIN,
        )
        user.groups.add(roles.role_group(role))
        created += 1
    return created


def give_roles(plan: Plan) -> tuple[list, int]:
    """Plan roles and managed areas for the demo users: (log-ins to print, links set)."""
    areas = {a.order: a for a in plan.areas.all()}
    users, linked = [], 0
    for username, password, role, _first, _last, area_orders in DEMO_USERS:
        user = User.objects.get(username=username)
        if role in roles.MEMBER_ROLES:
            roles.add_member(plan, user, role)  # admins and board members of this plan
        for order in area_orders:
            if order in areas and not areas[order].managers.filter(pk=user.pk).exists():
                areas[order].managers.add(user)
                linked += 1
        users.append((username, password, role, [areas[o].name for o in area_orders]))
    return users, linked


@transaction.atomic
def load_demo(stdout=None, path=DATA_FILE, published=PUBLISHED_FILE):
    """Load the demo plan, its users, and the published figures of its national indicators.

    Returns (plan, log-ins, records created, records updated, links set)."""
    sync_catalogue()
    created = create_users()
    importer = ImportPlan(
        Path(path).read_bytes(),
        name=Path(path).name,
        kind=PLAN,
        plan=Plan.objects.filter(slug=SLUG).first(),
        plan_slug=SLUG,
        reason="Loaded as the demonstration plan (load_demo)",
    )
    report = importer.commit()
    if report.has_errors:
        problems = "\n".join(f"  - {issue}" for issue in report.errors[:20])
        raise DemoError(f"The demo workbook {path} did not import:\n{problems}")
    created += report.count(CREATED)
    updated = report.count(UPDATED)
    plan = Plan.objects.get(slug=SLUG)
    users, linked = give_roles(plan)
    if published:
        figures = load_files([published])
        created += figures.added
        updated += figures.replaced
    return plan, users, created, updated, linked
