"""Linking a measure to its national indicator in the Django admin, and naming a plan's
council: the admin says where the measure disagrees with the indicator."""

import pytest
from django.urls import reverse

from comparators.models import Indicator, Place
from improvement.models import Plan
from measures.models import Measure

from . import factories
from .admin_pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser(client, admin_user):
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    return client


def test_linking_an_indicator_that_disagrees_saves_and_warns_naming_both(
    admin_browser, area, catalogue
):
    measure = factories.make_measure(area, "Re-referrals", direction="higher")
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    data = dict(form_data(admin_browser.get(url)))
    data["indicator"] = [str(Indicator.objects.get(code="ReReferral").pk)]

    response = admin_browser.post(url, data, follow=True)

    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.indicator.code == "ReReferral"
    content = response.content.decode()
    assert "is recorded as higher is better, but the national indicator ReReferral" in content
    assert "is lower is better" in content


def test_a_linked_measure_cannot_also_be_a_local_indicator(admin_browser, area, catalogue):
    measure = factories.make_measure(area, "Re-referrals", direction="lower")
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    data = dict(form_data(admin_browser.get(url)))
    data["indicator"] = [str(Indicator.objects.get(code="ReReferral").pk)]
    data["local_indicator"] = ["on"]

    response = admin_browser.post(url, data)

    assert response.status_code == 200
    assert "is not a local indicator" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).indicator is None


def test_an_admin_names_the_plans_council_and_neighbour_model(admin_browser, plan, catalogue):
    url = reverse("admin:improvement_plan_change", args=[plan.pk])
    page = admin_browser.get(url)
    data = dict(form_data(page))
    data["council"] = [str(Place.objects.get(code="852").pk)]
    data["neighbour_model"] = ["2021-04"]

    response = admin_browser.post(url, data)

    assert response.status_code == 302
    plan = Plan.objects.get(pk=plan.pk)
    assert (plan.council.name, plan.get_neighbour_model_display()) == ("Southampton", "April 2021")
    assert f'value="{Place.objects.get(code="989").pk}"' not in page.content.decode()  # councils
