"""Large imports: a few statements per kind of record, not per row, and history kept.

The records an import creates are written in bulk (spreadsheets/bulk.py); these tests
check that the number of queries does not grow with the rows, and that what is written
is what saving one by one wrote: the rows, their links, and a history row each with the
importing user, the reason and the links.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement.models import Action, Plan
from measures.models import Actual, Benchmark, Measure, Target

from .conftest import run_actuals, run_council, workbook

AREAS = ["Early Help", "MASH", "Adoption"]


def plan_workbook(actions: int, measures: int) -> bytes:
    action_rows = [["Area", "Ref", "Recommendation", "Action", "Target date", "Lead", "RAG"]]
    for n in range(actions):
        action_rows.append(
            [
                AREAS[n % 3],
                f"{n // 10 + 1}.{n % 10 + 1}",
                f"{n // 10 + 1}. Improve practice in theme {n // 10 + 1}",
                f"Action {n + 1}: audit the work of team {n}",
                datetime.date(2021, 1 + n % 12, 1),
                "Ann Example",
                ("Green", "Amber", "Red")[n % 3],
            ]
        )
    measure_rows = [["Area", "Ref", "Measure", "Baseline", "Target"]]
    for n in range(measures):
        measure_rows.append(
            [AREAS[n % 3], f"M{n + 1}", f"Children seen on time, measure {n + 1}", "50% SN 55", 0.9]
        )
    return workbook({"Measures": measure_rows, "Actions": action_rows})


def figures_workbook(measures: int, months: int) -> bytes:
    months_list = [datetime.date(2020 + m // 12, 1 + m % 12, 1) for m in range(months)]
    rows = [["Measure", *months_list]]
    for n in range(measures):
        rows.append([f"Children seen on time, measure {n + 1}", *[50 + m for m in range(months)]])
    return workbook({"Monthly figures": rows})


def queries(job) -> int:
    with CaptureQueriesContext(connection) as captured:
        job()
    return len(captured)


def new_plan(slug: str) -> Plan:
    return Plan.objects.create(slug=slug, organisation="Council", title=f"Plan {slug}")


def test_a_plan_ten_times_larger_takes_hardly_more_queries(db):
    reports = []
    small, large = new_plan("small"), new_plan("large")
    few = queries(lambda: reports.append(run_council(plan_workbook(12, 6), small)))
    many = queries(lambda: reports.append(run_council(plan_workbook(120, 60), large)))

    assert not any(report.has_errors for report in reports)
    assert Action.objects.filter(area__plan__slug="large").count() == 120
    assert Measure.objects.filter(area__plan__slug="large").count() == 60
    # 108 more actions, 54 more measures with their targets and benchmarks: a few more
    # key reservations at most, never a query per row.
    assert many - few <= 12, (few, many)


def test_ten_times_the_figures_take_hardly_more_queries(db):
    plan = new_plan("figures")
    assert not run_council(plan_workbook(0, 30), plan).has_errors
    few = queries(lambda: run_actuals(figures_workbook(3, 3), plan))
    many = queries(lambda: run_actuals(figures_workbook(30, 12), plan, name="more.xlsx"))

    assert Actual.objects.filter(measure__area__plan=plan).count() == 30 * 12
    assert many - few <= 12, (few, many)


def test_created_records_have_one_history_row_each_with_user_reason_and_links(plan, admin_user):
    report = run_council(plan_workbook(4, 2), plan, user=admin_user, name="council.xlsx")
    assert not report.has_errors, [str(e) for e in report.errors]

    action = Action.objects.get(area__plan=plan, reference="1.1")
    (entry,) = action.history.all()
    assert entry.history_type == "+"
    assert entry.history_user == admin_user
    assert entry.history_change_reason == "Imported from council.xlsx"
    assert entry.text == action.text and entry.version == action.version
    linked = [rec.reference for rec in action.recommendations.all()]
    assert linked == ["1"]
    assert [row.recommendation.reference for row in entry.recommendations.all()] == linked
    for model in (Measure, Target, Benchmark):
        records = model.objects.all()
        assert records, model
        for record in records:
            (entry,) = record.history.all()
            assert entry.history_user == admin_user

    report = run_actuals(figures_workbook(2, 2), plan, user=admin_user)
    assert not report.has_errors, [str(e) for e in report.errors]
    figure = Actual.objects.filter(measure__area__plan=plan).first()
    (entry,) = figure.history.all()
    assert (entry.history_user, entry.value) == (admin_user, figure.value)


def test_a_preview_writes_nothing_and_keys_stay_unique(plan):
    data = plan_workbook(30, 10)
    report = run_council(data, plan, commit=False)
    assert report.totals()["created"] > 0
    assert not Action.objects.exists() and not Action.history.exists()

    run_council(data, plan)
    other = new_plan("other")
    run_council(data, other)
    ids = list(Action.objects.values_list("pk", flat=True))
    assert len(ids) == len(set(ids)) == 60
    again = run_council(data, plan)
    assert again.totals()["created"] == 0, [
        str(c) for c in again.changes if c.outcome != "unchanged"
    ]
