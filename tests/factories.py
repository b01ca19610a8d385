"""Plain factory functions for test data: small by default, bulk on request."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth.models import User

from exceptions.models import ExceptionReport
from improvement.models import (
    Action,
    Plan,
    PlanMembership,
    Recommendation,
    ReportingPeriod,
    ServiceArea,
)
from improvement.roles import ADMIN, BOARD_MEMBER, SERVICE_MANAGER, role_group
from measures.models import Actual, Benchmark, Measure, Target

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def make_user(username=None, role=None, **extra):
    username = username or f"user{next(_seq)}"
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        user.groups.add(role_group(role))
    return user


def make_member(user, plan, role=PlanMembership.Role.BOARD_MEMBER):
    """Make the user a member of the plan (an admin or a board member of it)."""
    PlanMembership.objects.update_or_create(plan=plan, user=user, defaults={"role": role})
    return user


def make_admin(username="admin1", plans=()):
    """An admin of each of `plans` (and of none else)."""
    user = make_user(username, ADMIN, first_name="Ada", last_name="Admin")
    for plan in plans:
        make_member(user, plan, PlanMembership.Role.ADMIN)
    return user


def make_board_member(username="board1", plans=()):
    """A board member of each of `plans` (and of none else)."""
    user = make_user(username, BOARD_MEMBER, first_name="Bea", last_name="Board")
    for plan in plans:
        make_member(user, plan)
    return user


def make_manager(username="manager1", areas=()):
    user = make_user(username, SERVICE_MANAGER, first_name="Sam", last_name="Manager")
    for area in areas:
        area.managers.add(user)
    return user


def make_plan(slug=None, **extra):
    n = next(_seq)
    defaults = {
        "slug": slug or f"plan-{n}",
        "organisation": f"Council {n}",
        "title": "Improvement Plan",
        "starts": datetime.date(2020, 4, 1),
        "ends": datetime.date(2021, 3, 1),
    }
    defaults.update(extra)
    return Plan.objects.create(**defaults)


def make_periods(plan, first=datetime.date(2020, 1, 1), count=12, deadline_day=10):
    periods = []
    month = first
    for _ in range(count):
        next_month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        periods.append(
            ReportingPeriod.objects.create(
                plan=plan, month=month, deadline=next_month.replace(day=deadline_day)
            )
        )
        month = next_month
    return periods


def make_area(plan, name=None, order=0, **extra):
    return ServiceArea.objects.create(
        plan=plan, name=name or f"Area {next(_seq)}", order=order, **extra
    )


def make_recommendation(plan, reference=None, **extra):
    extra.setdefault("text", "Improve the quality of assessments and plans.")
    return Recommendation.objects.create(plan=plan, reference=reference or str(next(_seq)), **extra)


def make_measure(area, name=None, *, unit="percent", direction="higher", target=None, **extra):
    measure = Measure.objects.create(
        area=area, name=name or f"Measure {next(_seq)}", unit=unit, direction=direction, **extra
    )
    if target is not None:
        Target.objects.create(
            measure=measure, effective_from=datetime.date(2000, 1, 1), value=Decimal(str(target))
        )
    return measure


def make_actual(measure, period, value, **extra):
    return Actual.objects.create(
        measure=measure,
        period=period,
        value=None if value is None else Decimal(str(value)),
        **extra,
    )


def make_benchmark(measure, kind, value, year=2019):
    return Benchmark.objects.create(
        measure=measure, kind=kind, year=year, value=Decimal(str(value))
    )


def make_action(area, text=None, *, status="in_progress", target_date=None, **extra):
    return Action.objects.create(
        area=area,
        text=text or f"Action {next(_seq)}",
        reference=extra.pop("reference", f"{area.order}.{next(_seq)}"),
        status=status,
        target_date=target_date,
        **extra,
    )


def make_report(area, period, **extra):
    return ExceptionReport.objects.create(area=area, period=period, **extra)


def make_scaled_plan(scale=1, periods=6):
    """A plan whose size grows with `scale`: 2*scale areas, 3 measures and 3 actions each."""
    plan = make_plan()
    plan_periods = make_periods(plan, count=periods)
    for a in range(2 * scale):
        area = make_area(plan, order=a)
        rec = make_recommendation(plan)
        area.recommendations.add(rec)
        for m in range(3):
            measure = make_measure(area, unit="percent", target=80)
            make_benchmark(measure, "national", 75)
            for i, period in enumerate(plan_periods):
                make_actual(measure, period, 60 + i * 3 + m)
        for t in range(3):
            action = make_action(
                area, target_date=datetime.date(2020, 3 + t, 1), status="in_progress"
            )
            action.recommendations.add(rec)
        for period in plan_periods[-2:]:
            make_report(area, period, current_rag="amber", suggested_rag="red", reason="x")
    return plan, plan_periods
