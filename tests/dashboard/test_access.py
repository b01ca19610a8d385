"""Only signed-in users with a role see the board's pages; nobody can change anything here."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

PLAN_PAGES = ["at_a_glance", "tracker", "recommendations", "board_pack", "board_pack_xlsx"]


def all_urls(board, slug=None):
    slug = slug or board.plan.slug
    urls = [reverse(f"dashboard:{name}", args=[slug]) for name in PLAN_PAGES]
    urls.append(reverse("dashboard:scorecard", args=[slug, board.area.pk]))
    urls.append(reverse("dashboard:measure", args=[slug, board.visits.pk]))
    return urls


def test_signed_out_visitors_are_sent_to_sign_in(board, client):
    for url in all_urls(board):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_an_account_that_belongs_to_no_plan_finds_no_page(board, client):
    """Not found, as for a plan that does not exist: nothing says the plan is there."""
    client.force_login(factories.make_user("norole"))
    for url in all_urls(board):
        assert client.get(url).status_code == 404, url


def test_a_board_member_of_another_plan_finds_no_page(board, client):
    other = factories.make_plan(slug="elsewhere")
    client.force_login(factories.make_board_member("stranger", plans=[other]))
    for url in all_urls(board):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["board_client", "manager_client", "admin_client"])
def test_every_role_can_read_every_page_but_the_live_pack(board, who, request):
    client = request.getfixturevalue(who)
    live_pack = reverse("dashboard:board_pack", args=[board.plan.slug])
    for url in all_urls(board):
        if url != live_pack:
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["board_client", "manager_client"])
def test_the_live_pack_sends_the_board_to_the_published_packs(board, who, request):
    client = request.getfixturevalue(who)
    url = reverse("dashboard:board_pack", args=[board.plan.slug])

    response = client.get(url, {"period": "2020-12"}, follow=True)

    assert response.redirect_chain == [(reverse("packs:list", args=[board.plan.slug]), 302)]
    page = response.content.decode()
    assert "The board pack you read is the one published for the meeting" in page
    assert "a preview for the plan&#x27;s admins" in page
    assert "Preview: not the published pack" not in page


def test_the_live_pack_is_an_admins_preview(board, admin_client):
    url = reverse("dashboard:board_pack", args=[board.plan.slug])

    page = admin_client.get(url, {"period": "2020-12"}).content.decode()

    assert "Preview: not the published pack" in page
    assert reverse("packs:list", args=[board.plan.slug]) in page


def test_only_admins_are_offered_the_live_pack(board, board_user, admin_user):
    glance = reverse("dashboard:at_a_glance", args=[board.plan.slug])
    live_pack = reverse("dashboard:board_pack", args=[board.plan.slug])
    published = reverse("packs:list", args=[board.plan.slug])
    board_client, admin_client = Client(), Client()
    board_client.force_login(board_user)
    admin_client.force_login(admin_user)

    for_board = board_client.get(glance).content.decode()
    for_admin = admin_client.get(glance).content.decode()

    assert live_pack not in for_board and published in for_board
    assert f'href="{live_pack}?period=' in for_admin
    assert "Preview the live board pack" in for_admin


def test_an_unknown_plan_is_not_found(board, board_client):
    for url in all_urls(board, slug="no-such-plan"):
        assert board_client.get(url).status_code == 404, url


def test_the_pages_accept_no_changes(board, board_client):
    for url in all_urls(board):
        assert board_client.post(url, {}).status_code in (403, 405), url
