"""The admin is usable by an admin for every model, with history visible."""

import pytest
from django.urls import reverse

from exceptions.models import ExceptionReport
from improvement.models import (
    Action,
    ActionUpdate,
    Outcome,
    Plan,
    Recommendation,
    ReportingPeriod,
    ServiceArea,
)
from measures.models import Actual, Benchmark, Measure, Target

from . import factories

pytestmark = pytest.mark.django_db

MODELS = [
    Plan,
    ReportingPeriod,
    Recommendation,
    ServiceArea,
    Outcome,
    Action,
    ActionUpdate,
    Measure,
    Target,
    Actual,
    Benchmark,
    ExceptionReport,
]


@pytest.fixture
def staff_admin(admin_user):
    admin_user.is_staff = True
    admin_user.save()
    return admin_user


@pytest.fixture
def populated(plan, periods, area):
    measure = factories.make_measure(area, "Visits on time", target=90)
    factories.make_actual(measure, periods[0], 80)
    factories.make_benchmark(measure, "national", 85)
    action = factories.make_action(area, "Run an audit of visits")
    ActionUpdate.objects.create(action=action, status="in_progress", progress="Started")
    factories.make_recommendation(plan, "1")
    Outcome.objects.create(area=area, title="Children are seen regularly")
    factories.make_report(area, periods[0])


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_can_list_add_and_see_history(client, staff_admin, populated, model):
    client.force_login(staff_admin)
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model.objects.first()
    history = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    )
    assert history.status_code == 200
    assert "Created" in history.content.decode() or "+" in history.content.decode()


def test_changelist_search_finds_a_measure(client, staff_admin, populated):
    client.force_login(staff_admin)
    response = client.get(reverse("admin:measures_measure_changelist"), {"q": "visits"})
    assert "Visits on time" in response.content.decode()


def test_a_board_member_cannot_use_the_admin(client, board_user):
    client.force_login(board_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
