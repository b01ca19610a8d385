"""RAG at a glance: every area's RAG, counts, overdue actions and what moved."""

import datetime
import re

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
    changed = page_text(section(content, "Measures that changed RAG", 'id="board-pack-link"'))

    assert "since November 2020" in changed
    # Beside each move of RAG, whether the figures show a real change (SPC).
    assert (
        "Visits on time Early Help Green Red Special cause, improving: 7 months in a row above "
        "the mean 84% 6 percentage points below target"
    ) in changed
    assert (
        "Children in need Early Help Amber Red Special cause, concerning: the latest month is "
        "above the upper process limit 538 38 children above target"
    ) in changed
    assert "Foster carers approved" not in changed  # Green both months
    assert changed.index("Visits on time") < changed.index("Children in need")
    # Green in November, no figure in December (the outage is explained): not a change of RAG.
    assert "Re-referrals" not in changed
    assert "awaiting figures" not in changed  # its reason is given: it is not awaited


def test_the_period_picker_shows_an_earlier_month(board, board_client):
    content = board_client.get(glance_url(board, period="2020-11")).content.decode()

    assert "RAG at a glance: November 2020" in page_text(content)
    # November: Visits Green (90 against 90), Children in need Amber, Re-referrals Green.
    assert table_row(content, 'data-area="Early Help"').endswith("0 1 2 0 0")
    assert '<option value="2020-11" selected>' in content


def test_an_unknown_period_is_not_found_and_no_other_month_is_shown(board, board_client):
    response = board_client.get(glance_url(board, period="2031-01"))

    assert response.status_code == 404
    text = page_text(response.content)
    assert "There is no reporting period for January 2031" in text
    assert "RAG at a glance: December 2020" not in text


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


@pytest.fixture
def august_awaited(plan, periods, area, other_area):
    """July 2020 has every figure and each area's RAG; August has opened with none yet.

    Early Help: Visits Green (92 against 90), Plans Amber (86 against 90), Caseloads Red
    (30 against 20 or fewer) in July, and action 1.1 overdue since June. Fostering: Carers
    Green (12 against 10) and Panels Green in July."""
    july = periods[6]
    for name, value, target, direction in [
        ("Visits on time", 92, 90, "higher"),
        ("Plans on time", 86, 90, "higher"),
        ("Caseloads", 30, 20, "lower"),
    ]:
        measure = factories.make_measure(area, name, target=target, direction=direction)
        factories.make_actual(measure, july, value)
    for name in ("Carers approved", "Panels held"):
        measure = factories.make_measure(other_area, name, unit="count", target=10)
        factories.make_actual(measure, july, 12)
    factories.make_action(area, "Audit", reference="1.1", target_date=datetime.date(2020, 6, 30))
    factories.make_report(area, july, current_rag="red", suggested_rag="red")
    factories.make_report(other_area, july, current_rag="green", suggested_rag="green")
    return periods


def test_an_august_awaiting_figures_shows_no_arrows_and_no_suggested_colour(
    august_awaited, board_client
):
    content = board_client.get(glance_url(_Plan, period="2020-08")).content.decode()
    table = section(content, "app-glance-table", "</table>")

    for area in ("Early Help", "Fostering"):
        row = table_row(content, f'data-area="{area}"')
        assert row.startswith(f"{area} ") and "Awaiting figures – Not enough data" in row
    assert "▲" not in table and "▼" not in table and "►" not in table
    for col in ("suggested", "direction"):
        for cell in re.findall(rf'data-col="{col}">(.*?)</td>', table):
            assert "govuk-tag" not in cell  # words, not a coloured tag


def test_an_august_awaiting_figures_says_so_once_instead_of_rows_of_no_data(
    august_awaited, board_client
):
    content = board_client.get(glance_url(_Plan, period="2020-08")).content.decode()
    changed = page_text(section(content, "Measures that changed RAG", 'id="board-pack-link"'))

    assert changed.count("awaiting figures") == 1
    assert "5 measures awaiting figures for August 2020." in changed
    assert "No data" not in changed and "→" not in changed
    assert "No measure changed RAG since July 2020." in changed
    assert "See returns status" not in changed  # only admins chase returns


def test_an_admin_is_sent_to_returns_status_for_the_figures_awaited(august_awaited, admin_client):
    content = admin_client.get(glance_url(_Plan, period="2020-08")).content.decode()
    status = reverse("returns:status", args=["test-plan"])
    assert f'href="{status}?period=2020-08">See returns status</a>' in content


def test_july_with_its_figures_shows_what_the_data_suggests(august_awaited, board_client):
    content = board_client.get(glance_url(_Plan, period="2020-07")).content.decode()

    assert table_row(content, 'data-area="Early Help"').startswith(
        "Early Help Not set Red Red – Not enough data"  # no RAG for June to travel from
    )
    assert table_row(content, 'data-area="Fostering"').startswith("Fostering Not set Green Green")
    assert "awaiting figures" not in content


class _Plan:
    """glance_url's `board` for the plan the conftest's `plan` fixture makes."""

    class plan:
        slug = "test-plan"


def test_the_board_pack_for_august_awaits_figures_in_words_too(august_awaited, admin_client):
    url = reverse("dashboard:board_pack", args=["test-plan"]) + "?period=2020-08"
    content = admin_client.get(url).content.decode()
    glance = section(content, 'id="at-a-glance"', "</section>")

    assert "▲" not in glance and "▼" not in glance
    assert page_text(glance).count("5 measures awaiting figures for August 2020.") == 1
    assert "Awaiting figures" in table_row(content, 'data-area="Early Help"')
    assert "No data" not in page_text(section(glance, "Measures that changed RAG"))
