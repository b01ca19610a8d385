"""Changes in process and trajectories in the Django admin: a measure's page lists its changes
in process (marked by the admin who saves them, version checked like every versioned record,
only the measure's own plan's months offered), their own list shows one plan's to its admin,
and a target can be marked as a trajectory."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from measures.models import Rebase, Target

from . import factories
from .admin_pages import form_data

pytestmark = pytest.mark.django_db

PREFIX = "rebases-"


@pytest.fixture
def staff_admin(admin_user):
    admin_user.is_staff = True
    admin_user.save()
    return admin_user


@pytest.fixture
def admin_browser(client, staff_admin):
    client.force_login(staff_admin)
    return client


@pytest.fixture
def measure(area):
    return factories.make_measure(area, "Visits on time", target=90)


def measure_url(measure):
    return reverse("admin:measures_measure_change", args=[measure.pk])


def errors(response):
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", e)).strip() for e in found]


def with_new_row(data, period, reason):
    data = dict(data)
    data[f"{PREFIX}TOTAL_FORMS"] = [str(int(data[f"{PREFIX}TOTAL_FORMS"][0]) + 1)]
    row = int(data[f"{PREFIX}TOTAL_FORMS"][0]) - 1
    data[f"{PREFIX}{row}-period"] = [str(period.pk)]
    data[f"{PREFIX}{row}-reason"] = [reason]
    data[f"{PREFIX}{row}-measure"] = [data.get(f"{PREFIX}{row}-measure", [""])[0]]
    return data


def test_a_change_in_process_added_on_the_measures_page_is_marked_by_the_admin(
    admin_browser, staff_admin, measure, periods
):
    page = admin_browser.get(measure_url(measure))
    assert "changes in process" in page.content.decode().lower()
    data = with_new_row(form_data(page), periods[6], "A new front door")

    response = admin_browser.post(measure_url(measure), data)

    assert response.status_code == 302, errors(response)
    rebase = Rebase.objects.get()
    assert (rebase.measure, rebase.period, rebase.reason) == (
        measure,
        periods[6],
        "A new front door",
    )
    assert rebase.created_by == staff_admin
    assert rebase.history.get().history_user == staff_admin


def test_the_measures_page_offers_only_its_own_plans_months(
    admin_browser, staff_admin, measure, periods
):
    other_plan = factories.make_plan()
    factories.make_member(staff_admin, other_plan, role="admin")
    other_month = factories.make_periods(other_plan, first=datetime.date(2019, 1, 1), count=1)[0]
    content = admin_browser.get(measure_url(measure)).content.decode()
    empty_row = re.search(r'name="rebases-__prefix__-period".*?</select>', content, re.S).group(0)
    assert f'value="{periods[0].pk}"' in empty_row
    assert f'value="{other_month.pk}"' not in empty_row

    data = with_new_row(form_data(admin_browser.get(measure_url(measure))), other_month, "x")
    response = admin_browser.post(measure_url(measure), data)
    assert response.status_code == 200
    assert not Rebase.objects.exists()


def mark(measure, period, user, reason="A new front door"):
    rebase = Rebase(measure=measure, period=period, reason=reason, created_by=user)
    rebase._history_user = user
    rebase.save()
    return rebase


def save_as(rebase, user, reason):
    rebase = Rebase.objects.get(pk=rebase.pk)
    rebase.reason = reason
    rebase._history_user = user
    rebase.save()


def test_a_row_changed_since_the_page_opened_is_refused(
    admin_browser, staff_admin, measure, periods, manager_user
):
    rebase = mark(measure, periods[6], staff_admin)
    data = form_data(admin_browser.get(measure_url(measure)))
    save_as(rebase, manager_user, "Their words")

    data[f"{PREFIX}0-reason"] = ["My words"]
    response = admin_browser.post(measure_url(measure), data)

    assert response.status_code == 200
    assert any(
        e.startswith("Sam Manager changed this change in process at") for e in errors(response)
    )
    assert Rebase.objects.get().reason == "Their words"


def test_a_row_changed_since_the_page_opened_is_not_removed_unseen(
    admin_browser, staff_admin, measure, periods, manager_user
):
    rebase = mark(measure, periods[6], staff_admin)
    data = form_data(admin_browser.get(measure_url(measure)))
    save_as(rebase, manager_user, "Their words")

    data[f"{PREFIX}0-DELETE"] = ["on"]
    response = admin_browser.post(measure_url(measure), data)

    assert response.status_code == 200
    assert Rebase.objects.get().reason == "Their words"

    data = form_data(response)  # now showing the saved version: removing it is a decision
    data[f"{PREFIX}0-DELETE"] = ["on"]
    assert admin_browser.post(measure_url(measure), data).status_code == 302
    assert not Rebase.objects.exists()


def test_an_admin_lists_only_their_plans_changes_in_process(
    admin_browser, staff_admin, measure, periods
):
    mine = mark(measure, periods[6], staff_admin, "Ours")
    other_plan = factories.make_plan()
    other_area = factories.make_area(other_plan, name="Elsewhere")
    other_measure = factories.make_measure(other_area, "Their measure")
    other_month = factories.make_periods(other_plan, count=1)[0]
    theirs = mark(other_measure, other_month, None, "Theirs")

    listing = admin_browser.get(reverse("admin:measures_rebase_changelist"))

    assert listing.status_code == 200
    assert "Ours" in listing.content.decode()
    assert "Theirs" not in listing.content.decode()
    change = reverse("admin:measures_rebase_change", args=[theirs.pk])
    assert admin_browser.get(change).status_code == 302  # not theirs to open: sent away
    own = admin_browser.get(reverse("admin:measures_rebase_change", args=[mine.pk]))
    assert own.status_code == 200


def test_saving_on_its_own_page_is_version_checked_and_keeps_who_marked_it(
    admin_browser, staff_admin, measure, periods, manager_user
):
    rebase = mark(measure, periods[6], manager_user)
    url = reverse("admin:measures_rebase_change", args=[rebase.pk])
    data = form_data(admin_browser.get(url))
    data["reason"] = ["Clearer words"]
    assert admin_browser.post(url, data).status_code == 302
    saved = Rebase.objects.get()
    assert (saved.reason, saved.created_by) == ("Clearer words", manager_user)

    response = admin_browser.post(url, data)  # the same page again: version 1 is stale now
    assert response.status_code == 200
    assert any("changed this change in process" in e for e in errors(response))


def test_a_target_can_be_marked_as_a_trajectory_on_the_measures_page(admin_browser, measure):
    later = Target.objects.create(
        measure=measure, effective_from=datetime.date(2021, 3, 1), value=95
    )
    content = admin_browser.get(measure_url(measure)).content.decode()
    assert 'name="targets-1-trajectory"' in content
    assert "straight-line trajectory" in content.lower()

    data = form_data(admin_browser.get(measure_url(measure)))
    data["targets-1-trajectory"] = ["on"]
    response = admin_browser.post(measure_url(measure), data)

    assert response.status_code == 302, errors(response)
    assert Target.objects.get(pk=later.pk).trajectory is True
    listing = admin_browser.get(reverse("admin:measures_target_changelist")).content.decode()
    assert "Straight-line trajectory" in listing


def test_a_first_target_as_a_trajectory_needs_a_dated_baseline(admin_browser, measure):
    data = form_data(admin_browser.get(measure_url(measure)))
    data["targets-0-trajectory"] = ["on"]
    response = admin_browser.post(measure_url(measure), data)

    assert response.status_code == 200
    assert errors(response) == [
        "Set the measure's baseline and its date, or an earlier target: the trajectory starts "
        "there."
    ]
    assert measure.targets.get().trajectory is False
