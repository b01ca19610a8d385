"""Load the demonstration plan (Southampton 2020-21 "Measures that matter").

The figures (baselines, July 2020 actuals, targets, comparators) are the published ones;
the other eleven months of actuals are illustrative and marked so on each record. Running
the loader again changes nothing: every record is matched on its natural key and saved
only when a field differs.
"""

import datetime
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from comparators.catalogue.sync import sync_catalogue
from comparators.loading import load_files
from comparators.models import DEFAULT_NEIGHBOUR_MODEL, Indicator, Place
from exceptions.models import ExceptionReport
from improvement import roles
from improvement.models import Action, Outcome, Plan, Recommendation, ReportingPeriod, ServiceArea
from measures.models import Actual, Benchmark, Measure, Target
from measures.rules import Unit
from measures.scorecard import plan_scorecard

DATA_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "southampton_2020.json"
# The DfE's published figures (LAIT's bulk file, every council and year) of the national
# indicators the demo's measures are linked to: a small extract; load the full files with
# `manage.py load_comparators`.
PUBLISHED_FILE = DATA_FILE.with_name("published_figures_extract.csv.gz")
FIRST_MONTH = datetime.date(2019, 8, 1)
PUBLISHED_MONTH = datetime.date(2020, 7, 1)
BENCHMARK_SOURCE = "As quoted in the published plan, which does not say the year"
ILLUSTRATIVE_NOTE = "Illustrative figure for the demonstration, not a published one."

DEMO_USERS = [
    # username, password, role, first name, last name, areas (by order in the plan)
    ("admin", "demo-admin-2020", roles.ADMIN, "Performance", "Team", ()),
    ("board", "demo-board-2020", roles.BOARD_MEMBER, "Board", "Member", ()),
    ("manager.safeguarding", "demo-manager-2020", roles.SERVICE_MANAGER, "Safeguarding", "Manager",
     (2, 3, 4, 5, 9, 14)),
    ("manager.children", "demo-manager-2020", roles.SERVICE_MANAGER, "Corporate Parenting",
     "Manager", (13, 15, 16, 17)),
]  # fmt: skip


class Loader:
    def __init__(self, data, stdout=None):
        self.data = data
        self.created = 0
        self.updated = 0
        self.linked = 0  # many-to-many links set: new records' links are not "updates"
        self.stdout = stdout

    def upsert(self, model, lookup, values):
        """Create the record, or update it only where a field differs."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            self.created += 1
            return model.objects.create(**lookup, **values)
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            self.updated += 1
        return obj

    def set_m2m(self, manager, objects):
        wanted = {o.pk for o in objects}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(objects)
            self.linked += 1

    @transaction.atomic
    def run(self):
        plan = self.load_plan()
        periods = self.load_periods(plan)
        recommendations = self.load_recommendations(plan)
        for area_data in self.data["areas"]:
            area = self.load_area(plan, area_data, recommendations)
            self.load_measures(area, area_data, periods)
        self.load_reports(plan, periods)
        users = self.load_users(plan)
        return plan, users

    def load_plan(self):
        p = self.data["plan"]
        return self.upsert(
            Plan,
            {"slug": p["slug"]},
            {
                "organisation": p["organisation"],
                "title": p["title"],
                "framework": p["framework"],
                "inspection_date": _date(p.get("inspection_date")),
                "judgement": p["judgement"],
                "starts": _date(p.get("starts")),
                "ends": _date(p.get("ends")),
                "status": Plan.Status.ACTIVE,
                "summary": p.get("summary", ""),
                "council": Place.objects.filter(code=p.get("council", "")).first(),
                "neighbour_model": p.get("neighbour_model", DEFAULT_NEIGHBOUR_MODEL),
            },
        )

    def load_periods(self, plan):
        periods = {}
        month = FIRST_MONTH
        while month <= PUBLISHED_MONTH:
            following = _next_month(month)
            periods[month] = self.upsert(
                ReportingPeriod,
                {"plan": plan, "month": month},
                {
                    "deadline": following.replace(day=10),
                    "status": ReportingPeriod.Status.OPEN
                    if month == PUBLISHED_MONTH
                    else ReportingPeriod.Status.LOCKED,
                },
            )
            month = following
        return periods

    def load_recommendations(self, plan):
        recs = {}
        for order, r in enumerate(self.data["recommendations"], start=1):
            recs[r["reference"]] = self.upsert(
                Recommendation,
                {"plan": plan, "source": r["source"], "reference": r["reference"]},
                {
                    "text": r["text"],
                    "report_reference": r.get("report_reference", ""),
                    "timeframe": r.get("timeframe", ""),
                    "order": order,
                },
            )
        return recs

    def load_area(self, plan, a, recommendations):
        area = self.upsert(
            ServiceArea,
            {"plan": plan, "name": a["name"]},
            {
                "order": a["order"],
                "lead": a.get("lead", ""),
                "responsible_officers": a.get("responsible_officers", ""),
                "linked_plans": a.get("linked_plans", ""),
            },
        )
        self.set_m2m(area.recommendations, [recommendations[r] for r in a["recommendations"]])
        for o_index, o in enumerate(a["outcomes"], start=1):
            outcome = self.upsert(Outcome, {"area": area, "order": o_index}, {"title": o["title"]})
            for x_index, x in enumerate(o["actions"], start=1):
                action = self.upsert(
                    Action,
                    {"area": area, "reference": x["reference"]},
                    {
                        "outcome": outcome,
                        "text": x["text"],
                        "target_date": _date(x.get("target_date")),
                        "target_date_text": x.get("target_date_text") or "",
                        "lead": x.get("lead", ""),
                        "key_partners": x.get("key_partners", ""),
                        "success_measure": x.get("success_measure", ""),
                        "status": x["status"],
                        "order": o_index * 100 + x_index,
                    },
                )
                self.set_m2m(
                    action.recommendations, [recommendations[r] for r in x["recommendations"]]
                )
        return area

    def load_measures(self, area, a, periods):
        for order, m in enumerate(a["measures"], start=1):
            as_written = [
                ("Baseline", m.get("baseline_text")),
                ("July 2020", m.get("actual_text")),
                ("Target", m.get("target_text")),
            ]
            notes = "\n".join(
                [m["note"]] * bool(m.get("note"))
                + [f"{label} as written: {text}" for label, text in as_written if text]
            )
            measure = self.upsert(
                Measure,
                {"area": area, "reference": m["reference"]},
                {
                    "name": m["name"],
                    "unit": m["unit"],
                    "unit_label": m.get("unit_label", ""),
                    "direction": m["direction"],
                    "decimal_places": m.get("decimal_places", 1),
                    "baseline": _dec(m.get("baseline")),
                    "baseline_date": datetime.date(2019, 11, 1),
                    "baseline_text": m.get("baseline_text", "")[:300],
                    "data_source": m.get("data_source", ""),
                    # a national indicator is not a local one, whatever the plan's table said
                    "local_indicator": bool(m.get("local_indicator")) and not m.get("indicator"),
                    "outcome_text": m.get("outcome_text", ""),
                    "notes": notes,
                    "order": order,
                    "indicator": Indicator.objects.filter(code=m.get("indicator", "")).first(),
                },
            )
            if m.get("target") is not None:
                # A target the plan sets for a later date ("200 by 2023") applies from then.
                self.upsert(
                    Target,
                    {
                        "measure": measure,
                        "effective_from": _date(m.get("target_from")) or FIRST_MONTH,
                    },
                    {
                        "value": _dec(m["target"]),
                        "upper": _dec(m.get("target_upper")),
                        "strict": bool(m.get("target_strict")),
                        "note": m.get("target_text", "")[:300],
                    },
                )
            for kind in ("sn", "regional", "national"):
                if m.get(kind) is not None:
                    # The plan quotes comparators without their year: none is made up.
                    self.upsert(
                        Benchmark,
                        {"measure": measure, "kind": kind, "year": None},
                        {"value": _dec(m[kind]), "source": BENCHMARK_SOURCE},
                    )
            for month, value, illustrative in illustrative_series(m):
                self.upsert(
                    Actual,
                    {"measure": measure, "period": periods[month]},
                    {
                        "value": value,
                        "illustrative": illustrative,
                        "missing_reason": ""
                        if value is not None
                        else (
                            m.get("missing_reason") or m.get("actual_text") or "Not yet collected."
                        ),
                        "commentary": _commentary(value, illustrative),
                    },
                )

    def load_reports(self, plan, periods):
        areas = {a.name: a for a in plan.areas.all()}
        for r in sorted(self.data["exception_reports"], key=lambda r: r["period"]):
            period = periods[_date(r["period"])]
            area = areas[r["area"]]
            [summary] = plan_scorecard(plan, period, area_ids=[area.pk])
            suggested = summary.suggested_rag.value
            reason = r.get("reason", "")
            if r["current_rag"] != suggested and not reason:
                reason = (
                    "The manager's judgement weighs progress on actions that the figures "
                    "do not yet show."
                )
            self.upsert(
                ExceptionReport,
                {"area": area, "period": period},
                {
                    "key_developments": r["key_developments"],
                    "key_risks": r["key_risks"],
                    "progress": r["progress"],
                    "risks": r["risks"],
                    "evidence": r["evidence"],
                    "previous_rag": r["previous_rag"],
                    "suggested_rag": suggested,
                    "current_rag": r["current_rag"],
                    "reason": reason,
                    "status": ExceptionReport.Status.SUBMITTED,
                },
            )

    def load_users(self, plan):
        areas = {a.order: a for a in plan.areas.all()}
        users = []
        for username, password, role, first, last, area_orders in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=password,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.org",
                    is_staff=role == roles.ADMIN,
                )
                user.groups.add(roles.role_group(role))
                self.created += 1
            if role in roles.MEMBER_ROLES:
                roles.add_member(plan, user, role)  # admins and board members of this plan
            for order in area_orders:
                if order in areas and not areas[order].managers.filter(pk=user.pk).exists():
                    areas[order].managers.add(user)
                    self.linked += 1
            users.append((username, password, role, [areas[o].name for o in area_orders]))
        return users


def illustrative_series(m):
    """Twelve months ending July 2020: from the baseline towards the published July figure.

    Yields (month, value, illustrative). Only July is published; a measure with no July
    figure gets an empty July with its reason and no illustrative months, unless the plan
    says where the figure stood ("above 25"): then the illustrative months run from
    illustrative_start to illustrative_end, both consistent with what the plan says. A
    cumulative count's months only rise.
    """
    months = []
    month = FIRST_MONTH
    while month <= PUBLISHED_MONTH:
        months.append(month)
        month = _next_month(month)
    july = _dec(m.get("actual_jul_2020"))
    end = july if july is not None else _dec(m.get("illustrative_end"))
    if end is None:
        yield PUBLISHED_MONTH, None, False
        return
    start = _dec(m.get("illustrative_start", m.get("baseline")))
    if start is None:
        start = end
    places = 0 if m["unit"] == Unit.COUNT else m.get("decimal_places", 1)
    quantum = Decimal(1).scaleb(-places)
    steps = len(months) - 1
    for i, month in enumerate(months):
        if month == PUBLISHED_MONTH:
            yield month, july, False
            continue
        value = start + (end - start) * Decimal(i) / Decimal(steps)
        wobble = Decimal((i * 7) % 5 - 2) / Decimal(100) * (abs(end) + abs(start)) / 2
        if m.get("cumulative"):  # a running total never falls
            wobble = Decimal(0)
        value = (value + wobble).quantize(quantum, rounding=ROUND_HALF_UP)
        if m["unit"] == Unit.PERCENT:
            value = min(max(value, Decimal(0)), Decimal(100))
        yield month, max(value, Decimal(0)), True


def load_demo(stdout=None, path=DATA_FILE, published=PUBLISHED_FILE):
    """Load the demo plan, and the published figures of its national indicators."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    sync_catalogue()
    loader = Loader(data, stdout)
    plan, users = loader.run()
    if published:
        report = load_files([published])
        loader.created += report.added
        loader.updated += report.replaced
    return plan, users, loader.created, loader.updated, loader.linked


def _commentary(value, illustrative):
    if illustrative:
        return ILLUSTRATIVE_NOTE
    return "Published figure (July 2020)." if value is not None else ""


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _dec(value):
    return None if value is None else Decimal(str(value))


def _next_month(month):
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
