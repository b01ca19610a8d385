"""The admin is usable by an admin for every model, with history visible."""

import datetime
import re

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
from measures.models import Actual, Benchmark, Measure, Rebase, Target

from . import factories
from .admin_pages import form_data

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
    Rebase,
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
    Rebase.objects.create(measure=measure, period=periods[0], reason="A new front door")
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


def test_admin_pages_carry_the_products_icon(client, staff_admin):
    """Else browsers ask for /favicon.ico, which is not there (a 404 on every admin page)."""
    client.force_login(staff_admin)
    for url in (reverse("admin:index"), changelist_url(Plan)):
        page = client.get(url).content.decode()
        assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', page), url
        assert "Improvement Tracker administration" in page  # still Django's admin header


def test_a_board_member_cannot_use_the_admin(client, board_user):
    client.force_login(board_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_the_index_lists_what_each_person_may_use_whoever_came_first(client, staff_admin):
    """The admin site keeps the index's list of apps for each set of permissions
    (improvement/admin_site.py): someone allowed only to view plans gets their own list,
    after an admin's fuller one was kept, and a permission granted shows at once."""
    from django.contrib.auth.models import Permission

    client.force_login(staff_admin)
    full = client.get(reverse("admin:index")).content.decode()
    for model in MODELS:
        assert f'href="{changelist_url(model)}"' in full
    assert f'href="{changelist_url(Plan)}add/"' in full
    assert "Recent actions" in full

    viewer = factories.make_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_plan"))
    client.force_login(viewer)
    index = client.get(reverse("admin:index")).content.decode()
    assert f'href="{changelist_url(Plan)}"' in index
    assert f'href="{changelist_url(Plan)}add/"' not in index  # may view, not add
    assert f'href="{changelist_url(Measure)}"' not in index

    viewer.user_permissions.add(Permission.objects.get(codename="view_measure"))
    index = client.get(reverse("admin:index")).content.decode()
    assert f'href="{changelist_url(Measure)}"' in index


def test_making_someone_a_manager_on_their_user_page_is_recorded(client, staff_admin, plan, area):
    """The user page's "areas this user manages" is recorded in the area's history (who,
    when, which managers)."""
    sam = factories.make_user("sam", role="Service manager")
    client.force_login(staff_admin)
    url = reverse("admin:auth_user_change", args=[sam.pk])
    data = form_data(client.get(url))
    prefix = next(n for n in data if n.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data[f"{prefix}-TOTAL_FORMS"] = ["1"]
    data[f"{prefix}-0-servicearea"] = [str(area.pk)]
    data[f"{prefix}-0-user"] = [str(sam.pk)]
    response = client.post(url, data)

    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.text)
    assert list(area.managers.all()) == [sam]
    latest = area.history.first()
    assert latest.history_user == staff_admin
    assert latest.history_change_reason == "Managers changed on the user page of sam"
    assert [m.user for m in latest.managers.all()] == [sam]


def test_a_measures_targets_read_as_the_board_reads_them(client, staff_admin, area):
    measure = factories.make_measure(area, "Personal Education Plans")
    Target.objects.create(
        measure=measure, effective_from=datetime.date(2020, 1, 1), value=95, strict=True
    )
    client.force_login(staff_admin)
    page = client.get(reverse("admin:measures_measure_change", args=[measure.pk]))
    assert page.status_code == 200
    assert "Reads as" in page.content.decode() and "above 95%" in page.content.decode()
    listing = client.get(reverse("admin:measures_target_changelist")).content.decode()
    assert "above 95%" in listing
