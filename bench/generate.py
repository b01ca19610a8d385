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
if str(ROOT) not in sys.path:  # run as a script: `bench` is importable from the project
    sys.path.insert(0, str(ROOT))

from bench.words import AREA_NAMES, LEADS, WORDS  # noqa: E402

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


class _PlanBuilder:
    """Builds one plan part by part, in a fixed order: the random draws (and so the plan a
    seed gives) depend on it. Each part is a method; `bulk` counts what it writes."""

    def __init__(self, slug, *, seed, end_month, organisation):
        from django.utils import timezone

        self.slug = slug
        self.organisation = organisation
        self.rng = random.Random(f"{seed}:{slug}")
        self.end_month = end_month or default_end_month()
        self.first_month = month_add(self.end_month, -(PERIODS - 1))
        self.tz = timezone.get_current_timezone()
        self.counts = {}

    def bulk(self, model, objs):
        made = model.objects.bulk_create(objs, batch_size=BATCH)
        self.counts[model.__name__] = self.counts.get(model.__name__, 0) + len(made)
        return made

    def at(self, day, hour, minute=0):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.tz)

    def people(self):
        """An admin, the board members and the service managers, in their role groups."""
        from django.contrib.auth.models import Group, User

        from improvement import roles

        password = _password_hash()
        groups = {g.name: g for g in Group.objects.filter(name__in=roles.ROLES)}
        slug = self.slug
        self.admin = User(
            username=f"{slug}-admin", password=password, first_name="Admin", is_staff=True
        )
        self.board = [
            User(username=f"{slug}-board-{i + 1:02d}", password=password, first_name="Board")
            for i in range(BOARD_MEMBERS)
        ]
        self.managers = [
            User(username=f"{slug}-manager-{i + 1:02d}", password=password, first_name="Manager")
            for i in range(MANAGERS)
        ]
        self.bulk(User, [self.admin, *self.board, *self.managers])
        in_group = User.groups.through
        User.groups.through.objects.bulk_create(
            [in_group(user=self.admin, group=groups[roles.ADMIN])]
            + [in_group(user=u, group=groups[roles.BOARD_MEMBER]) for u in self.board]
            + [in_group(user=u, group=groups[roles.SERVICE_MANAGER]) for u in self.managers]
        )

    def plan_and_members(self):
        """The plan; its admin and board members are its members (managers belong by area)."""
        from improvement.models import Plan, PlanMembership

        self.plan = Plan.objects.create(
            slug=self.slug,
            organisation=self.organisation or f"{self.slug.replace('-', ' ').title()} Council",
            title="Children's Services Improvement Plan",
            framework=Plan.Framework.ILACS,
            inspection_date=month_add(self.first_month, -2),
            judgement=Plan.Judgement.INADEQUATE,
            starts=self.first_month,
            ends=self.end_month,
            summary=sentence(self.rng, 40),
        )
        self.counts["Plan"] = 1
        role = PlanMembership.Role
        self.bulk(
            PlanMembership,
            [PlanMembership(plan=self.plan, user=self.admin, role=role.ADMIN)]
            + [PlanMembership(plan=self.plan, user=u, role=role.BOARD_MEMBER) for u in self.board],
        )

    def periods(self):
        """Monthly periods ending this month: the last OPEN_PERIODS open, the rest locked."""
        from improvement.models import ReportingPeriod

        made = []
        for i in range(PERIODS):
            is_open = i >= PERIODS - OPEN_PERIODS
            next_month = month_add(self.first_month, i + 1)
            made.append(
                ReportingPeriod(
                    plan=self.plan,
                    month=month_add(self.first_month, i),
                    deadline=next_month.replace(day=10),
                    status=ReportingPeriod.Status.OPEN
                    if is_open
                    else ReportingPeriod.Status.LOCKED,
                    locked_by=None if is_open else self.admin,
                    locked_at=None if is_open else self.at(next_month.replace(day=20), 12),
                )
            )
        self.period_list = self.bulk(ReportingPeriod, made)

    def recommendations_and_areas(self):
        """Recommendations, the areas (each answering some of them, each owned by a manager)
        and the areas' outcomes."""
        from improvement.models import Outcome, Recommendation, ServiceArea

        rng = self.rng
        sources = [Recommendation.Source.OFSTED] * 3 + [
            Recommendation.Source.SAFEGUARDING_REVIEW,
            Recommendation.Source.PEER_REVIEW,
        ]
        self.recommendations = self.bulk(
            Recommendation,
            [
                Recommendation(
                    plan=self.plan,
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
        self.areas = self.bulk(
            ServiceArea,
            [
                ServiceArea(
                    plan=self.plan,
                    name=AREA_NAMES[i % len(AREA_NAMES)],
                    order=i + 1,
                    lead=rng.choice(LEADS),
                    responsible_officers="\n".join(rng.sample(LEADS, 2)),
                    linked_plans="Service plan 2020-21",
                )
                for i in range(AREAS)
            ],
        )
        per_area, owned = RECOMMENDATIONS // AREAS, AREAS // MANAGERS
        answers, managed = ServiceArea.recommendations.through, ServiceArea.managers.through
        answers.objects.bulk_create(
            [
                answers(servicearea=area, recommendation=self.recommendations[a * per_area + k])
                for a, area in enumerate(self.areas)
                for k in range(per_area)
            ]
        )
        managed.objects.bulk_create(
            [
                managed(servicearea=area, user=self.managers[a // owned])
                for a, area in enumerate(self.areas)
            ]
        )
        self.manager_of = {area.pk: self.managers[a // owned] for a, area in enumerate(self.areas)}
        self.outcomes = self.bulk(
            Outcome,
            [
                Outcome(area=area, title=sentence(rng, 10), order=o)
                for area in self.areas
                for o in range(OUTCOMES_PER_AREA)
            ],
        )

    def _measure_spec(self):
        """A measure's unit, direction and final target, drawn at random."""
        rng = self.rng
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
        return unit, direction, target

    def measures(self):
        """Every area's measures (their specs kept for the targets and figures)."""
        from measures.models import Measure

        rng = self.rng
        made, self.specs = [], []
        for a, area in enumerate(self.areas):
            for m in range(MEASURES_PER_AREA):
                unit, direction, target = spec = self._measure_spec()
                self.specs.append(spec)
                made.append(
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
                        baseline_date=self.first_month,
                        data_source=rng.choice(["Liquid Logic", "Mosaic", "Local audit"]),
                        local_indicator=rng.random() < 0.2,
                        outcome_text=sentence(rng, 10),
                        order=m,
                    )
                )
        self.measure_list = self.bulk(Measure, made)

    def targets_and_benchmarks(self):
        """An interim target from the start and the final one from midway; comparators for
        the last two years."""
        from measures.models import Benchmark, Target

        targets, benchmarks = [], []
        midway = month_add(self.first_month, PERIODS // 2)
        years = (self.end_month.year - 2, self.end_month.year - 1)
        for measure, (unit, direction, target) in zip(self.measure_list, self.specs, strict=True):
            interim = target * Decimal("0.9")
            for starts, value in ((self.first_month, interim), (midway, target)):
                upper = value * Decimal("1.2") if direction == "range" else None
                targets.append(
                    Target(measure=measure, effective_from=starts, value=value, upper=upper)
                )
            for kind in ("sn", "regional", "national"):
                for year in years:
                    value = target * Decimal(self.rng.randrange(80, 110)) / 100
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
        self.bulk(Target, targets)
        self.bulk(Benchmark, benchmarks)

    def actuals(self):
        """A figure for every measure in every period, wandering from the baseline; about 1%
        missing, with a reason."""
        from measures.models import Actual

        rng = self.rng
        made = []
        for measure, (unit, _direction, target) in zip(self.measure_list, self.specs, strict=True):
            level = float(target) * 0.8
            for i, period in enumerate(self.period_list):
                level *= 1 + rng.uniform(-0.04, 0.05)
                if unit == "percent":
                    level = min(max(level, 0.0), 100.0)
                value = Decimal(round(level)) if unit == "count" else Decimal(f"{level:.1f}")
                missing = rng.random() < 0.01
                made.append(
                    Actual(
                        measure=measure,
                        period=period,
                        value=None if missing else value,
                        missing_reason="Data not yet validated." if missing else "",
                        commentary=sentence(rng, 10) if i % 3 == 0 else "",
                        entered_by=self.manager_of[measure.area_id],
                    )
                )
        self.bulk(Actual, made)

    def _action(self, a, area, k):
        from improvement.models import Action

        rng = self.rng  # draws in the order the plan a seed gives depends on
        no_date = rng.random() < 0.08
        text = sentence(rng, 16)
        target_date = None
        if not no_date:
            target_date = month_add(
                self.first_month, rng.randrange(PERIODS + 6)
            ) + datetime.timedelta(days=rng.randrange(28))
        return Action(
            area=area,
            outcome=self.outcomes[a * OUTCOMES_PER_AREA + k % OUTCOMES_PER_AREA],
            reference=f"{a + 1}.{k % OUTCOMES_PER_AREA + 1}.{k // OUTCOMES_PER_AREA + 1}",
            text=text,
            target_date=target_date,
            target_date_text=rng.choice(["Ongoing", "TBC"]) if no_date else "",
            lead=rng.choice(LEADS),
            key_partners="Health; Police; Schools",
            success_measure=sentence(rng, 10),
            status=rng.choice(["not_started", "in_progress", "in_progress", "at_risk", "complete"]),
            still_to_do=sentence(rng, 8),
            order=k,
        )

    def actions(self):
        """Every area's actions under its outcomes, each answering a recommendation."""
        from improvement.models import Action

        made = [
            self._action(a, area, k)
            for a, area in enumerate(self.areas)
            for k in range(ACTIONS_PER_AREA)
        ]
        self.action_list = self.bulk(Action, made)
        per_area = RECOMMENDATIONS // AREAS
        answers = Action.recommendations.through
        answers.objects.bulk_create(
            [
                answers(
                    action=action,
                    recommendation=self.recommendations[
                        (index // ACTIONS_PER_AREA) * per_area + index % per_area
                    ],
                )
                for index, action in enumerate(self.action_list)
            ],
            batch_size=BATCH,
        )

    def updates(self):
        """UPDATES_PER_ACTION progress updates per action, spread over the periods."""
        from improvement.models import ActionUpdate

        rng = self.rng
        made = []
        step = PERIODS // UPDATES_PER_ACTION
        for action in self.action_list:
            for u in range(UPDATES_PER_ACTION):
                period = self.period_list[min(PERIODS - 1, u * step + rng.randrange(step))]
                made.append(
                    ActionUpdate(
                        action=action,
                        period=period,
                        status=action.status if u == UPDATES_PER_ACTION - 1 else "in_progress",
                        progress=sentence(rng, 20),
                        impact=sentence(rng, 12),
                        evidence=sentence(rng, 8),
                        author=self.manager_of[action.area_id],
                        created_at=self.at(
                            period.month + datetime.timedelta(days=rng.randrange(25)),
                            9,
                            rng.randrange(60),
                        ),
                    )
                )
        self.bulk(ActionUpdate, made)

    def reports(self):
        """An exception report per area per period: submitted, but the last month's draft."""
        from exceptions.models import ExceptionReport

        rng = self.rng
        rags = ["green", "amber", "amber", "red"]
        made = []
        for area in self.areas:
            previous = ""
            for i, period in enumerate(self.period_list):
                suggested, current = rng.choice(rags), rng.choice(rags)
                last = i == PERIODS - 1
                made.append(
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
                        submitted_by=None if last else self.manager_of[area.pk],
                        submitted_at=None if last else self.at(period.deadline, 16),
                        updated_by=self.manager_of[area.pk],
                    )
                )
                previous = current
        self.bulk(ExceptionReport, made)


def generate_plan(slug, *, seed=1, end_month=None, organisation=None):
    """Create one county-scale plan with bulk_create; return a Generated."""
    from django.db import transaction

    started = time.perf_counter()
    build = _PlanBuilder(slug, seed=seed, end_month=end_month, organisation=organisation)
    with transaction.atomic():
        build.people()
        build.plan_and_members()
        build.periods()
        build.recommendations_and_areas()
        build.measures()
        build.targets_and_benchmarks()
        build.actuals()
        build.actions()
        build.updates()
        build.reports()
    owned = AREAS // MANAGERS
    return Generated(
        plan=build.plan,
        admin=build.admin,
        board_members=build.board,
        managers=[
            (u, build.areas[i * owned : (i + 1) * owned]) for i, u in enumerate(build.managers)
        ],
        counts=build.counts,
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
