"""Returns status: admins see which areas have submitted, are in progress or are late."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(plan):
    return reverse("returns:status", args=[plan.slug]) + "?period=2020-03"


def row(page, area):
    start = page.index(f'id="status-area-{area.pk}"')
    return page[start : page.index("</tr>", start)]


def test_it_shows_each_areas_return_and_the_totals(
    admin_client, url, plan, period, area, other_area, manager_user, percent_measure
):
    third = factories.make_area(plan, name="Adoption", order=3)
    period.deadline = datetime.date.today() + datetime.timedelta(days=3)
    period.save()
    factories.make_report(area, period, status="submitted")
    factories.make_actual(percent_measure, period, 85)
    factories.make_report(other_area, period, status="draft")
    page = admin_client.get(url).content.decode()
    assert "Returns status for March 2020" in page
    early_help = row(page, area)
    assert "Sam Manager" in early_help
    assert "1 of 1" in early_help
    assert ">Submitted<" in early_help
    assert ">In progress<" in row(page, other_area)
    assert "No manager assigned" in row(page, other_area)
    assert ">Not started<" in row(page, third)
    assert ">Submitted</strong> 1 area" in page
    assert ">In progress</strong> 1 area" in page


def test_after_the_deadline_unsubmitted_returns_are_late(
    admin_client, url, area, other_area, period
):
    factories.make_report(other_area, period, status="draft")
    page = admin_client.get(url).content.decode()  # the deadline, 10 April 2020, has passed
    assert ">Late<" in row(page, area)
    assert '>Late</strong> <span class="govuk-body-s">(in progress)' in row(page, other_area)
    assert ">Late</strong> 2 areas" in page


def test_managers_cannot_see_it(manager_client, url, periods):
    assert manager_client.get(url).status_code == 403


def test_the_status_page_reads_a_fixed_number_of_queries_whatever_the_plan_size(client, admin_user):
    client.force_login(admin_user)
    counts = []
    for scale in (1, 4):
        plan, _ = factories.make_scaled_plan(scale)
        factories.make_member(admin_user, plan, "admin")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("returns:status", args=[plan.slug]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
