"""Several plans, each for its own people: the plans page, where each person lands, the
header's plan switcher, and members set in the admin."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.models import LastPlanUsed, Plan, PlanMembership
from measures.models import Actual

from . import factories
from .admin_pages import form_data
from .dashboard.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils(db):
    north = factories.make_plan(
        slug="north",
        organisation="Northshire",
        title="Children's Services Improvement Plan",
        starts=datetime.date(2020, 4, 1),
        ends=datetime.date(2021, 3, 1),
    )
    south = factories.make_plan(
        slug="south",
        organisation="Southshire",
        title="Getting to Good",
        starts=datetime.date(2019, 9, 1),
        ends=datetime.date(2021, 8, 1),
        status=Plan.Status.CLOSED,
    )
    east = factories.make_plan(slug="east", organisation="Eastshire", title="Secret plan")
    for plan in (north, south, east):
        factories.make_periods(plan, count=2)
    return north, south, east


def test_the_plans_page_lists_the_plans_a_user_may_see_with_their_role(client, councils):
    north, south, east = councils
    person = factories.make_admin("both", plans=[north])
    factories.make_member(person, south, PlanMembership.Role.BOARD_MEMBER)
    client.force_login(person)

    text = page_text(client.get(reverse("plans")).content)

    assert "Eastshire" not in text and "Secret plan" not in text  # not theirs: not even its name
    assert (
        "Northshire Children's Services Improvement Plan April 2020 to March 2021 Active Admin"
        in text
    )
    assert "Southshire Getting to Good September 2019 to August 2021 Closed Board member" in text


def test_a_manager_sees_the_plans_of_the_areas_they_manage(client, councils):
    north, south, _ = councils
    manager = factories.make_manager("sam", areas=[factories.make_area(south, name="Fostering")])
    client.force_login(manager)
    text = page_text(client.get(reverse("plans")).content)
    assert "Southshire Getting to Good" in text and "Service manager" in text
    assert "Northshire" not in text


def test_someone_with_one_plan_lands_on_it(client, councils):
    north, *_ = councils
    client.force_login(factories.make_board_member(plans=[north]))
    assert client.get(reverse("home"))["Location"] == reverse(
        "dashboard:at_a_glance", args=["north"]
    )


def test_a_manager_lands_on_their_returns(client, councils):
    north, *_ = councils
    client.force_login(factories.make_manager(areas=[factories.make_area(north)]))
    assert client.get(reverse("home"))["Location"] == reverse("returns:my_returns", args=["north"])


def test_someone_with_several_plans_lands_on_the_one_they_last_used(client, councils):
    north, south, _ = councils
    client.force_login(factories.make_board_member(plans=[north, south]))
    assert client.get(reverse("home"))["Location"] == reverse("plans")  # none used yet

    client.get(reverse("dashboard:tracker", args=["south"]))
    assert client.get(reverse("home"))["Location"] == reverse(
        "dashboard:at_a_glance", args=["south"]
    )

    client.get(reverse("dashboard:at_a_glance", args=["north"]))
    assert client.get(reverse("home"))["Location"] == reverse(
        "dashboard:at_a_glance", args=["north"]
    )


def test_adding_a_plan_moves_nobody(client, councils):
    north, *_ = councils
    admin = factories.make_admin(plans=[north])
    client.force_login(admin)
    client.get(reverse("dashboard:at_a_glance", args=["north"]))
    factories.make_plan(slug="newest", organisation="Aardvark Council", status=Plan.Status.ACTIVE)
    factories.make_member(admin, Plan.objects.get(slug="newest"), PlanMembership.Role.ADMIN)

    assert client.get(reverse("home"))["Location"] == reverse(
        "dashboard:at_a_glance", args=["north"]
    )


def test_the_last_plan_used_is_kept_across_sign_ins(client, councils):
    north, south, _ = councils
    person = factories.make_board_member(plans=[north, south])
    client.force_login(person)
    client.get(reverse("dashboard:board_pack", args=["south"]))
    client.logout()
    client.force_login(person)
    assert client.get(reverse("home"))["Location"] == reverse(
        "dashboard:at_a_glance", args=["south"]
    )
    assert LastPlanUsed.objects.get(user=person).plan == south


def test_a_plan_no_longer_theirs_is_not_where_they_land(client, councils):
    north, south, _ = councils
    person = factories.make_board_member(plans=[north, south])
    client.force_login(person)
    client.get(reverse("dashboard:at_a_glance", args=["south"]))
    PlanMembership.objects.filter(user=person, plan=south).delete()
    assert client.get(reverse("home"))["Location"] == reverse(
        "dashboard:at_a_glance", args=["north"]
    )


def test_someone_with_no_plan_is_told_whom_to_ask(client, councils):
    client.force_login(factories.make_user("newcomer"))
    for url in (reverse("home"), reverse("plans")):
        text = page_text(client.get(url).content)
        assert "You do not have a plan to open yet" in text
        assert "Ask your council's performance team" in text


def test_the_header_shows_the_plan_in_view_and_switches_to_the_others(client, councils):
    north, south, east = councils
    client.force_login(factories.make_board_member(plans=[north, south]))
    content = client.get(reverse("dashboard:at_a_glance", args=["north"])).content.decode()

    assert "Plan in view: Northshire: Children's Services Improvement Plan" in page_text(content)
    assert f'href="{reverse("plans")}"' in content
    switch = content[content.index("Switch to another plan") :]
    assert f'href="{reverse("dashboard:at_a_glance", args=["south"])}"' in switch
    assert "Eastshire" not in content


def test_a_plan_added_in_the_admin_keeps_its_creator_as_its_admin(client, councils):
    north, *_ = councils
    admin = factories.make_admin(plans=[north])
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    data = form_data(client.get(reverse("admin:improvement_plan_add")))
    data.update(
        slug=["west"], organisation=["Westshire"], title=["Improvement Plan"], status=["active"]
    )
    response = client.post(reverse("admin:improvement_plan_add"), data)
    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.text)

    west = Plan.objects.get(slug="west")
    assert PlanMembership.objects.get(plan=west, user=admin).role == PlanMembership.Role.ADMIN
    # ... and it did not become anyone's landing page.
    assert client.get(reverse("home"))["Location"] == reverse("plans")


def test_members_added_on_the_plans_admin_page_are_recorded(client, councils):
    north, *_ = councils
    admin = factories.make_admin(plans=[north])
    admin.is_staff = True
    admin.save()
    bea = factories.make_user("bea", role="Board member")
    client.force_login(admin)
    url = reverse("admin:improvement_plan_change", args=[north.pk])
    data = form_data(client.get(url))
    prefix = next(n for n in data if n.endswith("-TOTAL_FORMS") and "membership" in n)
    prefix = prefix.removesuffix("-TOTAL_FORMS")
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data[f"{prefix}-TOTAL_FORMS"] = [str(total + 1)]
    data[f"{prefix}-{total}-user"] = [str(bea.pk)]
    data[f"{prefix}-{total}-role"] = ["board_member"]
    data[f"{prefix}-{total}-plan"] = [str(north.pk)]
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.text)

    membership = PlanMembership.objects.get(plan=north, user=bea)
    assert membership.history.first().history_user == admin
    client.force_login(bea)
    assert client.get(reverse("dashboard:at_a_glance", args=["north"])).status_code == 200


def test_the_plans_page_reads_as_many_queries_for_six_plans_as_for_two(client):
    person = factories.make_board_member()
    client.force_login(person)
    counts = []
    for n in (2, 6):
        for _ in range(n - PlanMembership.objects.filter(user=person).count()):
            factories.make_member(person, factories.make_plan())
        with CaptureQueriesContext(connection) as queries:
            text = page_text(client.get(reverse("plans")).content)
        assert text.count("Board member") >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_in_the_admin_an_admin_sees_only_their_plans_records(client, councils):
    north, south, _ = councils
    factories.make_area(north, name="North Fostering")
    factories.make_area(south, name="South Fostering")
    admin = factories.make_admin(plans=[north])
    admin.is_staff = True
    admin.save()
    client.force_login(admin)

    plans = page_text(client.get(reverse("admin:improvement_plan_changelist")).content)
    areas = page_text(client.get(reverse("admin:improvement_servicearea_changelist")).content)
    south_page = client.get(reverse("admin:improvement_plan_change", args=[south.pk]))

    assert "Northshire" in plans and "Southshire" not in plans
    assert "North Fostering" in areas and "South Fostering" not in areas
    assert south_page.status_code == 302  # "doesn't exist", as the admin says of a stranger's
    # The plan picked for a new area: only theirs is offered.
    query = "?app_label=improvement&model_name=servicearea&field_name=plan&term=shire"
    offered = client.get(reverse("admin:autocomplete") + query).json()["results"]
    assert [r["id"] for r in offered] == [str(north.pk)]


def test_in_the_admin_another_plans_measures_figures_and_reports_stay_hidden(client, councils):
    north, south, _ = councils
    admin = factories.make_admin(plans=[north])
    admin.is_staff = True
    admin.save()
    for plan, prefix in ((north, "North"), (south, "South")):
        area = factories.make_area(plan, name=f"{prefix} Fostering")
        measure = factories.make_measure(area, f"{prefix} carers recruited", target=50)
        period = plan.periods.first() or factories.make_periods(plan, count=1)[0]
        factories.make_actual(measure, period, 40, commentary=f"{prefix} figure")
        factories.make_report(area, period, key_developments=f"{prefix} report")
    client.force_login(admin)
    for name in (
        "measures_measure",
        "measures_actual",
        "measures_target",
        "exceptions_exceptionreport",
    ):
        text = page_text(client.get(reverse(f"admin:{name}_changelist")).content)
        assert "North" in text and "South" not in text, name
    south_figure = Actual.objects.get(commentary="South figure")
    response = client.get(reverse("admin:measures_actual_change", args=[south_figure.pk]))
    assert response.status_code == 302  # "doesn't exist", as for a plan of their own
