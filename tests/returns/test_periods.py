"""Reporting periods: admins open them with a deadline, lock them, and may correct them."""

import datetime
import re

import pytest
from django.urls import reverse

from improvement.models import ReportingPeriod
from measures.models import Actual
from tests import factories

from .conftest import figures_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods_url(plan):
    return reverse("returns:periods", args=[plan.slug])


@pytest.fixture
def locked(period, admin_user):
    period.lock(admin_user)
    return period


def opening(month, year, day, d_month, d_year):
    return {
        "month_month": month,
        "month_year": year,
        "deadline_day": day,
        "deadline_month": d_month,
        "deadline_year": d_year,
    }


def test_an_admin_opens_a_period_with_its_deadline(admin_client, plan, periods, periods_url):
    page = admin_client.get(periods_url).content.decode()
    assert 'name="month_month" type="text" inputmode="numeric" value="1"' in page  # next: Jan
    response = admin_client.post(periods_url, opening(1, 2021, 10, 2, 2021), follow=True)
    opened = ReportingPeriod.objects.get(plan=plan, month=datetime.date(2021, 1, 1))
    assert opened.deadline == datetime.date(2021, 2, 10)
    assert opened.status == "open"
    assert "January 2021 is open. Returns are due by 10 February 2021." in response.content.decode()


def test_a_period_cannot_be_opened_twice_or_with_a_wrong_date(admin_client, periods, periods_url):
    page = admin_client.post(periods_url, opening(3, 2020, 10, 4, 2020)).content.decode()
    assert "March 2020 already exists for this plan." in page
    page = admin_client.post(periods_url, opening(13, 2020, 31, 2, 2021)).content.decode()
    assert "Enter the month reported on, like 4 2020" in page
    assert "Enter the deadline as a real date, like 10 5 2020" in page
    assert ReportingPeriod.objects.count() == 12


def test_an_admin_locks_and_unlocks_a_period(admin_client, admin_user, plan, period):
    response = admin_client.post(
        reverse("returns:period_lock", args=[plan.slug, period]), follow=True
    )
    period.refresh_from_db()
    assert period.is_locked and period.locked_by == admin_user
    assert "March 2020 is locked: service managers can no longer change it." in (
        response.content.decode()
    )
    admin_client.post(reverse("returns:period_unlock", args=[plan.slug, period]))
    period.refresh_from_db()
    assert not period.is_locked
    assert period.history.first().history_change_reason == "Unlocked for correction"


def test_every_return_screen_says_the_period_is_locked_and_by_whom(
    manager_client, plan, area, locked, action
):
    when = locked.locked_at.astimezone().strftime("%-d %B %Y")
    urls = [
        reverse("returns:my_returns", args=[plan.slug]) + "?period=2020-03",
        reverse("returns:figures", args=[plan.slug, locked, area.pk]),
        reverse("returns:report", args=[plan.slug, locked, area.pk]),
        reverse("returns:action_update", args=[plan.slug, action.pk]) + "?period=2020-03",
    ]
    for url in urls:
        page = manager_client.get(url).content.decode()
        assert f"March 2020 was locked by Ada Admin on {when}." in page, url
        assert "Nothing in it can be changed now." in page, url


def test_managers_get_read_only_forms_and_cannot_save_to_a_locked_period(
    manager_client, plan, area, locked, percent_measure
):
    factories.make_actual(percent_measure, locked, 85)
    url = reverse("returns:figures", args=[plan.slug, locked, area.pk])
    page = manager_client.get(url).content.decode()
    assert "Save figures" not in page
    value_box = re.search(r'<input[^>]*id="id_figures-0-value"[^>]*>', page).group(0)
    assert 'value="85"' in value_box and " disabled" in value_box
    data = figures_post([{"measure_id": percent_measure.pk, "value": "90", "version": 1}])
    assert manager_client.post(url, data).status_code == 403
    assert Actual.objects.get().value == 85


def test_an_admins_correction_to_a_locked_period_is_recorded(
    admin_client, admin_user, plan, area, locked, percent_measure
):
    factories.make_actual(percent_measure, locked, 85)
    url = reverse("returns:figures", args=[plan.slug, locked, area.pk])
    page = admin_client.get(url).content.decode()
    assert "As an admin you can still correct it." in page
    data = figures_post([{"measure_id": percent_measure.pk, "value": "86", "version": 1}])
    assert admin_client.post(url, data).status_code == 302
    actual = Actual.objects.get()
    assert actual.value == 86
    record = actual.history.first()
    assert record.history_user == admin_user
    assert record.history_change_reason == "Correction to locked period"
    history = admin_client.get(
        reverse("returns:measure_history", args=[plan.slug, percent_measure.pk])
    ).content.decode()
    assert "Correction to locked period" in history


def test_a_period_locked_while_the_manager_was_typing_refuses_the_save(
    manager_client, admin_user, plan, area, period, percent_measure
):
    url = reverse("returns:figures", args=[plan.slug, period, area.pk])
    manager_client.get(url)
    ReportingPeriod.objects.filter(pk=period.pk).update(status="locked")
    data = figures_post([{"measure_id": percent_measure.pk, "value": "90"}])
    assert manager_client.post(url, data).status_code == 403
    assert not Actual.objects.exists()


def test_managers_cannot_update_actions_or_reports_in_a_locked_period(
    manager_client, plan, area, locked, action
):
    action_url = reverse("returns:action_update", args=[plan.slug, action.pk]) + "?period=2020-03"
    page = manager_client.get(action_url).content.decode()
    assert "Save update" not in page
    response = manager_client.post(
        action_url, {"version": 1, "status": "complete", "progress": "Done"}
    )
    assert response.status_code == 403
    report_url = reverse("returns:report", args=[plan.slug, locked, area.pk])
    page = manager_client.get(report_url).content.decode()
    assert "Submit report" not in page
    response = manager_client.post(report_url, {"version": 0, "intent": "draft"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert not area.reports.exists()
