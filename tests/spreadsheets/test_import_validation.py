"""An import refuses what the forms refuse, naming the cell; a Red figure with no
commentary is let in with a warning (the data team's figures come before the comments)."""

import datetime

import pytest

from improvement.models import Action, ActionUpdate, ServiceArea
from measures.models import Actual, Measure, Target
from tests import factories

from .conftest import run_actuals, run_council, run_template, workbook

pytestmark = pytest.mark.django_db


def errors(report):
    return [(e.sheet, e.row, e.column, e.field, e.message) for e in report.errors]


def test_a_hand_set_rag_without_a_reason_is_refused_at_its_cell_and_nothing_is_written(plan):
    data = workbook(
        {
            "Areas": [["Area"], ["Early Help"]],
            "Actions": [
                ["Area", "Reference", "Action", "Manual RAG", "Manual RAG reason"],
                ["Early Help", "1.1", "Audit plans", "Red", ""],
            ],
            "Notes": [["Sheet"]],
        }
    )

    report = run_template(data, plan=plan)

    assert errors(report) == [
        (
            "Actions",
            2,
            'E ("Manual RAG reason")',
            "manual_rag_reason",
            'Action 1.1 "Audit plans", manual rag reason: Give a reason when you set the BRAG '
            "by hand.",
        )
    ]
    assert not report.committed
    assert not ServiceArea.objects.filter(plan=plan).exists()
    assert not Action.objects.exists()


def test_an_evidence_link_that_is_not_a_web_address_is_refused(plan, area):
    factories.make_action(area, "Audit plans", reference="1.1")
    data = workbook(
        {
            "Progress updates": [
                ["Area", "Action reference", "Action", "Date", "Progress", "Evidence link"],
                ["Early Help", "1.1", "Audit plans", "2020-07-14", "Two done", "the audit folder"],
            ],
            "Notes": [["Sheet"]],
        }
    )

    report = run_template(data, plan=plan)

    assert [(e.sheet, e.row, e.column, e.field) for e in report.errors] == [
        ("Progress updates", 2, 'F ("Evidence link")', "evidence_url")
    ]
    assert report.errors[0].message.endswith("evidence url: Enter a valid URL.")
    assert not ActionUpdate.objects.exists()


def test_a_progress_update_without_a_status_takes_its_actions(plan, area):
    factories.make_action(area, "Audit plans", reference="1.1", status="at_risk")
    data = workbook(
        {
            "Progress updates": [
                ["Area", "Action reference", "Action", "Date", "Progress"],
                ["Early Help", "1.1", "Audit plans", "2020-07-14", "Two done"],
            ],
            "Notes": [["Sheet"]],
        }
    )

    report = run_template(data, plan=plan)

    assert report.committed, errors(report)
    assert ActionUpdate.objects.get().status == "at_risk"


def test_a_target_with_its_upper_bound_below_it_is_refused(plan, area):
    factories.make_measure(area, "Plans on time", direction="range")
    data = workbook(
        {
            "Targets": [
                ["Area", "Measure", "Effective from", "Target", "Upper"],
                ["Early Help", "Plans on time", "Apr-20", 80, 70],
            ],
            "Notes": [["Sheet"]],
        }
    )

    report = run_template(data, plan=plan)

    assert [(e.sheet, e.row, e.column, e.field) for e in report.errors] == [
        ("Targets", 2, 'E ("Upper")', "upper")
    ]
    assert "The upper bound must not be below the target." in report.errors[0].message
    assert not Target.objects.exists()


def test_a_negative_amber_tolerance_is_refused(plan):
    data = workbook(
        {
            "Areas": [["Area"], ["Early Help"]],
            "Measures": [
                ["Area", "Measure", "Unit", "Amber tolerance %"],
                ["Early Help", "Plans on time", "Percentage (%)", -5],
            ],
            "Notes": [["Sheet"]],
        }
    )

    report = run_template(data, plan=plan)

    assert [(e.sheet, e.row, e.column, e.field) for e in report.errors] == [
        ("Measures", 2, 'D ("Amber tolerance %")', "tolerance_pct")
    ]
    assert report.errors[0].message.endswith("The tolerance cannot be negative.")
    assert not Measure.objects.exists()


def test_a_council_baseline_its_unit_cannot_hold_is_refused_at_its_cell(plan):
    data = workbook(
        {
            "Measures": [
                ["Area", "Measure", "Unit", "Baseline"],
                ["Early Help", "Plans on time", "%", 150],
            ]
        }
    )

    report = run_council(data, plan)

    assert [(e.sheet, e.row, e.column, e.field, e.message) for e in report.errors] == [
        (
            "Measures",
            2,
            'D ("Baseline")',
            "baseline",
            'Measure "Plans on time" (Early Help), baseline: A percentage must be between 0 '
            "and 100.",
        )
    ]
    assert not Measure.objects.exists()


@pytest.fixture
def plans_on_time(area, periods):
    """A percentage measure with a target of 80% in force."""
    return factories.make_measure(area, "Plans on time", target=80)


def test_a_red_figure_without_commentary_is_imported_with_a_warning(plan, plans_on_time):
    data = workbook({"Figures": [["Measure", "Jul-20"], ["Plans on time", 50]]})

    report = run_actuals(data, plan)

    assert report.committed and not report.errors
    assert [(w.sheet, w.row, w.column, w.field, w.message) for w in report.warnings] == [
        (
            "Figures",
            2,
            'B ("Jul-20")',
            "commentary",
            'The figure for "Plans on time" in July 2020: 50% is Red against the target of '
            "80% or more: add commentary saying why and what is being done. It is imported without "
            "commentary: the area's manager can add it on their monthly return.",
        )
    ]
    assert Actual.objects.get(measure=plans_on_time).value == 50


def test_a_red_figure_with_commentary_or_a_green_one_has_no_warning(plan, plans_on_time):
    data = workbook(
        {
            "Figures": [
                ["Measure", "Period", "Value", "Commentary"],
                ["Plans on time", "Jul-20", 50, "Two long-term absences"],
                ["Plans on time", "Aug-20", 85, ""],
            ]
        }
    )

    report = run_actuals(data, plan)

    assert report.committed and not report.issues
    assert Actual.objects.filter(measure=plans_on_time).count() == 2
    assert Actual.objects.get(period__month=datetime.date(2020, 7, 1)).commentary == (
        "Two long-term absences"
    )
