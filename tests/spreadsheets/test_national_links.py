"""A plan names its council and a measure its national indicator, through the template and
a council's own layout; the export writes both back."""

import pytest

from comparators.models import Indicator, Place
from improvement.models import Plan
from measures.models import Measure
from spreadsheets.export import export_plan
from tests import factories

from .conftest import run_council, run_template, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def rereferrals(catalogue):
    return Indicator.objects.get(code="ReReferral")


PLAN_HEAD = ["Organisation", "Title", "Council code", "Neighbour model"]
MEASURE_HEAD = ["Area", "Measure", "Unit", "Direction", "National indicator"]


def template(plan_row, *measure_rows):
    return workbook(
        {
            "Plan": [PLAN_HEAD, plan_row],
            "Areas": [["Area"], ["Front door"]],
            "Measures": [MEASURE_HEAD, *measure_rows],
        }
    )


def test_the_template_names_the_council_and_links_a_measure_filling_what_is_blank(rereferrals):
    data = template(
        ["Southampton City Council", "Plan", 852, "April 2021"],
        ["Front door", "Re-referrals", "", "", "rereferral"],
    )

    report = run_template(data, plan_slug="soton")

    assert not report.has_errors, [str(e) for e in report.errors]
    plan = Plan.objects.get(slug="soton")
    assert (plan.council.code, plan.neighbour_model) == ("852", "2021-04")
    measure = Measure.objects.get(area__plan=plan)
    assert measure.indicator == rereferrals
    assert (measure.direction, measure.unit) == ("lower", "percent")


def test_a_measure_that_disagrees_with_its_indicator_keeps_its_own_and_is_warned(rereferrals):
    data = template(
        ["Southampton City Council", "Plan", "852 Southampton", ""],
        ["Front door", "Re-referrals", "Count", "Higher is better", "ReReferral"],
    )

    report = run_template(data, plan_slug="soton")

    assert not report.has_errors, [str(e) for e in report.errors]
    measure = Measure.objects.get(area__plan__slug="soton")
    assert (measure.direction, measure.unit) == ("higher", "count")
    assert Plan.objects.get(slug="soton").neighbour_model == "2025-05"  # the default
    warned = [(w.sheet, w.row, w.column, w.message) for w in report.warnings]
    assert ("Measures", 2, 'E ("National indicator")') in [w[:3] for w in warned]
    assert any("is lower is better" in w[3] for w in warned)
    assert any('is published as "% of referrals"' in w[3] for w in warned)


def test_an_unknown_council_or_indicator_is_an_error_naming_the_cell_and_writes_nothing(
    rereferrals,
):
    data = template(
        ["Nowhere Council", "Plan", "999", ""],
        ["Front door", "Re-referrals", "", "", "NotAnIndicator"],
    )

    report = run_template(data, plan_slug="nowhere")

    errors = [(e.sheet, e.row, e.column, e.message) for e in report.errors]
    assert errors[0][:3] == ("Plan", 2, 'C ("Council code")')
    assert "not a council's three-digit DfE code" in errors[0][3]
    assert errors[1][:3] == ("Measures", 2, 'E ("National indicator")')
    assert '"NotAnIndicator" is not a national indicator' in errors[1][3]
    assert not Plan.objects.filter(slug="nowhere").exists()


def test_a_council_layout_column_links_the_indicator(rereferrals, plan):
    data = workbook(
        {
            "KPIs": [
                ["Measure", "Target", "National indicator"],
                ["% re-referrals within 12 months", "20%", "ReReferral"],
            ]
        }
    )

    report = run_council(data, plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    measure = Measure.objects.get(area__plan=plan)
    assert measure.indicator == rereferrals
    assert measure.direction == "lower"  # the indicator's, not a guess from the wording


def test_the_export_writes_the_council_and_indicator_and_imports_back_unchanged(rereferrals):
    plan = factories.make_plan(slug="soton", organisation="Southampton", title="Plan")
    plan.council = Place.objects.get(code="852")
    plan.neighbour_model = "2021-04"
    plan.save()
    area = factories.make_area(plan, name="Front door")
    factories.make_measure(area, name="Re-referrals", indicator=rereferrals, direction="lower")

    report = run_template(export_plan(plan), plan=plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert (report.count("created"), report.count("updated")) == (0, 0)
    copy = run_template(export_plan(plan), plan_slug="soton-copy")
    assert not copy.has_errors
    again = Plan.objects.get(slug="soton-copy")
    assert (again.council.code, again.neighbour_model) == ("852", "2021-04")
    assert Measure.objects.get(area__plan=again).indicator == rereferrals
