"""The demo plan: the published Southampton figures, loaded once, safe to load again."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from exceptions.models import ExceptionReport
from improvement.models import Action, Plan, ServiceArea
from improvement.rules import RAG
from measures.models import Actual, Benchmark, Measure, Target
from spreadsheets.demo import BENCHMARK_SOURCE, DATA_FILE
from spreadsheets.export import export_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Plan.objects.get(slug="southampton-2020-21")


def history_rows():
    models = [Plan, ServiceArea, Action, Measure, Actual, ExceptionReport]
    return sum(m.history.model.objects.count() for m in models)


def test_it_loads_every_measure_of_the_scorecard(demo):
    assert demo.areas.count() == 17
    # 43 rows in the published scorecard; turnover, caseloads and ETE are given in parts.
    assert Measure.objects.filter(area__plan=demo).count() == 47
    sizes = {a.name: a.measures.count() for a in demo.areas.all()}
    assert sizes["Leadership and Stability"] == 7
    assert sizes["Youth Justice"] == 3
    assert sizes["MASH / EDT"] == 4
    assert sizes["Safeguarding Children Partnership"] == 1


def test_it_keeps_the_published_figures(demo):
    cp_rate = Measure.objects.get(area__plan=demo, name__startswith="Reduce the rate of children")
    assert cp_rate.baseline == 91
    july = cp_rate.actuals.get(period__month=datetime.date(2020, 7, 1))
    assert july.value == 82 and not july.illustrative
    assert cp_rate.targets.get().value == 65
    comparators = {b.kind: (b.value, b.year) for b in cp_rate.benchmarks.all()}
    assert comparators == {"sn": (48, None), "regional": (44, None), "national": (41, None)}
    sickness = Measure.objects.get(area__plan=demo, name__startswith="Reduce Sickness absence")
    assert sickness.local_indicator
    assert sickness.actuals.get(period__month=datetime.date(2020, 7, 1)).value == Decimal("14.14")


def test_earlier_months_are_marked_illustrative(demo):
    actuals = Actual.objects.filter(measure__area__plan=demo)
    assert actuals.filter(period__month=datetime.date(2020, 7, 1), illustrative=True).count() == 0
    earlier = actuals.exclude(period__month=datetime.date(2020, 7, 1))
    assert earlier.exists()
    assert not earlier.filter(illustrative=False).exists()
    assert demo.periods.count() == 12


def test_every_area_has_actions_and_two_months_of_reports(demo):
    for area in demo.areas.all():
        assert area.actions.count() >= 3, area.name
        months = sorted(r.period.month for r in area.reports.select_related("period"))
        assert months == [datetime.date(2020, 6, 1), datetime.date(2020, 7, 1)], area.name


def test_a_reason_is_given_wherever_judgement_differs_from_the_data(demo):
    for report in ExceptionReport.objects.filter(area__plan=demo):
        if report.current_rag != report.suggested_rag:
            assert report.reason.strip(), report


def test_loading_twice_changes_nothing(demo, capsys):
    before = history_rows()
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "nothing changed" in out
    assert history_rows() == before


def sheets(data):
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_the_demo_is_our_workbook_imported_as_an_upload_is(demo):
    assert DATA_FILE.suffix == ".xlsx"
    assert not DATA_FILE.with_suffix(".json").exists()
    reasons = set(ExceptionReport.history.values_list("history_change_reason", flat=True))
    assert reasons == {"Loaded as the demonstration plan (load_demo)"}
    # the plan the workbook loads exports as that same workbook: the format carries it all
    assert sheets(export_plan(demo)) == sheets(DATA_FILE.read_bytes())


def test_it_prints_the_log_ins(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for username in ("admin", "board", "manager.safeguarding", "manager.children"):
        assert f"username: {username}" in out


def test_a_first_load_says_what_it_created_and_updates_nothing(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "records created, 0 updated," in out
    assert "links set." in out


# What the published plan (seed 000) says, read back from the pages a board member sees.

JULY = datetime.date(2020, 7, 1)


def measure(plan, reference):
    return Measure.objects.get(area__plan=plan, reference=reference)


def scorecard_row(client, plan, m):
    """The measure's row on its area's scorecard for July 2020, as text."""
    client.force_login(User.objects.get(username="board"))  # the demo's board member
    page = client.get(
        reverse("dashboard:scorecard", args=[plan.slug, m.area.pk]), {"period": "2020-07"}
    )
    assert page.status_code == 200
    rows = html_rows(page.content.decode())
    [row] = [r for r in rows if r.startswith(m.title[:40])]
    return row


def html_rows(html):
    """The text of each table row of a page, cells joined by " | "."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    return [
        " | ".join(
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        )
        for row in rows
    ]


def test_caseloads_above_their_targets_are_never_green(demo):
    """The plan: PACT caseloads above 25 (target 20), LAC above 20 (target 15); the
    cross-service average of 18 is not judged against either target."""
    for reference, target, above in (("LS5", 20, 25), ("LS6", 15, 20)):
        m = measure(demo, reference)
        assert m.targets.get().value == target
        july = m.actuals.get(period__month=JULY)
        assert july.value is None and f"above {above}" in july.missing_reason
        for actual in m.actuals.exclude(period__month=JULY):
            assert actual.illustrative and actual.value > above - 1, actual
            target_then = m.target_for(actual.period.month)
            assert m.rag_for(actual.value, target_then) == RAG.RED
    cross = measure(demo, "LS7")
    assert cross.actuals.get(period__month=JULY).value == 18
    assert not cross.targets.exists() and cross.direction == "monitor"


def test_youth_justice_ete_keeps_the_over_16_figure(demo):
    under, over = measure(demo, "YJ2"), measure(demo, "YJ3")
    assert (under.baseline, under.actuals.get(period__month=JULY).value) == (
        Decimal("66.7"),
        69,
    )
    assert (over.baseline, over.actuals.get(period__month=JULY).value) == (Decimal("46.1"), 40)
    assert over.targets.get().value == 75 and "over 16s" in over.name


def test_the_custody_rate_says_what_it_is_per(demo):
    custody = measure(demo, "YJ1")
    assert custody.decimal_places == 2
    assert custody.gap_text(Decimal("0.35"), custody.targets.get()) == (
        "0.05 per 1,000 young people aged 10-17 above target"
    )


def test_the_foster_carers_target_applies_from_2023(demo):
    carers = measure(demo, "FP1")
    target = carers.targets.get()
    assert (target.value, target.effective_from) == (200, datetime.date(2023, 1, 1))
    assert carers.target_for(JULY) is None
    assert carers.target_for(datetime.date(2023, 1, 1)) == target
    # "Monitor number of Edge of Care referrals | Dec-20 | >623 as cumulative monthly total"
    referrals = measure(demo, "CRS1")
    assert referrals.target_for(JULY) is None
    assert referrals.target_for(datetime.date(2020, 12, 1)).value == 623
    running_total = [a.value for a in referrals.actuals.order_by("period__month")]
    assert running_total == sorted(running_total) and running_total[-1] == 545


def test_strict_targets_follow_the_plans_wording(demo):
    strict = dict(
        Target.objects.filter(measure__area__plan=demo).values_list("measure__reference", "strict")
    )
    assert strict["LAC4"] is True  # "above 95%"
    assert strict["YJ1"] is True  # "<0.3"
    assert strict["LAC3"] is False  # "95% or more"
    assert strict["CL2"] is False  # "95% or more"


def test_no_comparator_has_a_year_the_plan_does_not_give(demo, client):
    assert Benchmark.objects.filter(measure__area__plan=demo).exists()
    assert not Benchmark.objects.filter(measure__area__plan=demo, year__isnull=False).exists()
    assessments = measure(demo, "AS2")  # not a national indicator: its comparators are typed
    row = scorecard_row(client, demo, assessments)
    assert "SN: 76% (year not stated, typed in)" in row
    assert not re.search(r"\((19|20)\d\d\)", row)  # no comparator with a year in brackets
    page = client.get(reverse("dashboard:measure", args=[demo.slug, assessments.pk]))
    comparators = html_rows(page.content.decode().split('id="comparators"')[1])
    assert comparators[1:4] == [
        "Statistical neighbours | Year not stated | 76% | " + BENCHMARK_SOURCE,
        "Regional | Year not stated | 81% | " + BENCHMARK_SOURCE,
        "National (England) | Year not stated | 81% | " + BENCHMARK_SOURCE,
    ]
    assert "Statistical neighbours (year not stated): 76%" in page.content.decode()  # chart


def test_a_gap_of_one_adoption_is_singular(demo, client):
    adoptions = measure(demo, "AD1")
    row = scorecard_row(client, demo, adoptions)
    assert "1 adoption per month below target" in row
    assert "1 adoptions" not in row
