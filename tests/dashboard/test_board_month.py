"""The board's month: which month the board's pages open on, and what a month that does not
exist gets.

The board fixture's December 2020 has a submitted return. Without ?period= the board's pages
open on the latest month that is locked or has a submitted return, and say why; a measure's
page opens on the latest month with a figure for it.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from improvement.models import ReportingPeriod
from measures.models import Actual
from tests import factories

from .helpers import page_text

pytestmark = pytest.mark.django_db

BOARD_PAGES = ["at_a_glance", "board_pack", "tracker", "recommendations"]


@pytest.fixture
def admin_reader(board):
    """An admin of the plan, in a client of their own: the live board pack is their preview."""
    reader = Client()
    reader.force_login(factories.make_admin("pack-previewer", plans=[board.plan]))
    return reader


def reader_of(name, board_client, admin_reader):
    return admin_reader if name == "board_pack" else board_client


def url(board, name, *args):
    return reverse(f"dashboard:{name}", args=[board.plan.slug, *args])


def board_urls(board):
    return [url(board, name) for name in BOARD_PAGES] + [url(board, "scorecard", board.area.pk)]


def picker_says(content):
    hint = content.split('id="period-picker-hint"', 1)[1].split(">", 1)[1]
    return page_text(hint.split("</div>", 1)[0])


def test_every_board_page_opens_on_the_latest_month_with_submitted_returns(
    board, board_client, admin_reader
):
    # January 2021 has begun but nothing is submitted for it yet.
    factories.make_periods(board.plan, first=datetime.date(2021, 1, 1), count=1)
    board_pack = url(board, "board_pack")
    for address in board_urls(board):
        reader = admin_reader if address == board_pack else board_client
        content = reader.get(address).content.decode()
        assert '<option value="2020-12" selected>' in content, address
        assert picker_says(content) == (
            "Showing December 2020, the latest month with submitted returns. "
            "January 2021 returns are still being completed."
        ), address


def test_a_month_still_being_completed_is_not_the_boards(board, board_client):
    # December's returns are sent back to drafts: November, whose return is submitted, is shown.
    board.area.reports.filter(period=board.december).update(status="draft")
    board.area.reports.filter(period=board.november).update(status="submitted")
    content = board_client.get(url(board, "at_a_glance")).content.decode()
    assert "RAG at a glance: November 2020" in page_text(content)
    assert picker_says(content) == (
        "Showing November 2020, the latest month with submitted returns. "
        "December 2020 returns are still being completed."
    )


def test_a_locked_month_is_the_boards_and_the_picker_says_so(board, admin_reader):
    board.area.reports.update(status="draft")
    ReportingPeriod.objects.filter(pk=board.periods[8].pk).update(status="locked")
    content = admin_reader.get(url(board, "board_pack")).content.decode()
    assert "Board pack preview: September 2020" in page_text(content)
    assert picker_says(content).startswith("Showing September 2020, the latest locked month.")
    assert "October 2020, November 2020 and December 2020 returns are still being completed." in (
        picker_says(content)
    )


def test_with_nothing_submitted_or_locked_the_latest_month_that_has_begun(board, board_client):
    board.area.reports.update(status="draft")
    content = board_client.get(url(board, "tracker")).content.decode()
    assert "Action tracker: December 2020" in page_text(content)
    assert picker_says(content).startswith("Showing December 2020, the latest month that has begun")


def test_a_month_asked_for_is_shown_without_a_reason(board, board_client):
    content = board_client.get(url(board, "at_a_glance"), {"period": "2020-05"}).content.decode()
    assert "RAG at a glance: May 2020" in page_text(content)
    assert 'id="period-picker-hint"' not in content


def test_a_measure_opens_on_the_latest_month_with_its_figure(board, board_client):
    # Re-referrals has no figure for December 2020: its page opens on November.
    content = board_client.get(url(board, "measure", board.rereferrals.pk)).content.decode()
    assert '<option value="2020-11" selected>' in content
    assert picker_says(content) == (
        "Showing November 2020, the latest month with a figure for this measure."
    )
    # A figure entered for a month not yet submitted still opens the measure there.
    january = factories.make_periods(board.plan, first=datetime.date(2021, 1, 1), count=1)[0]
    factories.make_actual(board.visits, january, 91)
    content = board_client.get(url(board, "measure", board.visits.pk)).content.decode()
    assert '<option value="2021-01" selected>' in content


@pytest.mark.parametrize(
    "name", ["at_a_glance", "board_pack", "board_pack_xlsx", "tracker", "recommendations"]
)
def test_a_month_with_no_period_is_a_page_offering_the_nearest(
    board, board_client, admin_reader, name
):
    reader = reader_of(name, board_client, admin_reader)
    response = reader.get(url(board, name), {"period": "2031-01"})

    assert response.status_code == 404
    content = response.content.decode()
    text = page_text(content)
    assert "There is no reporting period for January 2031" in text
    assert "No other month has been shown in its place." in text
    assert "govuk-header" in content  # the product's layout
    nearest = page_text(content.split('id="nearest-periods"')[1].split("</ul>")[0])
    assert nearest == (
        "> December 2020 , the nearest month before December 2020 , the board's latest month"
    )
    assert f'href="{url(board, name)}?period=2020-12"' in content


def test_the_nearest_periods_either_side_and_the_filters_kept(board, board_client):
    june = board.plan.periods.filter(month__month=6)  # June 2020 missing from the plan
    Actual.objects.filter(period__in=june).delete()
    june.delete()
    address = url(board, "tracker")
    response = board_client.get(address, {"period": "2020-06", "area": board.area.pk})
    assert response.status_code == 404
    content = response.content.decode()
    for month in ("2020-05", "2020-07", "2020-12"):
        assert f'href="{address}?period={month}&amp;area={board.area.pk}"' in content
    nearest = page_text(content.split('id="nearest-periods"')[1].split("</ul>")[0])
    assert "May 2020 , the nearest month before" in nearest
    assert "July 2020 , the nearest month after" in nearest


def test_an_address_naming_no_month_is_not_found_and_says_what_was_asked(
    board, board_client, admin_reader
):
    board_pack = url(board, "board_pack")
    for address in [*board_urls(board), url(board, "measure", board.visits.pk)]:
        reader = admin_reader if address == board_pack else board_client
        response = reader.get(address, {"period": "<b>garbage</b>"})
        assert response.status_code == 404, address
        content = response.content.decode()
        assert "<b>garbage</b>" not in content
        assert "“<b>garbage</b>” is not a reporting period" in page_text(content)
        assert "December 2020 , the board's latest month" in page_text(content)


def test_a_measure_page_for_a_missing_month_is_not_found(board, board_client):
    response = board_client.get(url(board, "measure", board.visits.pk), {"period": "2019-12"})
    assert response.status_code == 404
    text = page_text(response.content)
    assert "There is no reporting period for December 2019" in text
    assert "January 2020 , the nearest month after" in text


def test_a_download_of_a_missing_month_offers_the_pages_of_the_nearest(board, board_client):
    address = url(board, "tracker")
    response = board_client.get(address, {"period": "2031-01", "_export": "csv"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert f'href="{address}?period=2020-12"' in response.content.decode()


def test_a_plan_with_no_periods_yet_still_lists_its_actions(board_client, board_user):
    plan = factories.make_plan(slug="just-imported")
    factories.make_member(board_user, plan)
    area = factories.make_area(plan, name="Early Help")
    factories.make_action(area, "Audit case files", reference="1.1")
    recommendation = factories.make_recommendation(plan, "1", text="Audit more.")
    area.actions.get().recommendations.add(recommendation)
    for name in ("tracker", "recommendations"):
        response = board_client.get(reverse(f"dashboard:{name}", args=[plan.slug]))
        assert response.status_code == 200
        text = page_text(response.content)
        assert "Audit case files" in text
        assert "this plan has no reporting periods yet" in text
        assert 'id="period-picker"' not in response.content.decode()
    glance = board_client.get(reverse("dashboard:at_a_glance", args=[plan.slug]))
    assert "No reporting periods yet" in page_text(glance.content)
