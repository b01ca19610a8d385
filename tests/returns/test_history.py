"""History pages: who changed what and when, for measures, actions and exception reports."""

import re

import pytest
from django.urls import reverse

from tests import factories

from .conftest import figures_post

pytestmark = pytest.mark.django_db


def entries(page):
    """The page's history entries, as plain text in page order (newest first)."""
    text = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", text)


def test_a_measure_shows_each_change_to_its_figures_with_who_and_when(
    manager_client, board_user, plan, period, area, percent_measure
):
    url = reverse("returns:figures", args=[plan.slug, period, area.pk])
    manager_client.post(url, figures_post([{"measure_id": percent_measure.pk, "value": "85"}]))
    manager_client.post(
        url,
        figures_post(
            [
                {
                    "measure_id": percent_measure.pk,
                    "value": "90",
                    "commentary": "Better",
                    "version": 1,
                }
            ]
        ),
    )
    history_url = reverse("returns:measure_history", args=[plan.slug, percent_measure.pk])
    manager_client.force_login(board_user)  # board members read the history too
    text = entries(manager_client.get(history_url).content.decode())
    assert "Figure for March 2020: changed By Sam Manager on" in text
    assert "Value 85% 90%" in text  # what, before, after
    assert "Commentary – Better" in text
    assert "Figure for March 2020: created By Sam Manager" in text
    assert text.index("changed By Sam Manager") < text.index("created By Sam Manager")


def test_an_action_shows_status_changes_and_progress_updates(manager_client, plan, period, action):
    url = reverse("returns:action_update", args=[plan.slug, action.pk]) + "?period=2020-03"
    manager_client.post(
        url,
        {"version": 1, "status": "complete", "progress": "All audits done.", "impact": ""},
    )
    text = entries(
        manager_client.get(
            reverse("returns:action_history", args=[plan.slug, action.pk])
        ).content.decode()
    )
    assert "Action 1.1: changed By Sam Manager" in text
    assert "Status In progress Complete" in text
    assert "Progress update for March 2020: created By Sam Manager" in text
    assert "Progress – All audits done." in text


def test_a_report_shows_it_was_submitted_and_returned(
    manager_client, client, admin_user, plan, period, area
):
    report = factories.make_report(area, period, status="submitted", current_rag="amber")
    client.force_login(admin_user)
    client.post(
        reverse("returns:report_return", args=[plan.slug, period, area.pk]),
        {"version": report.version, "comment": "Add the audit evidence"},
    )
    text = entries(
        client.get(
            reverse("returns:report_history", args=[plan.slug, period, area.pk])
        ).content.decode()
    )
    assert "Exception report: changed By Ada Admin" in text
    assert "Status Submitted Returned for changes" in text
    assert "Return comment – Add the audit evidence" in text
    assert "Exception report: created By System (import or command)" in text


def test_a_record_without_history_says_so(board_client, plan, period, area):
    page = board_client.get(
        reverse("returns:report_history", args=[plan.slug, period, area.pk])
    ).content.decode()
    assert "No changes have been recorded yet." in page
