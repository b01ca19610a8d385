"""Recommendations: where the plan stands on each thing Ofsted (and others) asked."""

import pytest
from django.urls import reverse

from .helpers import page_text, section, table_row

pytestmark = pytest.mark.django_db


def page(client, board):
    return client.get(reverse("dashboard:recommendations", args=[board.plan.slug])).content.decode()


def test_each_recommendation_shows_complete_overdue_and_worst_brag(board, board_client):
    content = page(board_client, board)

    assert table_row(content, 'data-recommendation="1"') == (
        "1 : Improve the quality of assessments. 2 1 of 2 1 overdue Red"
    )
    # Judged at 31 December 2020, the end of the board's month: 2.2 (due June 2021) is not
    # overdue yet, 2.1 (due in ten days' time from today) not yet close.
    assert table_row(content, 'data-recommendation="2"') == (
        "2 : Ensure enough foster carers are recruited. 2 0 of 2 None overdue Green"
    )
    assert table_row(content, 'data-recommendation="SPR 1"') == (
        "SPR 1 : Share information across agencies. 0 0 of 0 None overdue No actions linked"
    )


def test_it_opens_on_the_boards_month_and_says_when_actions_are_judged(board, board_client):
    text = page_text(page(board_client, board))
    assert "Recommendations: December 2020" in text
    assert "BRAG and overdue are judged as at 31 December 2020" in text
    assert "Showing December 2020, the latest month with submitted returns." in text


def test_an_earlier_month_judges_the_actions_at_its_end(board, board_client):
    url = reverse("dashboard:recommendations", args=[board.plan.slug])
    content = board_client.get(url, {"period": "2020-10"}).content.decode()
    assert "judged as at 31 October 2020" in page_text(content)
    # At the end of October 1.1 (due 30 November) was not yet overdue.
    assert table_row(content, 'data-recommendation="1"') == (
        "1 : Improve the quality of assessments. 2 1 of 2 None overdue Green"
    )
    rec = board.recommendations["1"]
    tracker = reverse("dashboard:tracker", args=[board.plan.slug])
    assert f'href="{tracker}?recommendation={rec.pk}&amp;period=2020-10"' in content


def test_recommendations_are_grouped_by_source(board, board_client):
    text = page_text(page(board_client, board))
    assert text.index("Ofsted inspection") < text.index("Safeguarding practice review")


def test_each_recommendation_lists_its_actions_with_brag(board, board_client):
    content = page(board_client, board)
    rec = board.recommendations["1"]
    detail = page_text(section(content, f'id="rec-{rec.pk}"', "</section>"))

    assert "1 of 2 actions complete , 1 overdue ." in detail
    # The one action row every table of actions shows (templates/includes/action_rows.html).
    assert "1.1 Early Help Audit case files Red 30 Nov 2020 Overdue In progress" in detail
    assert "1.2 Early Help Train family workers Blue 01 Oct 2020 Complete" in detail
    assert "Recruit foster carers" not in detail


def test_each_recommendation_links_to_its_actions_in_the_tracker(board, board_client):
    content = page(board_client, board)
    rec = board.recommendations["2"]
    tracker = reverse("dashboard:tracker", args=[board.plan.slug])
    assert f'href="{tracker}?recommendation={rec.pk}"' in content


def test_all_complete_shows_blue(board, board_client):
    for ref in ("1.1",):
        action = board.actions[ref]
        action.status = "complete"
        action.save()
    content = page(board_client, board)
    assert table_row(content, 'data-recommendation="1"') == (
        "1 : Improve the quality of assessments. 2 2 of 2 None overdue Blue"
    )
