"""Error pages people can act on: 400, 403, 404, 500 and the sign-in lockout in the product's
GOV.UK layout, saying what happened and where to go next, with DEBUG on and off."""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from dashboard import selectors
from improvement import views

from . import factories
from .dashboard.helpers import page_text

pytestmark = pytest.mark.django_db

DEBUG = pytest.mark.parametrize("debug", [False, True], ids=["DEBUG off", "DEBUG on"])


def assert_product_layout(response, status):
    page = response.content.decode()
    assert response.status_code == status
    assert 'class="govuk-template' in page and "govuk-header" in page and "govuk-footer" in page
    assert "Improvement Tracker" in page
    assert "Traceback" not in page and "DEBUG = True" not in page  # not Django's own pages
    return page


def link(page, href, label):
    return f'href="{href}">{label}</a>' in page


@DEBUG
def test_an_address_that_matches_no_page_is_not_found(board_client, debug):
    with override_settings(DEBUG=debug):
        response = board_client.get("/no-such-page/")
    page = assert_product_layout(response, 404)
    assert "Page not found" in page_text(page)
    assert "it may belong to a plan you are not part of" in page_text(page)
    assert link(page, reverse("home"), "Go to the start page")
    assert link(page, reverse("plans"), "See all your plans")


@DEBUG
def test_a_missing_record_of_the_plan_links_back_to_the_plan(board_client, plan, periods, debug):
    url = reverse("dashboard:scorecard", args=[plan.slug, 999999])
    with override_settings(DEBUG=debug):
        response = board_client.get(url)
    page = assert_product_layout(response, 404)
    assert link(page, reverse("dashboard:at_a_glance", args=[plan.slug]), f"Go to {plan.title}")


@DEBUG
def test_a_missing_trailing_slash_is_still_added(board_client, debug):
    with override_settings(DEBUG=debug):
        response = board_client.get("/plans")
    assert response.status_code == 301 and response["Location"] == "/plans/"


@DEBUG
def test_a_manager_on_another_areas_form_is_told_it_is_not_theirs(
    manager_client, plan, periods, other_area, debug
):
    for name in ("figures", "report"):
        url = reverse(f"returns:{name}", args=[plan.slug, periods[2].month, other_area.pk])
        with override_settings(DEBUG=debug):
            response = manager_client.get(url)
        page = assert_product_layout(response, 403)
        assert "Fostering is not one of your service areas" in page_text(page)
        assert link(
            page,
            reverse("returns:my_returns", args=[plan.slug]),
            "Go to your returns for this plan",
        )


@DEBUG
def test_a_manager_on_another_areas_action_is_told_it_is_not_theirs(
    manager_client, plan, periods, other_area, debug
):
    action = factories.make_action(other_area, "Recruit carers")
    with override_settings(DEBUG=debug):
        response = manager_client.get(reverse("returns:action_update", args=[plan.slug, action.pk]))
    page = assert_product_layout(response, 403)
    assert "Fostering is not one of your service areas" in page_text(page)
    assert link(
        page, reverse("returns:my_returns", args=[plan.slug]), "Go to your returns for this plan"
    )


@DEBUG
def test_a_board_member_on_an_admin_page_is_told_who_may_and_sent_back(
    board_client, plan, periods, debug
):
    with override_settings(DEBUG=debug):
        response = board_client.get(reverse("returns:status", args=[plan.slug]))
    page = assert_product_layout(response, 403)
    assert "Only an admin of this plan can do this." in page_text(page)
    assert link(
        page,
        reverse("dashboard:at_a_glance", args=[plan.slug]),
        f"Go to the board&#x27;s pages of {plan.title}",
    )


@DEBUG
def test_a_bad_request_says_nothing_was_changed(client, debug):
    with override_settings(DEBUG=debug):
        response = client.get("/", HTTP_HOST="not-our-site.example")
    page = assert_product_layout(response, 400)
    assert "Sorry, there is a problem with the request" in page_text(page)
    assert "nothing was changed" in page_text(page)
    assert link(page, reverse("home"), "Go to the start page")


@DEBUG
def test_a_server_error_says_what_to_do(board_client, plan, periods, monkeypatch, debug):
    def broken(**kwargs):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr(selectors, "glance_get", broken)
    client = Client(raise_request_exception=False)
    client.force_login(factories.make_board_member("reader", plans=[plan]))
    with override_settings(DEBUG=debug):
        response = client.get(reverse("dashboard:at_a_glance", args=[plan.slug]))
    page = assert_product_layout(response, 500)
    assert "Sorry, there is a problem with the service" in page_text(page)
    assert "the database fell over" not in page
    assert link(page, reverse("home"), "Go to the start page")


def test_the_server_error_page_needs_no_request_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = views.server_error(RequestFactory().get("/"))
    assert_product_layout(response, 500)


@override_settings(DEBUG=True, TECHNICAL_ERROR_PAGES=True)
def test_developers_can_ask_for_djangos_technical_pages(board_client):
    assert "Using the URLconf" in board_client.get("/no-such-page/").content.decode()


@DEBUG
def test_the_sign_in_lockout_page_says_how_long_to_wait_and_whom_to_ask(
    client, manager_user, debug
):
    with override_settings(DEBUG=debug):
        for _ in range(5):
            response = client.post(reverse("login"), {"username": "manager1", "password": "wrong"})
    page = assert_product_layout(response, 429)
    assert "Too many attempts to sign in" in page_text(page)
    assert "Wait 1 hour before you try again" in page_text(page)
    assert "contact your council's performance team" in page_text(page)
    assert link(page, reverse("login"), "Back to sign in")


@DEBUG
def test_a_form_sent_without_its_token_says_to_reload_and_try_again(board_user, plan, debug):
    client = Client(enforce_csrf_checks=True)
    client.force_login(board_user)
    with override_settings(DEBUG=debug):
        response = client.post(reverse("logout"))
    page = assert_product_layout(response, 403)
    assert "Your form could not be sent" in page_text(page)
    assert "reload the page and enter your changes again" in page_text(page)
    assert link(page, "/", "Go to the start page")
