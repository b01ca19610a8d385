"""No lost updates: the second of two people saving the same record is shown the conflict."""

import pytest
from django.test import Client
from django.urls import reverse

from exceptions.models import ExceptionReport
from improvement.models import ActionUpdate
from measures.models import Actual
from tests import factories

from .conftest import figures_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser(admin_user):
    browser = Client()
    browser.force_login(admin_user)
    return browser


def test_the_second_to_save_a_figure_sees_both_versions_and_nothing_is_overwritten(
    manager_client, admin_browser, plan, period, area, percent_measure
):
    factories.make_actual(percent_measure, period, 80)  # both open the page at version 1
    url = reverse("returns:figures", args=[plan.slug, period, area.pk])
    admin_browser.post(
        url, figures_post([{"measure_id": percent_measure.pk, "value": "82", "version": 1}])
    )
    response = manager_client.post(
        url,
        figures_post(
            [
                {
                    "measure_id": percent_measure.pk,
                    "value": "79",
                    "commentary": "Manager's words",
                    "version": 1,
                }
            ]
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ada Admin saved this figure" in page
    assert "Saved version" in page and "Value: 82%" in page
    assert "Your version" in page and "Value: 79" in page
    assert 'value="79"' in page and "Manager&#x27;s words" in page  # kept to re-apply
    assert 'name="figures-0-version" value="2"' in page  # a second save applies theirs
    assert Actual.objects.get().value == 82  # nothing overwritten

    again = figures_post(
        [
            {
                "measure_id": percent_measure.pk,
                "value": "79",
                "commentary": "Manager's words",
                "version": 2,
            }
        ]
    )
    assert manager_client.post(url, again).status_code == 302
    assert Actual.objects.get().value == 79


def test_two_people_entering_a_new_figure_at_once_conflict(
    manager_client, admin_browser, plan, period, area, percent_measure
):
    url = reverse("returns:figures", args=[plan.slug, period, area.pk])
    admin_browser.post(url, figures_post([{"measure_id": percent_measure.pk, "value": "82"}]))
    page = manager_client.post(
        url, figures_post([{"measure_id": percent_measure.pk, "value": "90"}])
    ).content.decode()
    assert "Ada Admin saved this figure while you were editing" in page
    assert Actual.objects.get().value == 82


def test_a_conflict_on_one_figure_saves_none_of_the_others(
    manager_client, admin_browser, plan, period, area, percent_measure, count_measure
):
    factories.make_actual(percent_measure, period, 80)
    url = reverse("returns:figures", args=[plan.slug, period, area.pk])
    admin_browser.post(
        url,
        figures_post(
            [
                {"measure_id": percent_measure.pk, "value": "82", "version": 1},
                {"measure_id": count_measure.pk, "value": "10"},
            ]
        ),
    )
    manager_client.post(
        url,
        figures_post(
            [
                {"measure_id": percent_measure.pk, "value": "79", "version": 1},
                {"measure_id": count_measure.pk, "value": "10", "version": 1},
            ]
        ),
    )
    assert Actual.objects.get(measure=percent_measure).value == 82
    assert Actual.objects.get(measure=count_measure).version == 1


def test_the_second_to_update_an_action_sees_the_saved_update(
    manager_client, admin_browser, plan, period, action
):
    url = reverse("returns:action_update", args=[plan.slug, action.pk]) + "?period=2020-03"
    base = {"status": "in_progress", "impact": "", "evidence": "", "evidence_url": ""}
    admin_browser.post(url, base | {"version": 1, "status": "at_risk", "progress": "Admin's"})
    page = manager_client.post(
        url, base | {"version": 1, "progress": "Manager's progress note"}
    ).content.decode()
    assert "Ada Admin updated this action" in page
    assert "Status: At risk. Progress: Admin&#x27;s" in page
    assert "Manager&#x27;s progress note" in page
    assert 'name="version" value="2"' in page
    assert ActionUpdate.objects.count() == 1
    manager_client.post(url, base | {"version": 2, "progress": "Manager's progress note"})
    assert ActionUpdate.objects.count() == 2


def test_the_second_to_save_a_report_sees_where_the_versions_differ(
    manager_client, admin_browser, plan, period, area
):
    url = reverse("returns:report", args=[plan.slug, period, area.pk])
    base = {"intent": "draft", "key_risks": "", "progress": "", "risks": "", "evidence": ""}
    admin_browser.post(url, base | {"version": 0, "key_developments": "Admin's developments"})
    page = manager_client.post(
        url, base | {"version": 0, "key_developments": "Manager's developments"}
    ).content.decode()
    assert "Ada Admin saved this report at" in page
    assert "Where your version and the saved one differ" in page
    assert "Manager&#x27;s developments" in page and "Admin&#x27;s developments" in page
    assert ExceptionReport.objects.get().key_developments == "Admin's developments"


def test_a_figure_created_by_someone_else_at_the_same_moment_is_a_conflict(
    monkeypatch, admin_user, manager_user, period, area, percent_measure
):
    """Two first saves at once: the database refuses the second insert; it is reported."""
    from django.db import IntegrityError

    from returns import services

    real = services._figures_save
    calls = []

    def racing(**kwargs):
        if not calls:
            calls.append(1)
            factories.make_actual(percent_measure, period, 82, entered_by=admin_user)
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(**kwargs)

    monkeypatch.setattr(services, "_figures_save", racing)
    entry = services.FigureEntry(percent_measure, 90, "", "", version=0)
    with pytest.raises(services.Conflict) as conflict:
        services.figures_save(area=area, period=period, user=manager_user, entries=[entry])
    assert conflict.value.saved[percent_measure.pk].value == 82
    assert Actual.objects.get().value == 82
