"""Where the board looks (issue 14, req. 4): RAG at a glance, the area scorecard and the board
pack show each measure's SPC readings, as an icon with words, never colour alone, with a key.

The board fixture (conftest.py), December 2020, twelve months of figures:
- Visits on time (higher is better, target 90): special cause, improving (7 months in a row
  above the mean); the target is beyond the upper limit: consistently failing.
- Children in need (lower is better, target 500): special cause, concerning (December above
  the upper limit); hit and miss.
- Re-referrals: no figure in December, so 11 months: not enough to judge.
- Foster carers approved (Fostering): 12 every month: common cause; hit and miss.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from measures import spc_words
from measures.models import Actual, Rebase
from measures.scorecard import plan_scorecard
from tests import factories

from .helpers import page_text, section, table_row

pytestmark = pytest.mark.django_db


def get(client, name, board, *args):
    return client.get(reverse(f"dashboard:{name}", args=[board.plan.slug, *args])).content.decode()


def scorecard(client, board):
    return get(client, "scorecard", board, board.area.pk)


# --- the scorecard ------------------------------------------------------------------


def test_the_scorecard_shows_the_variation_reading_in_place_of_the_trend(board, board_client):
    content = scorecard(board_client, board)
    head = page_text(section(content, "<thead", "</thead>"))
    assert "RAG Trend / variation Assurance Last 12 periods" in head

    visits = table_row(content, ">Visits on time<")
    assert "Red Special cause, improving: 7 months in a row above the mean" in visits
    assert "Worsening" not in visits and "Improving" not in visits  # no month-on-month arrow
    children = table_row(content, ">Children in need<")
    assert "Special cause, concerning: the latest month is above the upper process limit" in (
        children
    )


def test_with_fewer_than_12_months_the_trend_stays_and_says_why(board, board_client):
    december = Actual.objects.filter(measure=board.rereferrals, period=board.periods[11])
    december.update(value=Decimal("30"), missing_reason="")  # Re-referrals rose in December
    Actual.objects.filter(measure=board.rereferrals, period=board.periods[0]).delete()
    content = scorecard(board_client, board)

    rereferrals = table_row(content, ">Re-referrals<")
    assert "▼ Worsening Not enough months to judge variation (11 of 12)" in rereferrals
    assert "Special cause" not in rereferrals and "Common cause" not in rereferrals


def test_the_assurance_column_says_whether_the_target_can_be_met(board, board_client):
    factories.make_measure(board.area, "Contacts", order=4)  # no target
    content = scorecard(board_client, board)

    assert (
        "Consistently failing: the target is outside the normal range, so no month will meet it"
        " without a change"
    ) in table_row(content, ">Visits on time<")
    assert "Hit and miss: the target is inside the normal range" in table_row(
        content, ">Children in need<"
    )
    assert "Not enough months to judge variation (11 of 12) – Trend:" in table_row(
        content, ">Re-referrals<"
    )  # a target, but too few months for a reading: a dash
    assert "No target" in table_row(content, ">Contacts<")


# --- RAG at a glance ------------------------------------------------------------------


def test_glance_counts_the_measures_by_reading(board, board_client):
    content = get(board_client, "at_a_glance", board)
    real = page_text(section(content, 'id="real-change-title"', "Measures showing special"))

    assert "Is it real change?" in real
    for words in [
        "1 measure: special cause, concerning",
        "1 measure: special cause, improving",
        "0 measures: special cause where neither direction is better",
        "1 measure: common cause, no real change",
        "1 measure: not enough months to judge",
        "1 measure: consistently failing the target",
        "2 measures: hit and miss",
        "0 measures: consistently passing the target",
        "1 measure without an assurance reading",
    ]:
        assert words in real, words


CHILDREN_ROW = (
    "Children in need Early Help 538 Red Special cause, concerning: the latest month is"
    " above the upper process limit Hit and miss: the target is inside the normal range"
)


def special_rows(content):
    listed = section(content, "Measures showing special cause", "</table>")
    listed = section(listed, "<tbody")
    return listed, [page_text(row) for row in re.findall(r"<tr .*?</tr>", listed, re.S)]


def test_glance_lists_the_measures_whose_special_cause_is_a_concern(board, board_client):
    content = get(board_client, "at_a_glance", board)
    listed, rows = special_rows(content)

    assert rows == [CHILDREN_ROW]  # improving ones are counted, and listed in the board pack
    assert "Measures showing special cause, concerning, in December 2020" in page_text(content)
    measure_url = reverse("dashboard:measure", args=[board.plan.slug, board.children.pk])
    assert f'href="{measure_url}?period=2020-12"' in listed


def test_the_board_pack_lists_the_concerning_ones_and_its_scorecards_every_reading(
    board, admin_client
):
    content = get(admin_client, "board_pack", board)
    _, rows = special_rows(content)
    assert rows == [CHILDREN_ROW]
    cards = page_text(section(content, 'id="scorecards"', 'id="overdue-actions"'))
    assert "Special cause, improving: 7 months in a row above the mean" in cards


def test_glance_says_when_no_measure_shows_special_cause(board, board_client):
    url = reverse("dashboard:at_a_glance", args=[board.plan.slug])
    content = board_client.get(url, {"period": "2020-03"}).content.decode()  # 3 months only

    assert "4 measures: not enough months to judge" in page_text(content)
    assert "No measure's latest month is special cause" in page_text(content)


# --- the board pack ---------------------------------------------------------------------


def test_the_board_pack_shows_the_readings_and_an_open_key(board, admin_client):
    content = get(admin_client, "board_pack", board)
    glance = section(content, 'id="at-a-glance"', 'id="exception-reports"')
    assert "Is it real change?" in page_text(glance)
    assert "1 measure: special cause, concerning" in page_text(glance)
    assert re.search(r"<details [^>]*data-spc-key open>", glance)  # printed open

    cards = section(content, 'id="scorecards"', 'id="overdue-actions"')
    assert "Trend / variation Assurance" in page_text(section(cards, "<thead", "</thead>"))
    assert "Red Special cause, improving: 7 months in a row above the mean" in table_row(
        cards, ">Visits on time<"
    )


# --- never colour alone; the key on every page ------------------------------------------


@pytest.mark.parametrize("page", ["at_a_glance", "scorecard", "board_pack"])
def test_icons_are_hidden_from_screen_readers_and_the_words_say_it(page, board, request):
    args = [board.area.pk] if page == "scorecard" else []
    reader = "admin_client" if page == "board_pack" else "board_client"  # the live pack: admins
    content = get(request.getfixturevalue(reader), page, board, *args)

    icons = re.findall(r'<svg class="app-spc-icon[^>]*>', content)
    assert icons
    assert all('aria-hidden="true"' in icon and 'focusable="false"' in icon for icon in icons)
    readings = re.findall(r'<span class="app-spc">(.*?)</span></span>', content, re.S)
    assert readings and all(page_text(reading) for reading in readings)  # words with each
    assert "How to read the variation and assurance readings" in content  # the key


# --- the readings read every figure to the period ---------------------------------------


def test_the_readings_are_those_of_every_figure_to_the_period(board):
    """A month with no row at all, a rebase, and a period before the latest: the scorecard's
    readings are those of the measure's figures read one by one."""
    Actual.objects.filter(measure=board.visits, period=board.periods[2]).delete()
    Rebase.objects.create(measure=board.children, period=board.periods[3], reason="New front door")
    november = board.periods[10]
    [summary] = plan_scorecard(board.plan, november, area_ids=[board.area.pk], readings=True)
    months = [p.month for p in board.periods[:11]]

    for row in summary.measures:
        figures = dict(
            Actual.objects.filter(measure=row.measure).values_list("period__month", "value")
        )
        rebases = list(row.measure.rebases.values_list("period__month", flat=True))
        expected = spc_words.read(
            [figures.get(month) for month in months],
            months,
            better=row.measure.better,
            target=row.target.value if row.target else None,
            rebase_months=rebases,
        )
        reading = row.reading
        assert reading.months == tuple(months)
        assert reading.chart == expected.chart
        assert (reading.variation_text, reading.assurance_text) == (
            expected.variation_text,
            expected.assurance_text,
        )
    visits = next(row.reading for row in summary.measures if row.measure == board.visits)
    assert visits.chart.left_out == (2,)
    children = next(row.reading for row in summary.measures if row.measure == board.children)
    assert children.rebased_from == datetime.date(2020, 4, 1) and children.size == 8


def test_readings_do_not_depend_on_the_order_periods_were_made_in(plan, area):
    """Periods added latest first: their ids run against the months."""
    periods = [
        factories.make_periods(plan, first=datetime.date(2021, 12 - i, 1), count=1)[0]
        for i in range(12)
    ][::-1]
    measure = factories.make_measure(area, "Visits", target=90)
    values = [70, 72, 74, 76, 78, 81, 84, 85, 86, 88, 90, 84]
    for period, value in zip(periods, values, strict=True):
        factories.make_actual(measure, period, value)
    [summary] = plan_scorecard(plan, periods[-1], readings=True)
    reading = summary.measures[0].reading

    assert [p.value for p in reading.chart.points] == values
    assert reading.variation_text == "Special cause, improving: 7 months in a row above the mean"
    assert reading.chart.points[0].mean == pytest.approx(float(sum(map(Decimal, values)) / 12))
