"""Sheets laid out the council's way: headers below titles, synonyms, fill-down, sections."""

import datetime

import pytest

from improvement.models import Action, ActionUpdate, Recommendation, ServiceArea
from measures.models import Actual, Measure
from spreadsheets.importers import ImportPlan
from spreadsheets.layouts import propose_mappings
from spreadsheets.reader import open_workbook

from .conftest import run_actuals, run_council, workbook

pytestmark = pytest.mark.django_db

ACTION_ROWS = [
    ["Children's Services Improvement Plan", None, None, None, None, None, None, None],
    [None, None, None, None, None, None, None, None],
    ["Area", "Ref", "Action", "Due", "Lead person responsible", "RAG", "Progress", "Funding"],
    ["Early Help", "1.1", "Audit early help plans", "Dec -20", "Ann One", "G", "Begun", "£5k"],
    [None, "1.2", "Train the locality teams", "July 21", "Bob Two", "Amber", None, None],
    ["Within three months", None, None, None, None, None, None, None],
    [None, "1.3", "Recruit two managers", None, "Cat Three", "R", None, None],
    ["MASH", "2.1", "Review thresholds", "14/08/20", "Dan Four", "Complete", None, None],
    [None, "2.2", "Joint visits", "Nov 2019 & ongoing", "Eve Five", "?????", None, None],
    [None, "2.3", "Agree protocol", "21/22 business cycle", None, None, None, None],
]


def action(ref):
    return Action.objects.get(reference=ref)


def test_header_below_title_rows_is_found_and_synonyms_matched(plan):
    with open_workbook(workbook({"Plan": ACTION_ROWS})) as book:
        (mapping,) = propose_mappings(book)

    assert mapping.kind == "actions"
    assert mapping.header_row == 3
    assert mapping.title == "Children's Services Improvement Plan"
    assert mapping.columns == {
        0: "area",
        1: "reference",
        2: "action",
        3: "target_date",
        4: "lead",
        5: "rag",
        6: "progress",
    }
    assert mapping.unmatched() == [7]


def test_actions_are_read_with_fill_down_dates_and_rag_words(plan):
    report = run_council(workbook({"Plan": ACTION_ROWS}), plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert list(plan.areas.values_list("name", flat=True)) == ["Early Help", "MASH"]
    assert [a.reference for a in plan.areas.get(name="Early Help").actions.all()] == [
        "1.1",
        "1.2",
        "1.3",
    ]
    assert (action("1.1").target_date, action("1.1").target_date_text) == (
        datetime.date(2020, 12, 31),
        "Dec -20",
    )
    assert action("1.2").target_date == datetime.date(2021, 7, 31)
    assert action("2.1").target_date == datetime.date(2020, 8, 14)
    assert action("2.2").target_date == datetime.date(2019, 11, 30)
    assert action("2.2").target_date_text == "Nov 2019 & ongoing"
    assert (action("2.3").target_date, action("2.3").target_date_text) == (
        None,
        "21/22 business cycle",
    )
    assert (action("1.1").manual_rag, action("1.2").manual_rag, action("1.3").manual_rag) == (
        "green",
        "amber",
        "red",
    )
    assert (action("2.1").status, action("2.1").manual_rag) == ("complete", "")
    assert "RAG: ?????" in action("2.2").notes


def test_a_timeframe_heading_becomes_the_wording_of_undated_actions(plan):
    run_council(workbook({"Plan": ACTION_ROWS}), plan)

    assert action("1.3").target_date_text == "Within three months"
    assert action("1.3").area.name == "Early Help"


def test_progress_becomes_a_dated_update_once(plan):
    data = workbook({"Plan": ACTION_ROWS})
    run_council(data, plan)
    run_council(data, plan)

    update = ActionUpdate.objects.get()
    assert (update.action.reference, update.progress) == ("1.1", "Begun")


def test_unknown_columns_are_reported_not_fatal(plan):
    report = run_council(workbook({"Plan": ACTION_ROWS}), plan)

    unknown = [w for w in report.warnings if "not recognised" in w.message]
    assert len(unknown) == 1
    assert unknown[0].message.startswith('The column H ("Funding") was not recognised')
    assert (unknown[0].sheet, unknown[0].row) == ("Plan", 3)
    assert Action.objects.count() == 6


def test_the_admin_can_change_the_mapping_before_import(plan):
    data = workbook({"Plan": ACTION_ROWS})
    importer = ImportPlan(data, name="plan.xlsx", kind="council", plan=plan)
    mappings = importer.mappings()
    mappings[0].columns[7] = "cost"  # Funding is the cost
    mappings[0].columns.pop(4)  # leave the lead out
    importer.mapping = [m.as_dict() for m in mappings]

    report = importer.commit()

    assert not any("Funding" in w.message for w in report.warnings)
    assert action("1.1").cost == "£5k"
    assert action("1.1").lead == ""


def test_section_rows_are_areas_when_there_is_no_area_column(plan):
    rows = [
        ["Scorecard"],
        ["Indicator", "Baseline", "Latest", "Target"],
        ["Early Help"],
        ["Assessments completed", 81, 101, 120],
        ["Plans reviewed", 0.5, 0.72, 0.9],
        ["Looked after children"],
        ["Children in care", 516, "512 SN 496, Nat 514, Reg 541", 420],
    ]
    data = workbook(
        {"KPIs": rows},
        formats={("KPIs", "B5"): "0%", ("KPIs", "C5"): "0%", ("KPIs", "D5"): "0%"},
    )

    report = run_council(data, plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert {m.name: m.area.name for m in Measure.objects.all()} == {
        "Assessments completed": "Early Help",
        "Plans reviewed": "Early Help",
        "Children in care": "Looked after children",
    }
    plans_reviewed = Measure.objects.get(name="Plans reviewed")
    assert (plans_reviewed.unit, plans_reviewed.baseline) == ("percent", 50)
    # "Latest" names no month: the figure is kept in the notes and reported.
    assert not Actual.objects.exists()
    assert (
        "Latest: 512 SN 496, Nat 514, Reg 541" in Measure.objects.get(name="Children in care").notes
    )
    assert any("names no month" in w.message for w in report.warnings)


def test_section_rows_are_recommendations_when_areas_have_a_column(plan):
    rows = [
        ["Area", "Action", "Target date"],
        ["1. Strengthen management oversight of assessments", None, None],
        ["Assessment", "Weekly case audits", "Oct-20"],
        [None, "Supervision every month", "Nov-20"],
        ["REC 2 Improve help for care leavers", None, None],
        ["Care leavers", "Pathway plan reviews", "TBC"],
    ]

    report = run_council(workbook({"Actions": rows}), plan)

    assert not report.has_errors
    rec1 = Recommendation.objects.get(reference="1")
    assert rec1.text == "Strengthen management oversight of assessments"
    assert [a.text for a in rec1.actions.order_by("order")] == [
        "Weekly case audits",
        "Supervision every month",
    ]
    assert Recommendation.objects.get(reference="2").actions.get().text == "Pathway plan reviews"
    assert ServiceArea.objects.get(name="Assessment").recommendations.get() == rec1


def test_merged_heading_across_a_row_is_one_section(plan):
    rows = [
        ["Recommendation", "Action", "Lead", "Due"],
        ["Early Help", None, None, None],
        ["1. Improve early help", "Audit plans", "Ann One", "Oct-20"],
        [None, "Train staff", "Bob Two", "Nov-20"],
    ]
    data = workbook({"Actions": rows}, merges={"Actions": ["A2:D2", "A3:A4"]})

    report = run_council(data, plan)

    assert not report.has_errors
    assert list(ServiceArea.objects.values_list("name", flat=True)) == ["Early Help"]
    rec = Recommendation.objects.get(reference="1")
    assert rec.actions.count() == 2


def test_a_row_without_action_text_is_reported_and_kept_in_the_notes(plan):
    rows = [
        ["Area", "Action", "Lead"],
        ["Early Help", "Audit plans", "Ann One"],
        [None, None, "Also: Bob Two"],
    ]

    report = run_council(workbook({"Actions": rows}), plan)

    assert Action.objects.count() == 1
    assert "Row 3: Lead: Also: Bob Two" in Action.objects.get().notes
    assert any(w.row == 3 and "no action text" in w.message for w in report.warnings)


def test_a_sheet_with_no_recognisable_header_is_an_error(plan):
    report = run_council(workbook({"Notes": [["Some"], ["words", "here"]]}), plan)

    assert [e.message for e in report.errors] == [
        'No sheet has a header row naming actions (e.g. "Action"), measures (e.g. "Measure", '
        '"Indicator") or exception reports (e.g. "Area" and "Current RAG") in its first 20 '
        "rows, so nothing could be imported."
    ]


def test_preview_writes_nothing_and_shows_the_same_counts_as_commit(plan, actions_file):
    importer = ImportPlan(actions_file, name="southwark.xlsx", kind="council", plan=plan)

    preview = importer.preview()
    assert Action.objects.count() == 0
    committed = importer.commit()

    assert preview.totals() == committed.totals() == {"created": 30, "updated": 0, "unchanged": 0}
    assert Action.objects.count() == 18


def test_an_error_anywhere_means_nothing_is_written(plan, southampton, actuals_file):
    # A locked month in the middle of the scorecard stops the whole import.
    plan.periods.create(month=datetime.date(2020, 6, 1), status="locked")
    before = Actual.objects.count()

    report = run_actuals(actuals_file, plan)

    locked = [e for e in report.errors if "June 2020 is locked" in e.message]
    assert len(locked) == len(report.errors) == 12
    assert (locked[0].sheet, locked[0].row, locked[0].column) == (
        "Monthly scorecard",
        5,
        'D ("Jun-20")',
    )
    assert Actual.objects.count() == before
    assert not plan.periods.filter(month=datetime.date(2020, 4, 1)).exists()


def test_words_in_a_figure_cell_give_a_figure_only_when_the_measure_or_column_says_them(plan):
    """A target cell "Target: 95%" is the figure; an actual "target 90%" and an actual
    "approx 40" are not, and each is warned with its sheet, row and column."""
    rows = [
        ["Area", "Measure", "Baseline", "Actual (July 2020)", "Target"],
        ["Assessment", "% of plans reviewed on time", "approx 40", "target 90%", "Target: 95%"],
    ]

    report = run_council(workbook({"Plan": rows}), plan)

    measure = Measure.objects.get(area__plan=plan)
    assert (measure.baseline, measure.baseline_text) == (None, "approx 40")
    assert measure.targets.get().value == 95
    actual = measure.actuals.get()
    assert (actual.value, actual.missing_reason) == (None, "target 90%")
    assert sorted((w.sheet, w.row, w.column[0]) for w in report.warnings) == [
        ("Plan", 2, "C"),
        ("Plan", 2, "D"),
    ]
