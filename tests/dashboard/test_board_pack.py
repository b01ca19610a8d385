"""Board pack: one printable page per period (the live pack: an admin's preview of what
publishing makes), and the scorecard as .xlsx."""

import io

import openpyxl
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

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


def pack(client, board, period=None):
    url = reverse("dashboard:board_pack", args=[board.plan.slug])
    return client.get(url, {"period": period} if period else {}).content.decode()


def xlsx(client, board, period=None):
    url = reverse("dashboard:board_pack_xlsx", args=[board.plan.slug])
    response = client.get(url, {"period": period} if period else {})
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_it_opens_with_rag_at_a_glance(board, admin_client):
    content = pack(admin_client, board)
    glance = section(content, 'id="at-a-glance"', 'id="exception-reports"')
    assert "Improvement Board pack: December 2020" in page_text(content)
    assert table_row(glance, 'data-area="Early Help"') == (
        "Early Help Amber Red Red ▼ Worsening 2 0 0 1 1"
    )
    assert "Visits on time Early Help Green Red Special cause, improving" in page_text(glance)
    assert 'aria-label="RAG key"' in glance


def test_exception_reports_of_areas_that_moved_or_are_red_or_amber(board, admin_client):
    content = pack(admin_client, board)
    reports = page_text(section(content, 'id="exception-reports"', 'id="scorecards"'))

    assert "Early Help Red" in reports  # Amber to Red
    assert "Family hubs opened in three localities." in reports
    assert "Fostering panel running well." not in reports  # Green, unchanged
    assert "Fostering panel running well." not in page_text(content)


def test_an_area_without_a_report_is_named_so_the_board_can_ask(board, admin_client):
    area = factories.make_area(board.plan, name="Adoption", order=3)
    measure = factories.make_measure(area, "Adopted within 14 months", target=60)
    factories.make_actual(measure, board.december, 40)
    reports = page_text(
        section(pack(admin_client, board), 'id="exception-reports"', 'id="scorecards"')
    )
    assert "Adoption Red No exception report for December 2020 yet." in reports


def test_each_area_starts_a_new_printed_page_with_its_scorecard_and_charts(board, admin_client):
    content = pack(admin_client, board)
    area_section = section(
        content, f'id="area-{board.area.pk}"', f'id="area-{board.other_area.pk}"'
    )

    assert f'class="app-page-break app-pack-area" id="area-{board.area.pk}"' in content
    assert f'class="app-page-break app-pack-area" id="area-{board.other_area.pk}"' in content
    assert "6 percentage points below target" in page_text(area_section)
    # Printable charts are server-side SVG, with their numbers read out and tabled.
    assert area_section.count('<svg class="app-chart-svg" role="img"') == 3
    assert "Dec 2020 84% (Red)" in area_section
    visits_table = page_text(
        section(area_section, "Figures in the chart of Visits on time", "</table>")
    )
    assert "Actual 70% 72% 74% 76% 78% 81% 84% 85% 86% 88% 90% 84%" in visits_table
    assert "Target 80% 80% 80% 80% 80% 80% 90% 90% 90% 90% 90% 90%" in visits_table


def test_the_print_stylesheet_is_linked_and_breaks_pages(board, admin_client):
    content = pack(admin_client, board)
    assert '<link rel="stylesheet" href="/static/css/dashboard.css">' in content
    with open(finders.find("css/dashboard.css")) as stylesheet:
        css = stylesheet.read()
    assert "@media print" in css
    assert ".app-pack-chart { break-inside: avoid;" in css


def test_overdue_actions_are_listed_as_at_the_end_of_the_period(board, admin_client):
    overdue = page_text(section(pack(admin_client, board), 'id="overdue-actions"'))
    # The one action row every table of actions shows (templates/includes/action_rows.html).
    row = "1.1 Early Help Audit case files Red 30 Nov 2020 Overdue Head of Early Help In progress"
    assert row in overdue
    assert "2.2" not in overdue  # due June 2021: not overdue in December 2020


def test_an_earlier_period_gives_that_months_pack(board, admin_client):
    content = pack(admin_client, board, period="2020-11")
    assert "Improvement Board pack: November 2020" in page_text(content)
    assert "No action was overdue at 30 November 2020." in page_text(content)


def test_the_scorecard_downloads_as_xlsx_with_every_areas_measures(board, board_client):
    book = xlsx(board_client, board)
    sheet = book["Scorecard"]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == (
        "Area",
        "Measure",
        "Unit",
        "Baseline",
        "Latest actual",
        "Period",
        "Target",
        "Gap to target",
        "RAG",
        "Trend",
        "Variation",
        "Assurance",
        "Statistical neighbours",
        "Regional",
        "National",
        "Source",
    )
    by_measure = {row[1]: row for row in rows[1:]}
    assert set(by_measure) == {
        "Visits on time",
        "Children in need",
        "Re-referrals",
        "Foster carers approved",
    }
    assert by_measure["Visits on time"] == (
        "Early Help",
        "Visits on time",
        "Percent",
        60,
        84,
        "December 2020",
        "90% or more",
        "6 percentage points below target",
        "Red",
        "Worsening",
        "Special cause, improving: 7 months in a row above the mean",
        "Consistently failing: the target is outside the normal range, so no month will meet "
        "it without a change",
        75,
        72,
        78,
        "Liquid Logic",
    )
    rereferrals = by_measure["Re-referrals"]
    assert rereferrals[4:6] == (18, "November 2020")  # last known figure, and when
    assert rereferrals[8] == "No data"
    assert rereferrals[10] == "Not enough months to judge variation (11 of 12)"
    assert rereferrals[15] == "Local indicator"
    assert by_measure["Children in need"][7] == "38 children above target"


def test_the_xlsx_has_each_areas_rag(board, board_client):
    rows = list(xlsx(board_client, board)["Areas"].iter_rows(values_only=True))
    assert rows[1] == ("Early Help", "Amber", "Red", "Red", "Worsening", 2, 0, 0, 1, 1)
    assert rows[2] == ("Fostering", "Green", "Green", "Green", "No change", 0, 0, 1, 0, 0)


def test_the_xlsx_follows_the_period_picker(board, board_client):
    rows = list(
        xlsx(board_client, board, period="2020-11")["Scorecard"].iter_rows(values_only=True)
    )
    visits = next(row for row in rows if row[1] == "Visits on time")
    assert visits[4:10] == (
        90,
        "November 2020",
        "90% or more",
        "On target",
        "Green",
        "Improving",
    )


def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx(board, board_client):
    factories.make_measure(board.area, "=1+1 children seen", data_source="@source", order=9)
    sheet = xlsx(board_client, board)["Scorecard"]
    cell = next(
        c for (c,) in sheet.iter_rows(min_col=2, max_col=2) if c.value == "=1+1 children seen"
    )
    assert cell.data_type == "s"
    assert cell.quotePrefix
    source = sheet.cell(row=cell.row, column=16)
    assert source.value == "@source"
    assert source.data_type == "s"


def test_the_pack_links_to_its_xlsx(board, admin_client):
    content = pack(admin_client, board, period="2020-11")
    url = reverse("dashboard:board_pack_xlsx", args=[board.plan.slug])
    assert f'href="{url}?period=2020-11"' in content


def test_each_areas_actions_are_grouped_under_their_outcomes(board, admin_client):
    file_actions_under_outcomes(board)

    content = pack(admin_client, board)
    area = page_text(
        section(content, f'id="area-{board.area.pk}"', f'id="area-{board.other_area.pk}"')
    )
    assert in_order(area, *OUTCOME_ORDER), area
    other = page_text(section(content, f'id="area-{board.other_area.pk}"', 'id="overdue-actions"'))
    assert "Recruit foster carers" in other and "Outcome:" not in other
