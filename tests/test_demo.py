"""The demo plan: the published Southampton figures, loaded once, safe to load again."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from exceptions.models import ExceptionReport
from improvement.models import Action, Plan, ServiceArea
from measures.models import Actual, Measure

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
    assert Measure.objects.filter(area__plan=demo).count() == 43
    sizes = {a.name: a.measures.count() for a in demo.areas.all()}
    assert sizes["Leadership and Stability"] == 4
    assert sizes["MASH / EDT"] == 4
    assert sizes["Safeguarding Children Partnership"] == 1


def test_it_keeps_the_published_figures(demo):
    cp_rate = Measure.objects.get(area__plan=demo, name__startswith="Reduce the rate of children")
    assert cp_rate.baseline == 91
    july = cp_rate.actuals.get(period__month=datetime.date(2020, 7, 1))
    assert july.value == 82 and not july.illustrative
    assert cp_rate.targets.get().value == 65
    comparators = {b.kind: b.value for b in cp_rate.benchmarks.all()}
    assert comparators == {"sn": 48, "regional": 44, "national": 41}
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
