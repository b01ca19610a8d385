"""The exception report: previous, suggested and current RAG; draft, submit, return."""

import pytest
from django.urls import reverse

from exceptions.models import ExceptionReport
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(plan, period, area):
    return reverse("returns:report", args=[plan.slug, period, area.pk])


@pytest.fixture
def red_figure(percent_measure, period):
    """70% against a target of 80%: the data suggests Red."""
    return factories.make_actual(percent_measure, period, 70)


@pytest.fixture
def last_months_report(area, periods):
    return factories.make_report(area, periods[1], current_rag="amber", status="submitted")


def report(**extra):
    data = {
        "version": 0,
        "intent": "draft",
        "key_developments": "New practice model launched.",
        "key_risks": "Agency staff turnover.",
        "progress": "Assessments on time rose to 70%.",
        "risks": "Recruitment is slow.",
        "evidence": "Monthly performance report",
        "current_rag": "red",
        "reason": "",
    }
    return data | extra


def test_it_shows_last_periods_rag_and_the_suggested_rag_with_its_drivers(
    manager_client, url, red_figure, last_months_report
):
    page = manager_client.get(url).content.decode()
    previous = page.index("Previous RAG (last period)")
    suggested = page.index("Suggested by the data")
    assert "rag-amber" in page[previous:suggested]
    assert "rag-red" in page[suggested:]
    assert "Measure: Assessments completed in 45 days" in page


def test_a_draft_is_saved_with_the_rags_of_the_moment(
    manager_client, manager_user, url, area, period, red_figure, last_months_report
):
    response = manager_client.post(url, report())
    assert response.status_code == 302
    saved = ExceptionReport.objects.get(area=area, period=period)
    assert saved.status == "draft"
    assert saved.previous_rag == "amber"
    assert saved.suggested_rag == "red"
    assert saved.current_rag == "red"
    assert saved.updated_by == manager_user
    page = manager_client.get(response["Location"]).content.decode()
    assert "draft exception report saved" in page
    assert "New practice model launched." in page


def test_a_rag_different_from_the_suggestion_needs_a_reason(
    manager_client, url, area, period, red_figure
):
    page = manager_client.post(url, report(current_rag="green")).content.decode()
    assert "Explain why your RAG (Green) differs from the one the data suggests (Red)" in page
    assert 'href="#id_reason"' in page
    assert "New practice model launched." in page  # typed text kept
    assert not ExceptionReport.objects.exists()

    response = manager_client.post(
        url, report(current_rag="green", reason="The dip is one month's sickness")
    )
    assert response.status_code == 302
    assert ExceptionReport.objects.get().reason == "The dip is one month's sickness"


def test_submitting_needs_the_main_parts(manager_client, url, red_figure):
    page = manager_client.post(
        url, report(intent="submit", key_developments="", current_rag="")
    ).content.decode()
    assert "Enter the key developments this period" in page
    assert "Choose the RAG you judge this area to be this period" in page
    assert 'href="#id_current_rag_0"' in page
    assert not ExceptionReport.objects.exists()


def test_a_submitted_report_is_marked_submitted_by_its_manager(
    manager_client, manager_user, url, plan, red_figure
):
    response = manager_client.post(url, report(intent="submit"))
    assert response.status_code == 302
    saved = ExceptionReport.objects.get()
    assert saved.status == "submitted"
    assert saved.submitted_by == manager_user
    page = manager_client.get(response["Location"]).content.decode()
    assert "Early Help: exception report submitted" in page


def test_an_admin_returns_a_report_with_a_comment_the_manager_sees(
    client, admin_user, manager_user, url, plan, period, area, red_figure
):
    client.force_login(manager_user)
    client.post(url, report(intent="submit"))
    client.force_login(admin_user)
    page = client.get(url).content.decode()
    assert "Return for changes" in page
    return_url = reverse("returns:report_return", args=[plan.slug, period, area.pk])

    page = client.post(return_url, {"version": 1, "comment": ""}).content.decode()
    assert "Enter what the manager needs to change" in page
    assert ExceptionReport.objects.get().status == "submitted"

    response = client.post(
        return_url, {"version": 1, "comment": "Say what the recovery plan is for allocations."}
    )
    assert response.status_code == 302
    assert ExceptionReport.objects.get().status == "returned"

    client.force_login(manager_user)
    page = client.get(url).content.decode()
    assert "Returned for changes" in page
    assert "Say what the recovery plan is for allocations." in page
    my_returns = client.get(
        reverse("returns:my_returns", args=[plan.slug]) + "?period=2020-03"
    ).content.decode()
    assert "Returned for changes: Say what the recovery plan is for allocations." in my_returns

    client.post(url, report(intent="submit", version=2))
    assert ExceptionReport.objects.get().status == "submitted"


def test_managers_cannot_return_reports(manager_client, plan, period, area):
    factories.make_report(area, period, status="submitted")
    return_url = reverse("returns:report_return", args=[plan.slug, period, area.pk])
    response = manager_client.post(return_url, {"version": 1, "comment": "No"})
    assert response.status_code == 403
    assert ExceptionReport.objects.get().status == "submitted"


def test_changing_a_submitted_report_takes_it_back_to_draft(manager_client, url, red_figure):
    manager_client.post(url, report(intent="submit"))
    manager_client.post(url, report(version=1, key_risks="Also: court delays."))
    saved = ExceptionReport.objects.get()
    assert saved.status == "draft"
    assert saved.key_risks == "Also: court delays."
