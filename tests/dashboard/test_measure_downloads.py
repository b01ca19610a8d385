"""A measure's figures download (CSV and .xlsx): each month's figure as entered, with the
mean, process limits, special cause and rule its SPC chart reads, for anyone who may read
the plan."""

import csv
import io

import openpyxl
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from dashboard import exports
from measures import spc
from measures.models import Actual, Rebase
from measures.scorecard import plan_scorecard
from measures.spc_words import RULE_WORDS
from tests import factories

from .conftest import REREFERRALS, VISITS

pytestmark = pytest.mark.django_db

HEADERS = [
    "Month",
    "Figure",
    "Reason for no figure",
    "Target that month",
    "Target (number)",
    "RAG",
    "Mean",
    "Lower process limit",
    "Upper process limit",
    "Special cause",
    "Rule",
    "New process starts (rebase)",
    "Commentary",
]
SPECIAL = {"improvement": "Improvement", "concern": "Concern", "neutral": "Neutral", None: ""}


def url(board, measure, kind, period="2020-12"):
    address = reverse(f"dashboard:measure_figures_{kind}", args=[board.plan.slug, measure.pk])
    return f"{address}?period={period}" if period else address


def csv_table(response):
    """(the rows above the table as {label: text}, the table as dicts by heading)."""
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    at = rows.index(HEADERS)
    about = {row[0]: row[1] for row in rows[: at - 1]}
    return about, [dict(zip(HEADERS, row, strict=True)) for row in rows[at + 1 :]]


def xlsx_table(response):
    """(the rows above the table as {label: text}, the table's cells as dicts by heading)."""
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Figures"]
    rows = list(sheet.iter_rows())
    at = next(i for i, row in enumerate(rows) if row[0].value == "Month")
    assert [c.value for c in rows[at]] == HEADERS
    about = {row[0].value: row[1].value for row in rows[: at - 1]}
    return about, [dict(zip(HEADERS, row, strict=True)) for row in rows[at + 1 :]]


def text(value):
    return "" if value is None else f"{value:.2f}"  # the measure's 1 decimal place, and 1 more


def test_the_csv_gives_each_months_mean_limits_and_special_cause(board, board_client):
    response = board_client.get(url(board, board.visits, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        'filename="' + f'{board.visits.pk}-figures-2020-12.csv"'
        in (response["Content-Disposition"])
    )
    about, rows = csv_table(response)
    chart = spc.xmr(VISITS, better="higher")
    assert [row["Month"] for row in rows] == [f"2020-{m:02}" for m in range(1, 13)]
    assert [row["Figure"] for row in rows] == [str(v) for v in VISITS]
    assert [row["Mean"] for row in rows] == [text(p.mean) for p in chart.points]
    assert [row["Lower process limit"] for row in rows] == [text(p.lower) for p in chart.points]
    assert [row["Upper process limit"] for row in rows] == [text(p.upper) for p in chart.points]
    assert [row["Special cause"] for row in rows] == [SPECIAL[p.special] for p in chart.points]
    assert "Improvement" in {row["Special cause"] for row in rows}  # the series has some
    assert rows[6]["Target that month"] == "90% or more"
    assert rows[6]["Target (number)"] == "90"
    assert rows[11]["RAG"] == "Red"
    assert rows[0]["Commentary"] == "Commentary for January 2020"
    assert about["Measure"] == "Visits on time"
    assert about["Better"] == "Higher is better"
    assert about["Figures to"] == "December 2020"
    assert about["Variation"].startswith("Special cause, improving")


def test_the_rule_is_said_in_words(board, board_client):
    _, rows = csv_table(board_client.get(url(board, board.visits, "csv")))
    chart = spc.xmr(VISITS, better="higher")
    assert [row["Rule"] for row in rows] == [RULE_WORDS.get(p.rule, "") for p in chart.points]


def test_the_workbook_gives_numbers_with_the_same_readings(board, board_client):
    response = board_client.get(url(board, board.visits, "xlsx"))
    assert response.status_code == 200
    assert f'{board.visits.pk}-figures-2020-12.xlsx"' in response["Content-Disposition"]
    about, rows = xlsx_table(response)
    chart = spc.xmr(VISITS, better="higher")
    assert [row["Figure"].value for row in rows] == VISITS
    assert {row["Figure"].number_format for row in rows} == {"0"}  # as entered: no decimals
    for row, point in zip(rows, chart.points, strict=True):
        for column, value in (
            ("Mean", point.mean),
            ("Lower process limit", point.lower),
            ("Upper process limit", point.upper),
        ):
            assert row[column].value == pytest.approx(round(value, 2)), column
            assert row[column].number_format == "0.00"
        assert (row["Special cause"].value or "") == SPECIAL[point.special]
    assert rows[0]["Month"].value.strftime("%Y-%m") == "2020-01"
    assert about["Measure"] == "Visits on time"
    assert about["Variation"].startswith("Special cause, improving")


def test_a_month_without_a_figure_is_blank_with_its_reason(board, board_client):
    _, rows = csv_table(board_client.get(url(board, board.rereferrals, "csv")))
    december = rows[-1]
    assert december["Figure"] == ""
    assert december["Reason for no figure"] == "Data system outage"
    assert december["Mean"] == december["Lower process limit"] == ""
    assert december["Special cause"] == december["Rule"] == ""
    assert december["RAG"] == "No data"
    assert rows[0]["Reason for no figure"] == ""
    chart = spc.xmr(REREFERRALS, better="lower")
    assert rows[10]["Mean"] == text(chart.points[10].mean)

    _, cells = xlsx_table(board_client.get(url(board, board.rereferrals, "xlsx")))
    assert cells[-1]["Figure"].value is None
    assert cells[-1]["Mean"].value is None
    assert cells[-1]["Reason for no figure"].value == "Data system outage"


def test_a_new_process_starts_a_new_mean(board, board_client, admin_user):
    Rebase.objects.create(
        measure=board.visits,
        period=board.periods[6],
        reason="New front door",
        created_by=admin_user,
    )
    _, rows = csv_table(board_client.get(url(board, board.visits, "csv")))
    chart = spc.xmr(VISITS, better="higher", rebase_at=[6])
    assert rows[6]["New process starts (rebase)"] == "Yes: New front door"
    assert [row["New process starts (rebase)"] for row in rows].count("") == 11
    assert [row["Mean"] for row in rows] == [text(p.mean) for p in chart.points]
    assert rows[0]["Mean"] != rows[6]["Mean"]


def test_it_reads_to_the_month_asked_for(board, board_client):
    response = board_client.get(url(board, board.visits, "csv", period="2020-06"))
    _, rows = csv_table(response)
    assert len(rows) == 6
    assert "figures-2020-06.csv" in response["Content-Disposition"]
    chart = spc.xmr(VISITS[:6], better="higher")
    assert [row["Mean"] for row in rows] == [text(p.mean) for p in chart.points]
    about, _ = csv_table(response)
    assert about["Variation"] == "Not enough months to judge variation (6 of 12)"


def test_a_month_the_plan_has_no_period_for_is_not_found(board, board_client):
    assert board_client.get(url(board, board.visits, "csv", period="2031-01")).status_code == 404


def test_the_file_is_named_by_the_measures_reference(board, board_client):
    board.visits.reference = "EH 1"
    board.visits.save()
    response = board_client.get(url(board, board.visits, "xlsx"))
    assert 'filename="EH-1-figures-2020-12.xlsx"' in response["Content-Disposition"]


def test_formula_like_commentary_stays_text(board, board_client):
    Actual.objects.filter(measure=board.visits, period=board.periods[0]).update(
        commentary='=HYPERLINK("http://example.com","Click")'
    )
    _, rows = csv_table(board_client.get(url(board, board.visits, "csv")))
    assert rows[0]["Commentary"] == '\'=HYPERLINK("http://example.com","Click")'
    _, cells = xlsx_table(board_client.get(url(board, board.visits, "xlsx")))
    cell = cells[0]["Commentary"]
    assert cell.value == '=HYPERLINK("http://example.com","Click")'
    assert cell.data_type == "s"
    assert cell.quotePrefix


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_only_readers_of_the_plan_can_download(board, client, kind):
    address = url(board, board.visits, kind)
    assert client.get(address).status_code == 302  # signed out: sign in first
    client.force_login(factories.make_user("norole"))
    assert client.get(address).status_code == 404
    other = factories.make_plan(slug="elsewhere")
    client.force_login(factories.make_board_member("stranger", plans=[other]))
    assert client.get(address).status_code == 404
    another = reverse(f"dashboard:measure_figures_{kind}", args=["elsewhere", board.visits.pk])
    assert client.get(another).status_code == 404  # not a measure of that plan
    client.force_login(factories.make_manager("reader", areas=[board.other_area]))
    assert client.get(address).status_code == 200


def test_the_links_name_the_file_types_and_the_spc_columns(board, board_client):
    html = render_to_string(
        "dashboard/_measure_downloads.html",
        {"plan": board.plan, "measure": board.visits, "period": board.december},
    )
    assert url(board, board.visits, "csv") in html
    assert url(board, board.visits, "xlsx") in html
    assert "CSV file" in html
    assert "Excel file (.xlsx)" in html
    assert "mean, process limits, special cause" in html


def scorecard_sheet(summaries, period):
    workbook = exports.scorecard_xlsx(summaries, period)
    header, *rows = openpyxl.load_workbook(io.BytesIO(workbook))["Scorecard"].values
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_scorecard_workbook_gives_each_measures_readings(board):
    summaries = plan_scorecard(board.plan, board.december, readings=True)
    rows = {row["Measure"]: row for row in scorecard_sheet(summaries, board.december)}
    visits = rows["Visits on time"]
    assert visits["Variation"] == "Special cause, improving: 7 months in a row above the mean"
    assert visits["Assurance"].startswith("Consistently failing")
    assert rows["Re-referrals"]["Variation"].startswith("Not enough months")


def test_the_scorecard_workbook_read_without_readings_has_no_empty_columns(board):
    rows = scorecard_sheet(plan_scorecard(board.plan, board.december), board.december)
    assert "Variation" not in rows[0]
    assert rows[0]["Trend"]
