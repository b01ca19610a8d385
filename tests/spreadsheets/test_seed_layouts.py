"""Every layout in the seeds: workbooks typed up from the seed plans import with the
structure their sources show (tests/spreadsheets/seed_workbooks.py builds them)."""

import datetime

import pytest
from django.urls import reverse

from improvement.models import Action, Outcome, Recommendation, ServiceArea
from measures.models import Actual, Benchmark, Measure
from spreadsheets.importers import ImportPlan
from spreadsheets.layouts import propose_mappings
from spreadsheets.layouts.actions import (
    CUT_OFF,
    NO_TEXT,
    action_number,
    is_sub_number,
    shown_number,
    starts_mid_sentence,
    whole_number,
)
from spreadsheets.reader import open_workbook
from tests import factories

from . import seed_workbooks as seeds
from .conftest import run_council, workbook

pytestmark = pytest.mark.django_db


def recommendations():
    return {r.reference: (r.text, r.timeframe) for r in Recommendation.objects.all()}


def actions():
    """(reference, text start, [recommendation numbers]) of every action, in sheet order."""
    return [
        (a.reference, a.text[:20], [r.reference for r in a.recommendations.all()])
        for a in Action.objects.order_by("area__order", "order")
    ]


def warnings_at(report, row):
    return [w.message for w in report.warnings if w.row == row]


# --- the rules, table-driven ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3", "3"), ("3.", "3"), ("Rec 3", "3"), ("1.1", ""), ("Immediately", ""), ("", "")],
)
def test_whole_number(text, expected):
    assert whole_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.1.0. With the partnership", "2.1.0"),
        ("2.2 Hold events", "2.2"),
        ("1.1", "1.1"),
        ("2. Work with partners", ""),
        ("2019 plans", ""),
        ("Audit plans", ""),
    ],
)
def test_action_number(text, expected):
    assert action_number(text) == expected


@pytest.mark.parametrize(
    ("text", "parent", "expected"),
    [
        ("1.1", "1", True),
        ("11.2", "11", True),
        ("11.2", "1", False),
        ("1.1 and 2.3", "1", False),
        ("1.1", "", False),
    ],
)
def test_is_sub_number(text, parent, expected):
    assert is_sub_number(text, parent) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("to be signed off on 17th October.", True),
        ("advocacy service", True),
        ("Publicise the service", False),
        ("2.1 Audit", False),
        ("", False),
    ],
)
def test_starts_mid_sentence(text, expected):
    assert starts_mid_sentence(text) is expected


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (2.1, "0.00", ("2.10", False)),
        (2.1, "#,##0.00;[Red]-#,##0.00", ("2.10", False)),
        (2.1, "General", ("2.1", False)),
        (2.1, "", ("2.1", True)),  # no format known: 2.10 may have been typed
        (2.0, "", ("2", False)),
        (3, "", ("3", False)),
        ("2.10", "", ("2.10", False)),
        (None, "", ("", False)),
    ],
)
def test_shown_number(value, number_format, expected):
    assert shown_number(value, number_format) == expected


def test_an_action_number_typed_as_a_number_keeps_the_zero_its_format_shows(plan):
    rows = [
        ["No.", "Rec.", "Action"],
        [2, "Supervision is regular and reflective", None],
        [None, 2.1, "Audit supervision files"],
        [None, 2.1, "Train new managers"],
    ]
    data = workbook({"Plan": rows}, formats={("Plan", "B4"): "0.00"})

    report = run_council(data, plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert list(Action.objects.order_by("order").values_list("reference", "text")) == [
        ("2.1", "Audit supervision files"),
        ("2.10", "Train new managers"),
    ]


def test_a_numbered_row_with_only_its_action_is_an_action_where_recommendations_are_worded(
    plan,
):
    rows = [
        ["Ref", "Recommendation", "Action", "Lead"],
        [1, "Improve supervision", "Audit supervision files", "Head of QA"],
        [2, None, "Train new managers", None],
    ]

    run_council(workbook({"Plan": rows}), plan)

    assert [(a.reference, a.text) for a in Action.objects.order_by("order")] == [
        ("1", "Audit supervision files"),
        ("2", "Train new managers"),
    ]
    assert list(Recommendation.objects.values_list("text", flat=True)) == ["Improve supervision"]


HEADER = ["Ref", "Action", "Lead"]
MEASURE_HEADER = ["Area", "Measure", "Baseline", "Target"]


@pytest.mark.parametrize(
    ("header", "repeat", "records"),
    [
        (HEADER, ["Ref", "Action", "Lead"], 2),
        (HEADER, ["REF", "ACTION", "LEAD"], 2),
        (HEADER, [" ref ", "Act ion", "lead\n"], 2),
        # Not the header: a cell differs, or one is missing, so it is read as an action.
        (HEADER, ["Ref", "Action", "Leads"], 3),
        (HEADER, ["Ref", "Action", None], 3),
        (MEASURE_HEADER, ["AREA", "MEASURE", "BASELINE", "TARGET"], 2),
        (MEASURE_HEADER, ["Area", "Measure", "Baseline", "Target (2021)"], 3),
    ],
)
def test_a_repeated_header_row_is_skipped_not_read_as_a_record(plan, header, repeat, records):
    if header == HEADER:
        first, second = ["1", "Audit files", "Head of QA"], ["2", "Train managers", "Head of QA"]
    else:
        first, second = ["Safety", "Re-referrals", 20, 15], ["Safety", "Visits on time", 80, 95]

    report = run_council(workbook({"Plan": [header, first, repeat, second]}), plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    made = Action.objects.count() if header == HEADER else Measure.objects.count()
    assert made == records
    if records == 2:  # skipped without a word: the row holds nothing but headings
        assert warnings_at(report, 3) == []


def test_a_figures_sheet_skips_its_header_repeated_with_months_typed_as_dates(plan):
    area = factories.make_area(plan, name="Safety")
    factories.make_measure(area, name="Visits on time")
    factories.make_measure(area, name="Re-referrals")
    july, august = datetime.datetime(2020, 7, 1), datetime.datetime(2020, 8, 1)
    rows = [
        ["Measure", "Jul-20", "Aug-20"],
        ["Visits on time", 80, 82],
        ["MEASURE", july, august],  # the header again, after a page break
        ["Re-referrals", 20, 19],
    ]

    report = run_council(workbook({"Figures": rows}), plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert warnings_at(report, 3) == []
    assert Actual.objects.count() == 4


# --- 001: Southampton 2012 ------------------------------------------------------------


def test_2012_plan_columns_are_proposed_as_its_headings_say():
    with open_workbook(seeds.southampton_2012()) as book:
        (mapping,) = propose_mappings(book)

    assert mapping.header_row == 3
    assert [mapping.columns[i] for i in range(8)] == [
        "reference",
        "recommendation",
        "action",
        "progress",
        "impact",
        "still_to_do",
        "cost",
        "lead",
    ]


@pytest.mark.parametrize("heading_column", [2, 3], ids=["wording-under-rec", "under-action"])
def test_2012_heading_rows_are_recommendations_with_their_timeframe(plan, heading_column):
    report = run_council(seeds.southampton_2012(heading_column), plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert recommendations() == {
        "1": (seeds.REC_1, "Immediately"),
        "2": (seeds.REC_2, "Immediately"),
        "4": (seeds.REC_4, "Within three months"),
        "11": (seeds.REC_11, "Within six months"),
    }
    # Action numbers under "Rec." are not taken for recommendations of their own.
    assert not any("no recommendation" in w.message for w in report.warnings)
    assert Action.objects.count() == seeds.ACTION_ROWS_001


def test_2012_actions_keep_their_numbers_under_their_heading(plan):
    run_council(seeds.southampton_2012(), plan)

    assert actions() == [
        ("1.1", "Secure a permanent w", ["1"]),
        ("1.2", "Make sure the workfo", ["1"]),
        ("1.3", "Revise and implement", ["1"]),
        ("2.1", "Supervision is as fr", ["2"]),
        ("2.2", "Apply the supervisio", ["2"]),
        ("", "All work is recorded", ["2"]),
        ("", "(No action text in r", ["2"]),
        ("", "to be signed off by ", ["2"]),
        ("4.1", "Publicise the compla", ["4"]),
        ("11.1", "Publicise the advoca", ["11"]),
        ("11.2", "Advertise the servic", ["11"]),
    ]
    assert len(actions()) == seeds.ACTION_ROWS_001
    first = Action.objects.get(reference="1.1")
    assert (first.target_date, first.target_date_text) == (None, "Immediately")
    assert (first.cost, first.lead) == (
        "c£1.7m, for agreement by Council 12/10/12",
        "Head of Safeguarding",
    )
    assert Action.objects.get(reference="4.1").target_date_text == "Within three months"


def test_2012_themes_are_areas(plan):
    run_council(seeds.southampton_2012(), plan)

    assert {a.name: a.actions.count() for a in ServiceArea.objects.all()} == {
        "QUALITY OF WORK TO SAFEGUARD CHILDREN": 9,
        "CHILDREN LOOKED AFTER AND CARE LEAVERS": 2,
    }


def test_a_row_without_action_text_but_its_own_cells_is_an_action_flagged(plan):
    report = run_council(seeds.southampton_2012(), plan)

    lost = Action.objects.get(text__startswith="(No action text in row 14")
    assert lost.needs_attention == NO_TEXT
    assert (lost.lead, lost.cost) == (
        "Service Lead, Service Redesign",
        "Within existing resources + 13/14 budget settlement",
    )
    assert lost.still_to_do == "Take the model to the Change Programme Board."
    assert lost.updates.get().progress.startswith("A redesign of the council's people services")
    assert any("flagged for attention" in m for m in warnings_at(report, 14))


def test_a_row_whose_text_starts_mid_sentence_is_kept_and_flagged(plan):
    report = run_council(seeds.southampton_2012(), plan)

    clipped = Action.objects.get(text="to be signed off by the leadership team in October.")
    assert (clipped.needs_attention, clipped.lead) == (CUT_OFF, "Virtual School Head")
    assert any("starts mid-sentence" in m for m in warnings_at(report, 15))
    flagged = Action.objects.exclude(needs_attention="").count()
    assert flagged == 2


def test_a_row_with_one_cell_still_continues_the_action_above(plan):
    report = run_council(seeds.southampton_2012(), plan)

    # Row 19 repeats the header after a page break; row 20 runs 4.1 on below it.
    assert "Row 20: What do we still need to do: Send a quarterly report" in (
        Action.objects.get(reference="4.1").notes
    )
    assert any("added to the notes of the row above" in m for m in warnings_at(report, 20))


def test_2012_plan_imported_again_changes_nothing(plan):
    data = seeds.southampton_2012()
    run_council(data, plan)

    again = run_council(data, plan)

    assert again.totals()["created"] == again.totals()["updated"] == 0
    assert Action.objects.count() == seeds.ACTION_ROWS_001


def test_the_tracker_tags_an_action_to_check(plan, board_client):
    run_council(seeds.southampton_2012(), plan)

    response = board_client.get(reverse("dashboard:tracker", args=[plan.slug]))

    content = response.content.decode()
    assert content.count("Check this action") == 2
    assert "add it from the source" in content


def test_the_action_page_says_why_to_check_it(plan, client):
    run_council(seeds.southampton_2012(), plan)
    factories.make_periods(plan, first=datetime.date(2020, 1, 1), count=3)
    lost = Action.objects.get(needs_attention=NO_TEXT)
    client.force_login(factories.make_manager(areas=[lost.area]))
    fine = Action.objects.get(reference="1.1")

    url = reverse("returns:action_update", args=[plan.slug, lost.pk]) + "?period=2020-03"
    page = client.get(url).content.decode()
    fine_url = reverse("returns:action_update", args=[plan.slug, fine.pk]) + "?period=2020-03"

    assert 'id="needs-attention"' in page and "add it from the source" in page
    assert "needs-attention" not in client.get(fine_url).content.decode()


# --- 003: West Sussex 2019 ------------------------------------------------------------


def test_west_sussex_groups_are_recommendations_with_numbered_actions(plan):
    report = run_council(seeds.west_sussex_2019(), plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert recommendations() == {
        "2": (seeds.REC_WS_2, ""),
        "3": (seeds.REC_WS_3, ""),
        "7": (seeds.REC_WS_7, ""),
    }
    assert actions() == [
        ("2.1.0", "2.1.0. With the Safe", ["2"]),
        ("2.1.1", "2.1.1. Social care t", ["2"]),
        ("2.1.2", "2.1.2. Run a multi-a", ["2"]),
        ("2.2", "2.2. Hold neglect le", ["2"]),
        ("2.3", "2.3. Train staff to ", ["2"]),
        ("3.1", "3.1. Run an awarenes", ["3"]),
        ("7.1", "7.1. Train social wo", ["7"]),
        ("7.1.2", "7.1.2. Set out in pr", ["7"]),
    ]
    assert len(actions()) == seeds.ACTION_ROWS_003


def test_west_sussex_ofsted_ref_is_the_recommendations_place_in_the_report(plan):
    with open_workbook(seeds.west_sussex_2019()) as book:
        (mapping,) = propose_mappings(book)
    report = run_council(seeds.west_sussex_2019(), plan)

    assert mapping.columns[2] == "report_reference"
    assert not [w.message for w in report.warnings if "not recognised" in w.message]
    assert {r.reference: r.report_reference for r in Recommendation.objects.all()} == {
        "2": "Pg 3 Para 2; Pg 4 Para 8",
        "3": "Pg 5 Para 13,14",
        "7": "Pg 7 Para 23",
    }
    assert Recommendation.history.filter(report_reference="Pg 7 Para 23").exists()


@pytest.mark.parametrize(
    ("header", "rows", "report_reference", "notes"),
    [
        # Beside a recommendation: the recommendation's, on each row of its actions.
        (
            ["Recommendation", "Ofsted ref", "Action"],
            [["1. Improve supervision", "Para 12", "Audit files"], [None, None, "Train"]],
            {"1": "Para 12"},
            ["", ""],
        ),
        (
            ["Recommendation", "Report Reference", "Action"],
            [["1. Improve supervision", "Pg 3\nPg 4", "Audit files"]],
            {"1": "Pg 3; Pg 4"},
            [""],
        ),
        # No recommendation to hold it: kept in the action's notes.
        (["Ofsted Ref", "Action"], [["Para 12", "Audit files"]], {}, ["Ofsted Ref: Para 12"]),
    ],
)
def test_a_report_reference_column_fills_the_recommendations(
    plan, header, rows, report_reference, notes
):
    report = run_council(workbook({"Plan": [header, *rows]}), plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert {r.reference: r.report_reference for r in Recommendation.objects.all()} == (
        report_reference
    )
    assert list(Action.objects.order_by("order").values_list("notes", flat=True)) == notes
    assert any("kept in the action's notes" in w.message for w in report.warnings) == (
        not report_reference
    )


def test_west_sussex_action_numbers_stay_in_the_text_and_grouped_actions_stay_whole(plan):
    run_council(seeds.west_sussex_2019(), plan)

    assert Action.objects.get(reference="2.1.0").text == seeds.ACTIONS_WS_2[0][0]
    grouped = Action.objects.get(reference="3.1")
    assert grouped.text == seeds.GROUPED_WS_3
    assert grouped.lead == "Head of Early Help, Head of Safeguarding"
    # The KPIs merged down the group are each action's measure of success.
    assert {a.success_measure for a in Recommendation.objects.get(reference="2").actions.all()} == {
        seeds.KPIS_WS_2
    }


def test_a_due_cell_with_several_dates_is_kept_as_wording_and_warned(plan):
    report = run_council(seeds.west_sussex_2019(), plan)

    two = Action.objects.get(reference="2.1.1")
    assert (two.target_date, two.target_date_text) == (
        datetime.date(2019, 9, 30),
        "Sept 2019 / Dec 2019",
    )
    grouped = Action.objects.get(reference="3.1")
    assert grouped.target_date_text == seeds.GROUPED_DUE_WS_3
    several = [w for w in report.warnings if "more than one date" in w.message]
    assert [(w.row, w.column) for w in several] == [(5, 'E ("Due")'), (11, 'E ("Due")')]


@pytest.mark.parametrize(
    ("build", "row", "records"),
    [
        (seeds.southampton_2012, 19, seeds.ACTION_ROWS_001),
        (seeds.west_sussex_2019, 14, seeds.ACTION_ROWS_003),
    ],
)
def test_a_header_repeated_after_a_page_break_is_not_an_action(plan, build, row, records):
    report = run_council(build(), plan)

    assert Action.objects.count() == records
    assert warnings_at(report, row) == []
    assert not Action.objects.filter(text__iexact="action").exists()
    assert not Action.objects.filter(text__icontains="action required").exists()


def test_improvement_outcomes_below_a_group_are_its_actions_outcome(plan):
    data = seeds.west_sussex_2019()
    run_council(data, plan)

    assert not ServiceArea.objects.filter(name__icontains="outcome").exists()
    assert list(Outcome.objects.values_list("title", flat=True)) == [
        seeds.OUTCOMES_WS_2,
        seeds.OUTCOMES_WS_3,
        seeds.OUTCOMES_WS_7,
    ]
    assert {a.reference: a.outcome.title for a in Action.objects.all()}["2.3"] == (
        seeds.OUTCOMES_WS_2
    )
    assert Action.objects.get(reference="7.1.2").outcome.title == seeds.OUTCOMES_WS_7

    again = run_council(data, plan)
    assert again.totals()["created"] == again.totals()["updated"] == 0


@pytest.mark.parametrize("build", [seeds.southampton_2012, seeds.west_sussex_2019])
def test_preview_writes_nothing_and_counts_as_the_commit_does(plan, build):
    importer = ImportPlan(build(), name="plan.xlsx", kind="council", plan=plan)

    preview = importer.preview()
    assert not Action.objects.exists() and not Outcome.objects.exists()
    committed = importer.commit()

    assert preview.totals() == committed.totals()
    assert [str(w) for w in preview.warnings] == [str(w) for w in committed.warnings]


# --- 004: Southwark 2017 --------------------------------------------------------------


def test_southwark_recommendations_leads_dates_and_rag(plan):
    report = run_council(seeds.southwark_2017(), plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert sorted(recommendations()) == ["1", "2", "3"]
    assert recommendations()["2"][0] == seeds.REC_SW_2[3:]
    assert [len(refs) for _ref, _text, refs in actions()] == [1, 1, 1, 1, 1]
    assert [refs[0] for _ref, _text, refs in actions()] == ["1", "2", "2", "3", "3"]
    rows = list(Action.objects.order_by("order"))
    assert len(rows) == len(seeds.ACTIONS_SW)
    assert rows[0].lead == "Director of Children's Social Care, Head of Assessment"
    assert [a.target_date_text for a in rows] == [
        "April 2018",
        "September 2018",
        "September 2018",
        "December 2017",
        "April 2018",
    ]
    assert [(a.manual_rag, a.status) for a in rows] == [
        ("amber", "not_started"),
        ("red", "not_started"),
        ("green", "not_started"),
        ("", "complete"),
        ("", "not_started"),
    ]
    assert rows[1].notes == "Audit yet to be scheduled by the safeguarding board."


# --- 000: Southampton 2020-21 ---------------------------------------------------------


def test_southampton_2020_scorecard_with_comparators_and_plan_by_area_and_outcome(plan):
    report = run_council(seeds.southampton_2020(), plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert {m.name[:30]: m.area.name for m in Measure.objects.all()} == {
        row[1][:30]: row[0] for row in seeds.MEASURES_000
    }
    cp = Measure.objects.get(name__startswith="Reduce the numbers of children subject to CP")
    assert cp.baseline == 464
    assert cp.actuals.get().value == 426
    assert {b.kind: b.value for b in Benchmark.objects.filter(measure=cp)} == {
        "sn": 388,
        "regional": 527,
        "national": 439,
    }
    assert [
        (a.area.name, a.outcome.title[:20], a.target_date_text)
        for a in Action.objects.order_by("area__order", "order")
    ] == [(row[0], row[1][:20], row[3]) for row in seeds.PLAN_000]
    assert Outcome.objects.count() == 3
