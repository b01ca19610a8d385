"""Returns status: admins see which areas have submitted, are in progress or are late."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.models import ActionUpdate
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
    assert ">Complete<" in early_help
    assert "Everything for March 2020 is done." in early_help
    assert ">In progress<" in row(page, other_area)
    assert "Still to do: exception report not submitted." in row(page, other_area)
    assert "No manager assigned" in row(page, other_area)
    assert ">Not started<" in row(page, third)
    assert ">Complete</strong> 1 area" in page
    assert ">In progress</strong> 1 area" in page
    assert ">Not started</strong> 1 area" in page


def test_a_submitted_report_with_actions_not_updated_is_not_complete(
    admin_client, url, area, period, percent_measure, action
):
    period.deadline = datetime.date.today() + datetime.timedelta(days=3)
    period.save()
    factories.make_actual(percent_measure, period, 85)
    factories.make_report(area, period, status="submitted")
    early_help = row(admin_client.get(url).content.decode(), area)
    assert ">Report submitted<" in early_help
    assert ">Complete<" not in early_help
    assert "Still to do: 1 action not updated this period." in early_help


def test_after_the_deadline_unsubmitted_returns_are_late(
    admin_client, url, area, other_area, period
):
    factories.make_report(other_area, period, status="draft")
    page = admin_client.get(url).content.decode()  # the deadline, 10 April 2020, has passed
    assert ">Late<" in row(page, area)
    assert ">Late<" in row(page, other_area)
    assert "Still to do: exception report not submitted." in row(page, other_area)
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


def statuses(page):
    """{area id: the words of its return's status}, as the page shows them."""
    found = {}
    for match in re.finditer(
        r'<div class="app-return-status" data-area="(\d+)">(.*?)</div>', page, re.S
    ):
        found[int(match[1])] = " ".join(re.sub(r"<[^>]+>", " ", match[2]).split())
    return found


@pytest.mark.parametrize("days_to_deadline", [3, -3], ids=["before the deadline", "after it"])
def test_my_returns_and_returns_status_say_the_same_for_every_area(
    client, admin_user, plan, period, days_to_deadline
):
    period.deadline = datetime.date.today() + datetime.timedelta(days=days_to_deadline)
    period.save()
    areas = [factories.make_area(plan, name=f"Area {n}", order=n) for n in range(5)]
    for area in areas:
        measure = factories.make_measure(area, f"Measure of {area.name}", target=80)
        action = factories.make_action(area, f"Action of {area.name}")
        factories.make_action(area, f"Second action of {area.name}")
        if area is not areas[4]:  # the last area is untouched
            factories.make_actual(measure, period, 81)
        if area in areas[:2]:
            ActionUpdate.objects.create(action=action, period=period, status="in_progress")
    complete, report_only, returned, draft, untouched = areas
    ActionUpdate.objects.create(
        action=complete.actions.exclude(text__startswith="Action").get(),
        period=period,
        status="in_progress",
    )
    factories.make_report(complete, period, status="submitted")
    factories.make_report(report_only, period, status="submitted")  # one action not updated
    factories.make_report(returned, period, status="returned")
    factories.make_report(draft, period, status="draft")

    client.force_login(admin_user)
    status_page = client.get(reverse("returns:status", args=[plan.slug]) + "?period=2020-03")
    status_page = status_page.content.decode()
    client.force_login(factories.make_manager("all-areas", areas=areas))
    mine = client.get(reverse("returns:my_returns", args=[plan.slug]) + "?period=2020-03")
    mine = mine.content.decode()

    on_status, on_mine = statuses(status_page), statuses(mine)
    assert set(on_status) == {area.pk for area in areas}
    assert on_status == on_mine
    late = days_to_deadline < 0
    assert on_status[complete.pk] == "Complete Everything for March 2020 is done."
    assert on_status[report_only.pk] == (
        f"{'Late' if late else 'Report submitted'} Still to do: 1 action not updated this period."
    )
    assert on_status[returned.pk] == (
        f"{'Late' if late else 'Returned for changes'} "
        "Still to do: 2 actions not updated this period, exception report returned for changes."
    )
    assert on_status[draft.pk].startswith("Late" if late else "In progress")
    assert on_status[untouched.pk] == (
        f"{'Late' if late else 'Not started'} Still to do: 1 measure without a value, "
        "2 actions not updated this period, exception report not submitted."
    )
    # The counts at the top are the rows counted.
    for label in ("Complete", "Report submitted", "Returned for changes", "Late", "In progress"):
        rows = sum(words.startswith(label) for words in on_status.values())
        assert f">{label}</strong> {rows} area{'' if rows == 1 else 's'}<" in status_page
