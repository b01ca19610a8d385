"""Updating an action: status, progress, impact and evidence, kept as dated entries."""

import datetime

import pytest
from django.urls import reverse

from improvement.models import ActionUpdate
from tests import factories
from tests.dashboard.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(plan, action, period):
    return reverse("returns:action_update", args=[plan.slug, action.pk]) + "?period=2020-03"


def update(**extra):
    data = {
        "version": 1,
        "status": "in_progress",
        "progress": "Supervision audit for Q1 finished: 40 files read.",
        "impact": "Managers now record reflective discussion.",
        "evidence": "Q1 audit report",
        "evidence_url": "https://intranet.example.org/audits/q1",
    }
    return data | extra


def test_the_page_shows_the_action_and_the_period(manager_client, url):
    page = manager_client.get(url).content.decode()
    assert "Update action 1.1" in page
    assert "Audit supervision quality every quarter" in page
    assert "Your update for March 2020" in page
    assert "No updates yet." in page


def test_an_update_is_saved_with_its_period_author_and_status(
    manager_client, manager_user, url, action, period
):
    response = manager_client.post(url, update(status="at_risk"))
    assert response.status_code == 302
    entry = ActionUpdate.objects.get(action=action)
    assert entry.period == period
    assert entry.author == manager_user
    assert entry.status == "at_risk"
    assert entry.evidence_url == "https://intranet.example.org/audits/q1"
    action.refresh_from_db()
    assert action.status == "at_risk"
    assert action.version == 2
    assert action.history.first().history_user == manager_user
    page = manager_client.get(response["Location"]).content.decode()
    assert "Action 1.1: your update for March 2020 is saved" in page


def test_each_update_is_kept_not_overwritten(manager_client, url, action):
    manager_client.post(url, update(progress="First: audit planned."))
    manager_client.post(url, update(version=2, progress="Second: audit done.", status="complete"))
    assert ActionUpdate.objects.filter(action=action).count() == 2
    page = manager_client.get(url).content.decode()
    assert "First: audit planned." in page
    assert "Second: audit done." in page
    assert page.index("Second: audit done.") < page.index("First: audit planned.")  # newest first


def test_progress_is_required_and_the_rest_is_kept(manager_client, url, action):
    page = manager_client.post(url, update(progress="")).content.decode()
    assert "Enter the progress made this period" in page
    assert 'href="#id_progress"' in page
    assert "Managers now record reflective discussion." in page
    assert not ActionUpdate.objects.exists()


def test_the_evidence_link_must_be_a_web_address(manager_client, url):
    page = manager_client.post(url, update(evidence_url="not a link")).content.decode()
    assert "Enter a web address, like https://example.org/report" in page
    assert 'value="not a link"' in page
    assert not ActionUpdate.objects.exists()


def test_another_areas_manager_cannot_update_the_action(other_manager_client, url):
    assert other_manager_client.post(url, update()).status_code == 403
    assert not ActionUpdate.objects.exists()


def test_my_returns_counts_the_action_as_updated(manager_client, plan, url, period):
    manager_client.post(url, update())
    page = manager_client.get(
        reverse("returns:my_returns", args=[plan.slug]) + "?period=2020-03"
    ).content.decode()
    assert "1 of 1 open actions updated this period" in page


def test_the_brag_is_judged_at_the_end_of_the_period_being_updated(
    manager_client, plan, periods, action
):
    """Due 31 December 2020: on the board's pages for March 2020 it is Green, for 2020's
    December returns too (due that day), and overdue only from January 2021; the form for
    each month's return says the same, not what it would be today."""
    base = reverse("returns:action_update", args=[plan.slug, action.pk])

    def status_now(month):
        content = manager_client.get(f"{base}?period={month}").content.decode()
        row = content[content.index("Status now") :]
        return page_text(row[: row.index("</div>")])

    assert status_now("2020-03") == (
        "Status now In progress Green BRAG as at 31 March 2020, the end of March 2020 "
        "or today if earlier."
    )
    assert status_now("2020-12").startswith("Status now In progress Green BRAG as at 31 December")
    factories.make_periods(plan, first=datetime.date(2021, 1, 1), count=1)
    assert status_now("2021-01").startswith(
        "Status now In progress Red Overdue BRAG as at 31 January 2021"
    )
