"""Generate county-scale (and regional-scale) plans for the benchmarks, fast.

A county-scale plan, as issue 6 sizes it:

    20 service areas, 400 measures (20 per area), 60 monthly reporting periods with an
    actual for every measure in every period (24,000 actuals), 1,500 actions (75 per area,
    in 5 outcomes) with 6 progress updates each (9,000), 60 recommendations, 1,200 exception
    reports (one per area per period), 2 targets per measure (800), 6 benchmarks per
    measure (SN, regional, national for two years: 2,400), and users: an admin, board
    members, and service managers who each own two areas.

A regional-scale database holds ten such plans. Rows are written with bulk_create, so
django-simple-history records no history for them: the benchmarks do not need it.
The content is deterministic: the same seed, slug and end month give the same plan.

As a function (Django set up, inside your own database):

    from bench.generate import generate_plan
    result = generate_plan("county-01", seed=1)

As a command (sets up Django itself; DATABASE_URL as for the product):

    .venv/bin/python bench/generate.py --plans 1                 # one county-scale plan
    .venv/bin/python bench/generate.py --plans 10 --migrate      # regional scale, migrating first
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \\
        .venv/bin/python bench/generate.py --plans 10 --migrate

Every generated user's password is PASSWORD below (hashed once, shared by all of them).
"""

import argparse
import datetime
import os
import random
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-not-secret-0815"

AREAS = 20
MEASURES_PER_AREA = 20
PERIODS = 60
ACTIONS_PER_AREA = 75
OUTCOMES_PER_AREA = 5
UPDATES_PER_ACTION = 6
RECOMMENDATIONS = 60
MANAGERS = 10  # each owns AREAS // MANAGERS areas
BOARD_MEMBERS = 5
OPEN_PERIODS = 2  # the latest periods stay open; the ones before are locked
BATCH = 2000

AREA_NAMES = [
    "Leadership and Stability",
    "Quality Assurance",
    "Early Help",
    "MASH and Front Door",
    "Assessment",
    "Child Protection",
    "Children in Need",
    "Looked after Children",
    "Care Leavers",
    "Fostering",
    "Adoption",
    "Youth Justice",
    "Edge of Care",
    "Disabled Children",
    "Workforce",
    "Corporate Parenting",
    "Participation",
    "Private Fostering",
    "Missing Children",
    "Exploitation",
]
WORDS = [
    "children",
    "families",
    "practice",
    "social",
    "workers",
    "assessments",
    "plans",
    "timely",
    "visits",
    "supervision",
    "quality",
    "audit",
    "partners",
    "threshold",
    "consistent",
    "outcomes",
    "placement",
    "stability",
    "permanence",
    "review",
    "caseloads",
    "management",
    "oversight",
    "evidence",
    "improvement",
    "voice",
    "of",
    "the",
    "child",
    "multi-agency",
    "early",
    "help",
    "referrals",
    "contacts",
    "strategy",
    "discussions",
]
LEADS = [
    "Head of Service",
    "Service Manager",
    "Principal Social Worker",
    "Team Manager",
    "Director of Children's Services",
    "Head of Quality Assurance",
]


@dataclass
class Generated:
    """What generate_plan made: the plan and the people to sign in as."""

    plan: object
    admin: object
    board_members: list
    managers: list  # [(user, [area, ...]), ...]
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


def month_add(month, n):
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def default_end_month():
    """The current month: latest_period() shows the latest period that has begun."""
    return datetime.date.today().replace(day=1)


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _password_hash():
    from django.contrib.auth.hashers import make_password

    global _HASH
    if _HASH is None:
        _HASH = make_password(PASSWORD)
    return _HASH


_HASH = None


def generate_plan(slug, *, seed=1, end_month=None, organisation=None):
    """Create one county-scale plan with bulk_create; return a Generated."""
    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from django.utils import timezone

    from exceptions.models import ExceptionReport
    from improvement import roles
    from improvement.models import (
        Action,
        ActionUpdate,
        Outcome,
        Plan,
        PlanMembership,
        Recommendation,
        ReportingPeriod,
        ServiceArea,
    )
    from measures.models import Actual, Benchmark, Measure, Target

    started = time.perf_counter()
    rng = random.Random(f"{seed}:{slug}")
    end_month = end_month or default_end_month()
    first_month = month_add(end_month, -(PERIODS - 1))
    tz = timezone.get_current_timezone()
    counts = {}

    def bulk(model, objs):
        made = model.objects.bulk_create(objs, batch_size=BATCH)
        counts[model.__name__] = counts.get(model.__name__, 0) + len(made)
        return made

    with transaction.atomic():
        password = _password_hash()
        groups = {g.name: g for g in Group.objects.filter(name__in=roles.ROLES)}
        admin = User(username=f"{slug}-admin", password=password, first_name="Admin", is_staff=True)
        board = [
            User(username=f"{slug}-board-{i + 1:02d}", password=password, first_name="Board")
            for i in range(BOARD_MEMBERS)
        ]
        managers = [
            User(username=f"{slug}-manager-{i + 1:02d}", password=password, first_name="Manager")
            for i in range(MANAGERS)
        ]
        bulk(User, [admin, *board, *managers])
        memberships = [User.groups.through(user=admin, group=groups[roles.ADMIN])]
        memberships += [
            User.groups.through(user=u, group=groups[roles.BOARD_MEMBER]) for u in board
        ]
        memberships += [
            User.groups.through(user=u, group=groups[roles.SERVICE_MANAGER]) for u in managers
        ]
        User.groups.through.objects.bulk_create(memberships)

        plan = Plan.objects.create(
            slug=slug,
            organisation=organisation or f"{slug.replace('-', ' ').title()} Council",
            title="Children's Services Improvement Plan",
            framework=Plan.Framework.ILACS,
            inspection_date=month_add(first_month, -2),
            judgement=Plan.Judgement.INADEQUATE,
            starts=first_month,
            ends=end_month,
            summary=sentence(rng, 40),
        )
        counts["Plan"] = 1
        # Its admin and board members are members of this plan (managers belong by area).
        bulk(
            PlanMembership,
            [PlanMembership(plan=plan, user=admin, role=PlanMembership.Role.ADMIN)]
            + [
                PlanMembership(plan=plan, user=u, role=PlanMembership.Role.BOARD_MEMBER)
                for u in board
            ],
        )

        periods = bulk(
            ReportingPeriod,
            [
                ReportingPeriod(
                    plan=plan,
                    month=month_add(first_month, i),
                    deadline=month_add(first_month, i + 1).replace(day=10),
                    status=(
                        ReportingPeriod.Status.OPEN
                        if i >= PERIODS - OPEN_PERIODS
                        else ReportingPeriod.Status.LOCKED
                    ),
                    locked_by=None if i >= PERIODS - OPEN_PERIODS else admin,
                    locked_at=(
                        None
                        if i >= PERIODS - OPEN_PERIODS
                        else datetime.datetime.combine(
                            month_add(first_month, i + 1).replace(day=20),
                            datetime.time(12),
                            tzinfo=tz,
                        )
                    ),
                )
                for i in range(PERIODS)
            ],
        )

        sources = [Recommendation.Source.OFSTED] * 3 + [
            Recommendation.Source.SAFEGUARDING_REVIEW,
            Recommendation.Source.PEER_REVIEW,
        ]
        recommendations = bulk(
            Recommendation,
            [
                Recommendation(
                    plan=plan,
                    reference=str(i + 1),
                    source=sources[i % len(sources)],
                    text=sentence(rng, 18),
                    report_reference=f"Pg {i // 4 + 1} Para {i % 4 + 1}",
                    timeframe=rng.choice(["Immediately", "Within three months", ""]),
                    order=i,
                )
                for i in range(RECOMMENDATIONS)
            ],
        )

        areas = bulk(
            ServiceArea,
            [
                ServiceArea(
                    plan=plan,
                    name=AREA_NAMES[i % len(AREA_NAMES)],
                    order=i + 1,
                    lead=rng.choice(LEADS),
                    responsible_officers="\n".join(rng.sample(LEADS, 2)),
                    linked_plans="Service plan 2020-21",
                )
                for i in range(AREAS)
            ],
        )
        per_area = RECOMMENDATIONS // AREAS
        ServiceArea.recommendations.through.objects.bulk_create(
            [
                ServiceArea.recommendations.through(
                    servicearea=area, recommendation=recommendations[a * per_area + k]
                )
                for a, area in enumerate(areas)
                for k in range(per_area)
            ]
        )
        owned = AREAS // MANAGERS
        ServiceArea.managers.through.objects.bulk_create(
            [
                ServiceArea.managers.through(servicearea=area, user=managers[a // owned])
                for a, area in enumerate(areas)
            ]
        )

        outcomes = bulk(
            Outcome,
            [
                Outcome(area=area, title=sentence(rng, 10), order=o)
                for area in areas
                for o in range(OUTCOMES_PER_AREA)
            ],
        )

        # Measures, their targets, benchmarks and a full run of actuals.
        measures, specs = [], []
        for a, area in enumerate(areas):
            for m in range(MEASURES_PER_AREA):
                unit = rng.choice(["percent", "percent", "count", "rate", "days"])
                direction = rng.choice(["higher", "higher", "lower", "range", "monitor"])
                if unit == "percent":
                    target = Decimal(rng.randrange(60, 95))
                elif unit == "count":
                    target = Decimal(rng.randrange(20, 400))
                elif unit == "rate":
                    target = Decimal(rng.randrange(300, 900)) / 10
                else:
                    target = Decimal(rng.randrange(10, 60))
                specs.append((unit, direction, target))
                measures.append(
                    Measure(
                        area=area,
                        reference=f"{a + 1}.{m + 1}",
                        name=f"{sentence(rng, 8)[:-1]} ({unit})",
                        unit=unit,
                        unit_label={"count": "children", "rate": "per 10,000 children"}.get(
                            unit, ""
                        ),
                        direction=direction,
                        decimal_places=0 if unit == "count" else 1,
                        baseline=target * Decimal("0.8"),
                        baseline_date=first_month,
                        data_source=rng.choice(["Liquid Logic", "Mosaic", "Local audit"]),
                        local_indicator=rng.random() < 0.2,
                        outcome_text=sentence(rng, 10),
                        order=m,
                    )
                )
        measures = bulk(Measure, measures)

        targets, benchmarks = [], []
        midway = month_add(first_month, PERIODS // 2)
        for measure, (unit, direction, target) in zip(measures, specs, strict=True):
            interim = target * Decimal("0.9")
            upper = (lambda t: t * Decimal("1.2")) if direction == "range" else (lambda t: None)
            targets.append(
                Target(
                    measure=measure, effective_from=first_month, value=interim, upper=upper(interim)
                )
            )
            targets.append(
                Target(measure=measure, effective_from=midway, value=target, upper=upper(target))
            )
            for kind in ("sn", "regional", "national"):
                for year in (end_month.year - 2, end_month.year - 1):
                    value = target * Decimal(rng.randrange(80, 110)) / 100
                    if unit == "percent":
                        value = min(value, Decimal(100))
                    benchmarks.append(
                        Benchmark(
                            measure=measure,
                            kind=kind,
                            year=year,
                            value=value.quantize(Decimal("0.1")),
                            source="DfE CIN census",
                        )
                    )
        bulk(Target, targets)
        bulk(Benchmark, benchmarks)

        actuals = []
        manager_of = {area.pk: managers[a // owned] for a, area in enumerate(areas)}
        for measure, (unit, _direction, target) in zip(measures, specs, strict=True):
            level = float(target) * 0.8
            for i, period in enumerate(periods):
                level *= 1 + rng.uniform(-0.04, 0.05)
                if unit == "percent":
                    level = min(max(level, 0.0), 100.0)
                value = Decimal(round(level)) if unit == "count" else Decimal(f"{level:.1f}")
                missing = rng.random() < 0.01
                actuals.append(
                    Actual(
                        measure=measure,
                        period=period,
                        value=None if missing else value,
                        missing_reason="Data not yet validated." if missing else "",
                        commentary=sentence(rng, 10) if i % 3 == 0 else "",
                        entered_by=manager_of[measure.area_id],
                    )
                )
        bulk(Actual, actuals)

        statuses = ["not_started", "in_progress", "in_progress", "at_risk", "complete"]
        actions = []
        for a, area in enumerate(areas):
            for k in range(ACTIONS_PER_AREA):
                outcome = outcomes[a * OUTCOMES_PER_AREA + k % OUTCOMES_PER_AREA]
                no_date = rng.random() < 0.08
                actions.append(
                    Action(
                        area=area,
                        outcome=outcome,
                        reference=f"{a + 1}.{k % OUTCOMES_PER_AREA + 1}.{k // OUTCOMES_PER_AREA + 1}",  # noqa: E501
                        text=sentence(rng, 16),
                        target_date=(
                            None
                            if no_date
                            else month_add(first_month, rng.randrange(PERIODS + 6))
                            + datetime.timedelta(days=rng.randrange(28))
                        ),
                        target_date_text=rng.choice(["Ongoing", "TBC"]) if no_date else "",
                        lead=rng.choice(LEADS),
                        key_partners="Health; Police; Schools",
                        success_measure=sentence(rng, 10),
                        status=rng.choice(statuses),
                        still_to_do=sentence(rng, 8),
                        order=k,
                    )
                )
        actions = bulk(Action, actions)
        Action.recommendations.through.objects.bulk_create(
            [
                Action.recommendations.through(
                    action=action,
                    recommendation=recommendations[
                        (action_index // ACTIONS_PER_AREA) * per_area + action_index % per_area
                    ],
                )
                for action_index, action in enumerate(actions)
            ],
            batch_size=BATCH,
        )

        updates = []
        step = PERIODS // UPDATES_PER_ACTION
        for action in actions:
            for u in range(UPDATES_PER_ACTION):
                period = periods[min(PERIODS - 1, u * step + rng.randrange(step))]
                updates.append(
                    ActionUpdate(
                        action=action,
                        period=period,
                        status=action.status if u == UPDATES_PER_ACTION - 1 else "in_progress",
                        progress=sentence(rng, 20),
                        impact=sentence(rng, 12),
                        evidence=sentence(rng, 8),
                        author=manager_of[action.area_id],
                        created_at=datetime.datetime.combine(
                            period.month + datetime.timedelta(days=rng.randrange(25)),
                            datetime.time(9, rng.randrange(60)),
                            tzinfo=tz,
                        ),
                    )
                )
        bulk(ActionUpdate, updates)

        rags = ["green", "amber", "amber", "red"]
        reports = []
        for area in areas:
            previous = ""
            for i, period in enumerate(periods):
                suggested, current = rng.choice(rags), rng.choice(rags)
                last = i == PERIODS - 1
                reports.append(
                    ExceptionReport(
                        area=area,
                        period=period,
                        key_developments=sentence(rng, 30),
                        key_risks=sentence(rng, 20),
                        progress=sentence(rng, 40),
                        risks=sentence(rng, 30),
                        evidence=sentence(rng, 15),
                        previous_rag=previous,
                        suggested_rag=suggested,
                        current_rag=current,
                        reason=sentence(rng, 12) if current != suggested else "",
                        status=(
                            ExceptionReport.Status.DRAFT
                            if last
                            else ExceptionReport.Status.SUBMITTED
                        ),
                        submitted_by=None if last else manager_of[area.pk],
                        submitted_at=(
                            None
                            if last
                            else datetime.datetime.combine(
                                period.deadline, datetime.time(16), tzinfo=tz
                            )
                        ),
                        updated_by=manager_of[area.pk],
                    )
                )
                previous = current
        bulk(ExceptionReport, reports)

    return Generated(
        plan=plan,
        admin=admin,
        board_members=board,
        managers=[(u, areas[i * owned : (i + 1) * owned]) for i, u in enumerate(managers)],
        counts=counts,
        seconds=time.perf_counter() - started,
    )


def generate_region(count=10, *, seed=1, end_month=None, start=1, prefix="county"):
    """Generate `count` county-scale plans named prefix-01, prefix-02, ..."""
    return [
        generate_plan(f"{prefix}-{n:02d}", seed=seed, end_month=end_month)
        for n in range(start, start + count)
    ]


def setup_django(database_url=None):
    """Set up Django for a command-line run (DATABASE_URL as for the product)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=1, help="how many plans (10 = regional)")
    parser.add_argument("--prefix", default="county", help="plan slugs are PREFIX-01, ...")
    parser.add_argument("--start", type=int, default=1, help="number of the first plan")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--end-month", help="last reporting month, YYYY-MM (default: this month)")
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    from django.core.management import call_command

    if args.migrate:
        call_command("migrate", verbosity=0, interactive=False)
    end_month = None
    if args.end_month:
        year, month = args.end_month.split("-")
        end_month = datetime.date(int(year), int(month), 1)
    for result in generate_region(
        args.plans, seed=args.seed, end_month=end_month, start=args.start, prefix=args.prefix
    ):
        made = ", ".join(f"{n:,} {name}" for name, n in result.counts.items())
        print(f"{result.plan.slug}: {made} in {result.seconds:.1f} s")
        print(
            f"  sign in as {result.admin.username} (admin), {result.board_members[0].username}"
            f" (board member), {result.managers[0][0].username} (service manager);"
            f" password {PASSWORD}"
        )


if __name__ == "__main__":
    main()
