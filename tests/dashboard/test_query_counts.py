"""Cost does not grow with the data: every page runs as many queries for a plan ten times
larger (20 areas, 60 measures, 60 actions) as for a small one (2 areas)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


ADMINS_ONLY = {"board pack"}  # the live pack: an admin's preview


@pytest.fixture
def plans(board_user):
    small = factories.make_scaled_plan(scale=1)[0]
    large = factories.make_scaled_plan(scale=10)[0]
    for plan in (small, large):
        factories.make_member(board_user, plan)
    return small, large


@pytest.fixture
def admin_reader(plans):
    reader = Client()
    reader.force_login(factories.make_admin("admin-of-both", plans=plans))
    return reader


def _first_area(plan):
    return plan.areas.order_by("order").first()


PAGES = {
    "at a glance": lambda p: reverse("dashboard:at_a_glance", args=[p.slug]),
    "at a glance, earlier period": lambda p: (
        reverse("dashboard:at_a_glance", args=[p.slug]) + "?period=2020-03"
    ),
    "scorecard": lambda p: reverse("dashboard:scorecard", args=[p.slug, _first_area(p).pk]),
    "measure": lambda p: reverse(
        "dashboard:measure", args=[p.slug, _first_area(p).measures.first().pk]
    ),
    "tracker": lambda p: reverse("dashboard:tracker", args=[p.slug]),
    "tracker filtered and sorted": lambda p: (
        reverse("dashboard:tracker", args=[p.slug])
        + "?brag=red&overdue=on&lead=&status=in_progress&sort=-target_date"
    ),
    "tracker by recommendation": lambda p: (
        reverse("dashboard:tracker", args=[p.slug])
        + f"?recommendation={p.recommendations.first().pk}&area={_first_area(p).pk}"
    ),
    "tracker csv": lambda p: reverse("dashboard:tracker", args=[p.slug]) + "?_export=csv",
    "tracker xlsx": lambda p: reverse("dashboard:tracker", args=[p.slug]) + "?_export=xlsx",
    "recommendations": lambda p: reverse("dashboard:recommendations", args=[p.slug]),
    "board pack": lambda p: reverse("dashboard:board_pack", args=[p.slug]),
    "board pack xlsx": lambda p: reverse("dashboard:board_pack_xlsx", args=[p.slug]),
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context), response


@pytest.mark.parametrize("page", PAGES)
def test_each_page_runs_the_same_number_of_queries_for_a_ten_times_larger_plan(
    page, plans, board_client, request
):
    small, large = plans
    reader = request.getfixturevalue("admin_reader") if page in ADMINS_ONLY else board_client
    small_count, small_response = count_queries(reader, PAGES[page](small))
    large_count, large_response = count_queries(reader, PAGES[page](large))

    if page not in ("scorecard", "measure"):  # one area or measure whatever the plan's size
        assert len(large_response.content) > len(small_response.content)  # it did show more
    assert large_count == small_count, f"{page}: {small_count} queries grew to {large_count}"
    assert small_count <= 20, f"{page}: {small_count} queries"
