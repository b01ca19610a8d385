"""Area scorecard: measures against target, actions, exception report."""

import datetime

import pytest
from django.urls import reverse

from measures.models import Target
from tests import factories

from .helpers import (
    OUTCOME_ORDER,
    file_actions_under_outcomes,
    in_order,
    page_text,
    section,
    table_row,
)

pytestmark = pytest.mark.django_db


def scorecard_url(board, area=None, period=None):
    url = reverse("dashboard:scorecard", args=[board.plan.slug, (area or board.area).pk])
    return f"{url}?period={period}" if period else url


def test_each_measure_shows_baseline_actual_target_gap_rag_and_trend(board, board_client):
    content = board_client.get(scorecard_url(board)).content.decode()

    # Twelve months: the SPC variation reading stands where the month-on-month trend was.
    visits = table_row(content, ">Visits on time<")
    assert visits.startswith(
        "Visits on time 60% Mar 2019 84% Dec 2020 90% or more 6 percentage points below target "
        "Red Special cause, improving: 7 months in a row above the mean"
    )
    children = table_row(content, ">Children in need<")
    assert "538 Dec 2020 500 or fewer 38 children above target Red Special cause" in children
    # Eleven months: the trend, and why there is no reading.
    rereferrals = table_row(content, ">Re-referrals<")
    assert "Not enough data Not enough months to judge variation (11 of 12)" in rereferrals


def test_comparators_and_source_are_shown(board, board_client):
    content = board_client.get(scorecard_url(board)).content.decode()

    visits = table_row(content, ">Visits on time<")
    assert (
        "SN: 75% (2019, typed in) Regional: 72% (2019, typed in) England: 78% (2019, typed in) "
        "Liquid Logic"
    ) in visits
    rereferrals = table_row(content, ">Re-referrals<")
    assert rereferrals.endswith("None (local indicator) Local indicator")


def test_a_missing_figure_shows_why_and_the_last_known_value(board, board_client):
    content = board_client.get(scorecard_url(board)).content.decode()
    rereferrals = table_row(content, ">Re-referrals<")
    assert "No data: Data system outage Last: 18% (Nov 2020) 20% or less – No data" in rereferrals


def test_each_measure_has_a_trend_line_of_the_last_twelve_periods(board, board_client):
    content = board_client.get(scorecard_url(board)).content.decode()
    assert (
        '<svg class="sparkline" role="img" aria-label="Trend: 70%, 72%, 74%, 76%, 78%, 81%, '
        '84%, 85%, 86%, 88%, 90%, 84%"'
    ) in content
    assert 'aria-label="Trend: 22%, 21%, 21%, 20%, 19%, 19%, 18%, 18%, 18%, 19%, 18%, no data"' in (
        content
    )


def test_the_area_summary_gives_its_rags_and_why(board, board_client):
    text = page_text(board_client.get(scorecard_url(board)).content)
    assert "Previous RAG Amber Current RAG Red RAG the data suggests Red" in text
    assert "Measure: Visits on time Measure: Children in need Action 1.1: overdue" in text
    assert "2 Red, 0 Amber, 0 Green, 1 no data" in text
    assert "Overdue actions 1 of 3" in text


def test_actions_show_brag_target_date_lead_and_status(board, board_client):
    response = board_client.get(scorecard_url(board))
    content = response.content.decode()
    actions = section(content, 'id="actions"', 'id="exception-report"')
    judged_on = response.context["period"].judged_on()

    assert table_row(actions, ">Audit case files<") == (
        "1.1 Audit case files Red 30 Nov 2020 Overdue Head of Early Help In progress"
    )
    assert table_row(actions, ">Train family workers<") == (
        "1.2 Train family workers Blue 01 Oct 2020 Principal Social Worker Complete"
    )
    assert "Fostering" not in page_text(actions)  # only this area's actions
    # The date the BRAG above is judged at, said above the table.
    assert f"judged as at {judged_on.day} {judged_on:%B %Y}" in page_text(actions)


def test_the_exception_report_of_the_period_is_shown(board, board_client):
    content = board_client.get(scorecard_url(board)).content.decode()
    report = page_text(section(content, 'id="exception-report"'))

    assert "Exception report: December 2020" in report
    assert "Key developments Family hubs opened in three localities." in report
    assert "Key risks Caseloads rising in the east locality." in report
    assert "Analysis of progress Visits recovered" in report
    assert "Analysis of risks Agency staff turnover." in report
    assert "Evidence Monthly audit of 40 case files." in report


def test_the_period_picker_shows_the_area_as_it_was(board, board_client):
    content = board_client.get(scorecard_url(board, period="2020-11")).content.decode()

    assert table_row(content, ">Visits on time<").startswith(
        "Visits on time 60% Mar 2019 90% Nov 2020 90% or more On target Green ▲ Improving"
    )
    assert "No exception report for November 2020" not in content
    assert "Family hubs opened" not in content  # December's report


def test_an_area_with_no_report_says_so(board, board_client):
    content = board_client.get(scorecard_url(board, period="2020-06")).content.decode()
    assert "No exception report for June 2020 yet." in page_text(content)


def test_a_board_member_gets_no_edit_controls(board, board_client):
    content = board_client.get(scorecard_url(board)).content.decode()
    assert "Edit this area" not in content
    assert "monthly return" not in content
    assert content.count('method="post"') == 1  # signing out only


def test_an_admin_gets_a_link_to_change_the_area(board, admin_client):
    content = admin_client.get(scorecard_url(board)).content.decode()
    assert "Edit this area in the admin" in content


def test_another_plans_area_is_not_found(board, board_client):
    other_plan = factories.make_plan(slug="elsewhere")
    foreign = factories.make_area(other_plan, name="Elsewhere")
    url = reverse("dashboard:scorecard", args=[board.plan.slug, foreign.pk])
    assert board_client.get(url).status_code == 404
    unknown = reverse("dashboard:scorecard", args=[board.plan.slug, 99999])
    assert board_client.get(unknown).status_code == 404


def test_actions_are_grouped_under_their_outcomes_in_the_plans_order(board, board_client):
    file_actions_under_outcomes(board)
    content = board_client.get(scorecard_url(board)).content.decode()
    actions = page_text(section(content, 'id="actions"', 'id="exception-report"'))

    assert in_order(actions, *OUTCOME_ORDER), actions
    heading = table_row(content, "Outcome: Children are seen often")
    assert heading == "Outcome: Children are seen often"


def test_an_area_whose_actions_have_no_outcome_lists_them_without_headings(board, board_client):
    content = board_client.get(scorecard_url(board, board.other_area)).content.decode()
    actions = page_text(section(content, 'id="actions"', 'id="exception-report"'))
    assert "Recruit foster carers" in actions
    assert "Outcome:" not in actions and "Other actions" not in actions


def area_url(area, period):
    return reverse("dashboard:scorecard", args=[area.plan.slug, area.pk]) + f"?period={period}"


def measure_page(area, measure, period):
    url = reverse("dashboard:measure", args=[area.plan.slug, measure.pk])
    return f"{url}?period={period}"


def test_a_strict_target_met_by_an_equal_figure_is_not_green(plan, periods, area, board_client):
    peps = factories.make_measure(area, "Personal Education Plans", order=1)
    Target.objects.create(
        measure=peps, effective_from=datetime.date(2020, 1, 1), value=95, strict=True
    )
    factories.make_actual(peps, periods[6], 95)

    content = board_client.get(area_url(area, "2020-07")).content.decode()

    row = table_row(content, ">Personal Education Plans<")
    assert "95% Jul 2020 above 95% At target; needs to be above it Amber" in row
    assert "Green" not in row
    summary = page_text(section(content, "app-area-rag", "</dl>"))
    assert "RAG the data suggests Amber" in summary
    page = page_text(board_client.get(measure_page(area, peps, "2020-07")).content)
    assert "July 2020 95% Amber" in page
    assert "Target: above 95%" in page and "above 95% from January 2020" in page


def test_an_equal_figure_meets_a_target_of_that_or_more(plan, periods, area, board_client):
    peps = factories.make_measure(area, "Personal Education Plans", target=95)
    factories.make_actual(peps, periods[6], 95)

    row = table_row(
        board_client.get(area_url(area, "2020-07")).content.decode(),
        ">Personal Education Plans<",
    )
    assert "95% Jul 2020 95% or more On target Green" in row


def test_a_later_target_is_not_this_months_target(plan, periods, area, board_client):
    carers = factories.make_measure(
        area, "Foster carers", unit="count", unit_label="carers", decimal_places=0
    )
    Target.objects.create(
        measure=carers, effective_from=datetime.date(2023, 4, 1), value=200, note="200 by 2023"
    )
    factories.make_actual(carers, periods[6], 180)

    content = board_client.get(area_url(area, "2020-07")).content.decode()

    row = table_row(content, ">Foster carers<")
    assert "180 Jul 2020 None in force yet Target of 200 or more from April 2023 – Not rated" in row
    page = page_text(board_client.get(measure_page(area, carers, "2020-07")).content)
    assert "July 2020 180 Not rated" in page
    assert "Target: none in force yet. Target of 200 or more from April 2023" in page
    assert "below target" not in page


def test_a_trajectory_judges_the_month_by_the_step_in_force(plan, periods, area, board_client):
    carers = factories.make_measure(area, "Foster carers", unit="count", decimal_places=0)
    for effective_from, value in [
        (datetime.date(2020, 4, 1), 150),
        (datetime.date(2021, 4, 1), 175),
        (datetime.date(2023, 4, 1), 200),
    ]:
        Target.objects.create(measure=carers, effective_from=effective_from, value=value)
    factories.make_actual(carers, periods[6], 160)

    row = table_row(board_client.get(area_url(area, "2020-07")).content.decode(), ">Foster carers<")
    assert "160 Jul 2020 150 or more 10 above target Green" in row
    assert "200" not in row


def test_an_area_awaiting_its_figures_says_so_in_words(plan, periods, area, board_client):
    visits = factories.make_measure(area, "Visits on time", target=90)
    factories.make_actual(visits, periods[6], 80)
    factories.make_action(area, "Audit", reference="1.1", target_date=datetime.date(2020, 6, 1))
    factories.make_report(area, periods[6], current_rag="red")
    factories.make_report(area, periods[7], suggested_rag="no_data", status="draft")

    content = board_client.get(area_url(area, "2020-08")).content.decode()

    summary = page_text(section(content, "app-area-rag", "</dl>"))
    assert "RAG the data suggests Awaiting figures" in summary
    assert "Direction of travel – Not enough data" in summary
    assert "▲" not in summary and "▼" not in summary and "Why Red" not in summary
    report = page_text(section(content, "app-report", "</dl>"))
    assert "Data suggests no RAG (no rated figures)" in report
    row = table_row(content, ">Visits on time<")
    assert "No data" in row and "Not enough data" in row
