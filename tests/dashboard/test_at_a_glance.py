"""RAG at a glance: every area's RAG, counts, overdue actions and what moved."""

import pytest
from django.urls import reverse

from tests import factories

from .helpers import page_text, section, table_row

pytestmark = pytest.mark.django_db


def glance_url(board, **query):
    url = reverse("dashboard:at_a_glance", args=[board.plan.slug])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_it_shows_the_latest_period_by_default(board, board_client):
    response = board_client.get(glance_url(board))
    assert response.status_code == 200
    assert "RAG at a glance: December 2020" in page_text(response.content)


def test_each_area_shows_previous_current_suggested_rag_and_direction(board, board_client):
    content = board_client.get(glance_url(board)).content.decode()

    early_help = table_row(content, 'data-area="Early Help"')
    assert early_help.startswith("Early Help Amber Red Red ▼ Worsening")
    fostering = table_row(content, 'data-area="Fostering"')
    assert fostering.startswith("Fostering Green Green Green ► No change")


def test_each_area_counts_red_amber_green_no_data_and_overdue(board, board_client):
    content = board_client.get(glance_url(board)).content.decode()

    # Early Help: Visits Red, Children in need Red, Re-referrals no data; action 1.1 overdue.
    assert table_row(content, 'data-area="Early Help"').endswith("2 0 0 1 1")
    assert table_row(content, 'data-area="Fostering"').endswith("0 0 1 0 0")
    text = page_text(content)
    assert "2 service areas 1 Red 0 Amber 1 Green 0 not yet rated this period" in text
    assert "1 overdue actions" in text


def test_rag_is_labelled_and_the_key_is_shown(board, board_client):
    content = board_client.get(glance_url(board)).content.decode()
    assert 'class="govuk-tag rag-tag govuk-tag--red rag-red">Red</strong>' in content
    assert 'aria-label="RAG key"' in content


def test_measures_that_changed_rag_are_listed_worst_first(board, board_client):
    content = board_client.get(glance_url(board)).content.decode()
    changed = page_text(section(content, "Measures that changed RAG", "Board pack for"))

    assert "since November 2020" in changed
    assert "Visits on time Early Help Green Red 84% 6 percentage points below target" in changed
    assert "Children in need Early Help Amber Red 538 38 children above target" in changed
    assert "Re-referrals Early Help Green No data" in changed
    assert "Foster carers approved" not in changed  # Green both months
    assert changed.index("Visits on time") < changed.index("Re-referrals")


def test_the_period_picker_shows_an_earlier_month(board, board_client):
    content = board_client.get(glance_url(board, period="2020-11")).content.decode()

    assert "RAG at a glance: November 2020" in page_text(content)
    # November: Visits Green (90 against 90), Children in need Amber, Re-referrals Green.
    assert table_row(content, 'data-area="Early Help"').endswith("0 1 2 0 0")
    assert '<option value="2020-11" selected>' in content


def test_an_unknown_period_falls_back_to_the_latest_and_says_so(board, board_client):
    content = board_client.get(glance_url(board, period="2031-01")).content.decode()

    assert "RAG at a glance: December 2020" in page_text(content)
    assert "There is no reporting period for that month" in content


def test_each_area_is_one_click_away(board, board_client):
    content = board_client.get(glance_url(board)).content.decode()
    url = reverse("dashboard:scorecard", args=[board.plan.slug, board.area.pk])
    assert f'href="{url}?period=2020-12"' in content


def test_an_area_without_a_report_is_shown_as_not_yet_rated(board, board_client):
    factories.make_area(board.plan, name="Adoption", order=3)
    content = board_client.get(glance_url(board)).content.decode()
    assert table_row(content, 'data-area="Adoption"').startswith(
        "Adoption Not set No report yet No data"
    )
    assert "1 not yet rated this period" in page_text(content)


def test_a_plan_without_periods_says_there_is_nothing_yet(board_client, board_user):
    plan = factories.make_plan(slug="empty")
    factories.make_member(board_user, plan)
    response = board_client.get(reverse("dashboard:at_a_glance", args=[plan.slug]))
    assert response.status_code == 200
    assert "No reporting periods yet" in page_text(response.content)
