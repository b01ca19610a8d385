"""My returns: where a service manager lands, with what is still to do for the period."""

import datetime

import pytest
from django.urls import reverse

from improvement.models import ActionUpdate
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(plan):
    return reverse("returns:my_returns", args=[plan.slug]) + "?period=2020-03"


def test_a_manager_lands_on_my_returns_after_signing_in(client, plan, periods, manager_user, area):
    response = client.post(
        reverse("login"),
        {"username": manager_user.username, "password": factories.PASSWORD},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("returns:my_returns", args=[plan.slug])
    assert "My returns for December 2020" in page  # the latest open period
    assert "Returns for December 2020 are due by <strong>Sunday 10 January 2021</strong>" in page


def test_the_current_period_is_the_latest_open_one(manager_client, plan, periods, area):
    for later in periods[3:]:
        later.delete()
    periods[2].lock(None)
    page = manager_client.get(reverse("returns:my_returns", args=[plan.slug])).content.decode()
    assert "My returns for February 2020" in page


def test_it_lists_only_the_managers_areas_with_what_is_still_to_do(
    manager_client, url, area, other_area, percent_measure, count_measure, action, period
):
    factories.make_actual(count_measure, period, 12)
    page = manager_client.get(url).content.decode()
    assert "Early Help" in page
    assert "Fostering" not in page
    assert (
        "Still to do: 1 measure without a value, 1 action not updated this period, "
        "exception report not submitted." in page
    )
    assert "1 of 2 entered" in page
    assert "Assessments completed in 45 days" in page  # the measure still to do
    assert "Update action 1.1" in page
    assert reverse("returns:figures", args=["test-plan", period, area.pk]) in page
    assert reverse("returns:report", args=["test-plan", period, area.pk]) in page


def test_when_everything_is_done_it_says_so(
    manager_client, url, area, percent_measure, action, period
):
    factories.make_actual(percent_measure, period, 85)
    ActionUpdate.objects.create(action=action, period=period, status="in_progress")
    factories.make_report(area, period, status="submitted")
    page = manager_client.get(url).content.decode()
    assert "Everything for March 2020 is done." in page
    assert ">Complete<" in page


def test_a_submitted_report_does_not_make_the_return_complete(
    manager_client, url, area, percent_measure, action, period
):
    period.deadline = datetime.date.today() + datetime.timedelta(days=5)
    period.save()
    factories.make_actual(percent_measure, period, 85)
    factories.make_report(area, period, status="submitted")
    page = manager_client.get(url).content.decode()
    assert ">Report submitted<" in page
    assert "Still to do: 1 action not updated this period." in page
    assert "Everything for March 2020 is done." not in page
    assert ">Complete<" not in page


def test_completed_actions_and_explained_gaps_are_not_to_do(
    manager_client, url, area, percent_measure, period
):
    factories.make_action(area, status="complete")
    factories.make_actual(percent_measure, period, None, missing_reason="Not published yet")
    page = manager_client.get(url).content.decode()
    assert "Still to do: exception report not submitted." in page


def test_a_late_return_is_marked_late(manager_client, url, area, period):
    page = manager_client.get(url).content.decode()  # deadline 10 April 2020 has passed
    assert 'govuk-tag--red">Late<' in page


def test_before_the_deadline_an_untouched_return_is_not_started(manager_client, url, area, period):
    period.deadline = datetime.date.today() + datetime.timedelta(days=5)
    period.save()
    page = manager_client.get(url).content.decode()
    assert ">Not started<" in page


def test_a_manager_without_areas_is_told_to_ask_an_admin(client, plan, periods):
    """Managing no area of any plan, they belong to no plan: the start page says whom to ask
    and the plan's returns are not found."""
    client.force_login(factories.make_manager("lonely"))
    page = client.get(reverse("home")).content.decode()
    assert "You do not have a plan to open yet" in page
    assert "Ask your council's performance team" in page
    assert client.get(reverse("returns:my_returns", args=[plan.slug])).status_code == 404


def test_an_unknown_period_is_not_found(manager_client, plan, periods):
    url = reverse("returns:my_returns", args=[plan.slug]) + "?period=2031-01"
    assert manager_client.get(url).status_code == 404
