"""Every sample workbook imports with the counts and values its README states."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from improvement.models import Action, Recommendation, ServiceArea
from measures.models import Actual, Benchmark, Measure

from .conftest import run_actuals, run_council

pytestmark = pytest.mark.django_db

AREA_SIZES = {
    "Leadership and Stability": 4,
    "Quality Assurance": 1,
    "Early Help": 3,
    "MASH / EDT": 4,
    "Assessment": 3,
    "Children with Disabilities": 1,
    "Elective Home Education": 2,
    "SEND": 1,
    "Protection and Court": 3,
    "Children's Resource Service": 4,
    "Youth Justice": 2,
    "MET": 2,
    "Looked after Children": 4,
    "Care leavers": 3,
    "Fostering/ Placements": 3,
    "Adoption": 2,
    "Safeguarding Children Partnership": 1,
}


def measure(plan, start):
    return Measure.objects.get(area__plan=plan, name__startswith=start)


def benchmarks(m):
    return {b.kind: b.value for b in Benchmark.objects.filter(measure=m)}


def july(m):
    return Actual.objects.get(measure=m, period__month=datetime.date(2020, 7, 1))


# --- southampton_2020_measures.xlsx ---------------------------------------------------


def test_southampton_measures_import_as_43_measures_in_17_areas(plan, measures_file):
    report = run_council(measures_file, plan)

    assert not report.has_errors
    assert report.count("created", "measure") == 43
    assert report.count("created", "area") == 17
    sizes = Counter(Measure.objects.filter(area__plan=plan).values_list("area__name", flat=True))
    assert dict(sizes) == AREA_SIZES
    assert list(ServiceArea.objects.filter(plan=plan).values_list("name", flat=True)) == list(
        AREA_SIZES
    )


def test_child_protection_rate_has_baseline_actual_target_and_comparators(southampton):
    m = measure(southampton, "Reduce the rate of children subject to child protection planning")

    assert m.area.name == "Protection and Court"
    assert m.baseline == 91
    assert july(m).value == 82
    assert m.targets.get().value == 65
    assert benchmarks(m) == {"sn": 48, "regional": 44, "national": 41}
    assert m.direction == "lower"
    # The workbook types comparators beside the July figure with no year of their own.
    assert {b.year for b in Benchmark.objects.filter(measure=m)} == {None}


def test_sickness_absence_is_days_and_a_local_indicator(southampton):
    m = measure(southampton, "Reduce Sickness absence days per employee")

    assert m.area.name == "Leadership and Stability"
    assert (m.baseline, m.unit, m.baseline_text) == (8, "days", "8 days")
    assert july(m).value == Decimal("14.14")
    assert m.local_indicator is True
    assert benchmarks(m) == {}


def test_single_assessments_read_percentages_and_comparators(southampton):
    m = measure(southampton, "Maintain the % of Single Assessments (SA) completed within 45 days")

    assert m.area.name == "Assessment"
    assert m.unit == "percent"
    assert m.baseline == 69  # stored by Excel as 0.69 shown as 69%
    assert july(m).value == 93
    assert benchmarks(m) == {"sn": 76, "regional": 81, "national": 81}


def test_fourth_mash_measure_belongs_to_mash(southampton):
    m = measure(southampton, "Increase the % of Strategy Discussions")

    assert m.area.name == "MASH / EDT"
    assert m.order == 4


def test_unreadable_cells_are_kept_as_text_and_listed_as_warnings(plan, measures_file):
    report = run_council(measures_file, plan)

    turnover = measure(plan, "Reduce Numbers and % Staff Turnover")
    assert turnover.baseline_text == "5% social worker; 9% overall"
    assert "5% social worker" not in turnover.notes  # kept on the baseline, not twice
    assert any(
        "5% social worker; 9% overall" in w.message and w.row == 5 and "Baseline" in w.column
        for w in report.warnings
    )
    home_education = measure(plan, "Ensure 100% of new cases of EHE")
    figure = july(home_education)
    assert figure.value is None
    assert figure.missing_reason == "From Sept 2020 Local Indicator"
    youth = measure(plan, "Ensure the rate of custodial sentences")
    assert youth.baseline_text == "0.51 (10 custodial sentences)"
    assert july(youth).commentary == "0.25 (5 custodial sentences) SN - 0.23"
    assert benchmarks(youth) == {"sn": Decimal("0.23")}


def test_importing_the_measures_twice_changes_nothing(plan, measures_file):
    run_council(measures_file, plan)
    second = run_council(measures_file, plan)

    assert second.count("created") == 0
    assert second.count("updated") == 0
    assert second.count("unchanged", "measure") == 43
    assert Measure.objects.filter(area__plan=plan).count() == 43


# --- southwark_2017_actions.xlsx ------------------------------------------------------


def test_southwark_imports_18_actions_under_11_recommendations(plan, actions_file):
    report = run_council(actions_file, plan)

    assert not report.has_errors
    assert Action.objects.filter(area__plan=plan).count() == 18
    recs = Recommendation.objects.filter(plan=plan)
    assert recs.count() == 11
    per_rec = {r.reference: r.actions.count() for r in recs}
    assert per_rec == {
        "1": 1,
        "2": 2,
        "3": 3,
        "4": 1,
        "5": 1,
        "6": 1,
        "7": 3,
        "8": 1,
        "9": 1,
        "10": 1,
        "11": 3,
    }
    assert recs.get(reference="1").text.startswith("Ensure that prompt decisions are made")


def test_merged_recommendation_cells_cover_all_their_actions(plan, actions_file):
    run_council(actions_file, plan)

    rec3 = Recommendation.objects.get(plan=plan, reference="3")
    assert [a.text[:40] for a in rec3.actions.order_by("order")] == [
        "Joint audit with SSCB to of strategy mee",
        "Review strategy meeting and MASH protoco",
        "Explore use of technology in supporting ",
    ]


def test_joint_audit_has_its_two_leads_and_ends_december_2017(plan, actions_file):
    report = run_council(actions_file, plan)

    action = Action.objects.get(
        area__plan=plan,
        text="Joint audit with SSCB to of strategy meetings to inform learning and "
        "development areas",
    )
    assert action.lead == "April Bald, Caroline Thwaites"
    assert action.recommendations.get().reference == "3"
    assert (action.target_date.year, action.target_date.month) == (2017, 12)
    assert action.target_date_display == "December 2017"
    assert any("holds people's names" in w.message for w in report.warnings)


def test_recommendation_10_keeps_its_unreadable_rag_and_date_wording(plan, actions_file):
    report = run_council(actions_file, plan)

    action = Recommendation.objects.get(plan=plan, reference="10").actions.get()
    assert action.target_date is None
    assert action.target_date_text == "Phase 2 of Catch 22 programme"
    assert action.manual_rag == ""
    assert "RAG: ?????" in action.notes
    rag_warnings = [w for w in report.warnings if "?????" in w.message]
    assert len(rag_warnings) == 1
    assert (rag_warnings[0].row, rag_warnings[0].column) == (18, 'E ("RAG")')
    assert any("Phase 2 of Catch 22 programme" in w.message for w in report.warnings)


def test_last_action_of_recommendation_11_is_ongoing(plan, actions_file):
    run_council(actions_file, plan)

    actions = Recommendation.objects.get(plan=plan, reference="11").actions.order_by("order")
    last = list(actions)[-1]
    assert last.text.startswith("Improve visibility and promotion of complaints")
    assert (last.target_date, last.target_date_text) == (None, "Ongoing")
    typed = actions.get(text__startswith="Speakerbox to develop")
    assert typed.target_date == datetime.date(2018, 4, 30)
    assert typed.target_date_text == "April 2018"


def test_southwark_dates_15_excel_dates_and_3_typed(plan, actions_file):
    run_council(actions_file, plan)

    actions = Action.objects.filter(area__plan=plan)
    assert actions.filter(target_date__isnull=False).count() == 16  # 15 Excel + "April 2018"
    assert sorted(
        actions.filter(target_date__isnull=True).values_list("target_date_text", flat=True)
    ) == ["Ongoing", "Phase 2 of Catch 22 programme"]


def test_importing_southwark_twice_changes_nothing(plan, actions_file):
    run_council(actions_file, plan)
    second = run_council(actions_file, plan)

    assert (second.count("created"), second.count("updated")) == (0, 0)
    assert second.count("unchanged", "action") == 18
    assert Action.objects.filter(area__plan=plan).count() == 18


# --- southampton_2020_actuals_wide.xlsx -----------------------------------------------


WIDE_MEASURES = (
    "Reduce Sickness absence days",
    "Reduce the % of agency workers",
    "Ensure 90% or more of scheduled audits",
    "Increase rate of Early Help Assessments",
    "Ensure 100% of referrals are dealt with by MASH",
    "Reduce the % of contacts that become new referrals",
    "Monitor the Rate of new referrals",
    "Reduce the levels of Section 47",
    "Maintain the % of Single Assessments",
    "Reduce the numbers of Children subject to CP Planning",
    "Reduce the rate of children subject to child protection planning",
    "Safely reduce the total number of Looked After Children",
)


def test_wide_scorecard_gives_69_values_for_12_measures(southampton, actuals_file):
    report = run_actuals(actuals_file, southampton)

    assert not report.has_errors
    wide = [measure(southampton, name) for name in WIDE_MEASURES]
    figures = Actual.objects.filter(measure__in=wide, value__isnull=False)
    assert figures.count() == 69
    assert sorted({f.period.month.month for f in figures}) == [4, 5, 6, 7, 8, 9]
    # The 12 July figures already came from the measures workbook, with the same values.
    assert report.count("unchanged", "actual") == 12
    assert report.count("created", "actual") == 57
    blank_in_september = {
        m.name[:30] for m in wide if not figures.filter(measure=m, period__month__month=9)
    }
    assert blank_in_september == {
        "Ensure 90% or more of schedule",
        "Reduce the levels of Section 4",
        "Safely reduce the total number",
    }


def test_wide_scorecard_values_match_the_measures(southampton, actuals_file):
    run_actuals(actuals_file, southampton)

    lac = measure(southampton, "Safely reduce the total number of Looked After Children")
    assert july(lac).value == 512
    agency = measure(southampton, "Reduce the % of agency workers")
    assert july(agency).value == Decimal("8.8")  # stored by Excel as 0.088
    assert agency.unit == "percent"
    april = Actual.objects.get(measure=agency, period__month=datetime.date(2020, 4, 1))
    assert april.value == Decimal("12.1")
    july_values = [july(measure(southampton, name)).value for name in WIDE_MEASURES]
    assert july_values == [
        Decimal(v)
        for v in (
            "14.14",
            "8.8",
            "72",
            "101.4",
            "98",
            "26",
            "175.4",
            "24",
            "93",
            "426",
            "82",
            "512",
        )
    ]


def test_importing_the_scorecard_twice_changes_nothing(southampton, actuals_file):
    run_actuals(actuals_file, southampton)
    second = run_actuals(actuals_file, southampton)

    assert (second.count("created"), second.count("updated")) == (0, 0)
    assert second.count("unchanged", "actual") == 69


# --- southampton_2020_measures.xlsx: import never invents a figure ----------------------

REVIEWS = "Ensure that 100% of Child Safeguarding Practice Reviews and Serious Case Reviews"
TURNOVER = "Reduce Numbers and % Staff Turnover (rolling year) to 5% or less overall"
CASELOADS = "Reduce and maintain caseload numbers to an average of 20 children per FTE"


def warnings_at(report, row, column):
    return [w.message for w in report.warnings if w.row == row and w.column.startswith(column)]


def test_seven_in_progress_is_kept_as_words_not_read_as_7(plan, measures_file):
    """Row 47 (Safeguarding Children Partnership): baseline "7 in progress", actual "8 in
    progress 3 ongoing are part of a thematic 0 completed 0 in timescale Local Indicator"."""
    report = run_council(measures_file, plan)

    reviews = measure(plan, REVIEWS)
    assert reviews.area.name == "Safeguarding Children Partnership"
    assert (reviews.baseline, reviews.baseline_text) == (None, "7 in progress")
    figure = july(reviews)
    assert figure.value is None
    assert figure.missing_reason.startswith("8 in progress 3 ongoing are part of a thematic")
    assert reviews.unit == "percent"  # from its target, "100% of reviews completed ..."
    assert reviews.targets.get().value == 100
    assert warnings_at(report, 47, "C") == [
        'No figure was read from "7 in progress": the words beside the number ("in progress") '
        "say it is not a settled figure. The cell's text was kept as the baseline wording."
    ]
    [actual_warning] = warnings_at(report, 47, "D")
    assert "the reason the July 2020 figure is missing" in actual_warning


def test_a_cell_with_two_figures_takes_the_one_the_measure_names(plan, measures_file):
    """Row 5 (Leadership and Stability): the measure is about turnover "overall"; baseline
    "5% social worker; 9% overall", actual "4% social workers; 2% overall Local Indicator"."""
    report = run_council(measures_file, plan)

    turnover = measure(plan, TURNOVER)
    assert (turnover.baseline, turnover.unit) == (9, "percent")
    assert turnover.baseline_text == "5% social worker; 9% overall"
    assert july(turnover).value == 2
    assert july(turnover).commentary == "4% social workers; 2% overall Local Indicator"
    assert "4% social workers" not in turnover.notes  # kept on the figure, not twice
    assert 'the other ("5% social worker") was not used' in warnings_at(report, 5, "C")[0]


def test_a_cell_naming_neither_figure_gives_none(plan, measures_file):
    """Row 8: the caseload measure names PACT and LAC; its actual "18 overall Caseloads are
    above 25 children in PACT and 20 in LAC" and target "20 allocated children per worker in
    PACT; 15 per" cannot say which figure is the measure's."""
    report = run_council(measures_file, plan)

    caseloads = measure(plan, CASELOADS)
    assert july(caseloads).value is None
    assert july(caseloads).missing_reason.startswith("18 overall Caseloads are above 25")
    assert not caseloads.targets.exists()
    assert "Target: 20 allocated children per worker in PACT; 15 per" in caseloads.notes
    assert len(warnings_at(report, 8, "D")) == len(warnings_at(report, 8, "E")) == 1


def test_a_target_for_a_later_year_is_not_taken_and_labelled_cells_keep_their_unit(
    plan, measures_file
):
    """Row 42's target "200 by 2023" is kept as words; row 32 (Youth Justice education and
    training) has two figures in every cell and is still a percentage measure."""
    run_council(measures_file, plan)

    carers = measure(plan, "Increase the number of 'in house' foster carers")
    assert not carers.targets.exists()
    assert "Target: 200 by 2023" in carers.notes
    education = measure(plan, "Ensure 75% or more of young people who are in suitable ETE")
    assert (education.unit, education.baseline) == ("percent", None)
    assert education.baseline_text == "66.7% - <16 yrs 46.1% - >16 yrs"
    assert july(education).value is None


@pytest.mark.parametrize(
    ("name", "strict"),
    [
        # The measure's own words: "at above 95%" (the target cell is a bare 95%).
        ("Maintain the % of looked after children with a Personal Education Plan", True),
        ("Maintain the % of Single Assessments (SA) completed within 45 days", True),  # ">76%"
        ("Ensure the rate of custodial sentences imposed", True),  # target cell "<0.3"
        ("Increase and maintain % of Children with an authorised care plan", False),  # "or more"
        ("Reduce the % of agency workers to 5% or less of headcount", False),
    ],
)
def test_a_target_worded_above_or_below_is_strict_and_or_more_is_not(southampton, name, strict):
    target = measure(southampton, name).targets.get()
    assert target.strict is strict
