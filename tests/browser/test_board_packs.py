"""An admin publishes the board pack for a meeting in the browser; a board member finds it
under Board packs and downloads the PDF as it was sent. Both pages pass axe."""

import re

from django.contrib.auth.models import User
from playwright.sync_api import expect

from packs.models import PublishedPack

from .conftest import assert_accessible, sign_in

SLUG = "southampton-2020-21"
MEETING = "Improvement Board, 14 August 2020"


def test_an_admin_publishes_a_pack_and_a_board_member_downloads_it(browser, live_server, demo):
    admin = browser.new_context(base_url=live_server.url)
    admin.set_default_timeout(60_000)  # the PDF is rendered in the request
    page = admin.new_page()
    sign_in(page, "admin", "demo-admin-2020")
    page.goto(f"/plans/{SLUG}/")
    page.get_by_role("link", name="Board packs").first.click()
    expect(page.get_by_role("heading", name="Board packs", level=1)).to_be_visible()
    assert_accessible(page, "the Board packs page (admin, none published)")
    page.get_by_label("Month the pack reports on").select_option(label="July 2020")
    page.get_by_label("Meeting", exact=True).fill(MEETING)
    page.get_by_role("button", name="Publish the pack").click()
    expect(page.get_by_text(f"Published the pack for {MEETING} (version 1).")).to_be_visible()
    pack = PublishedPack.objects.get()
    assert pack.published_by == User.objects.get(username="admin")
    admin.close()

    board = browser.new_context(base_url=live_server.url, accept_downloads=True)
    page = board.new_page()
    sign_in(page, "board", "demo-board-2020")
    page.goto(f"/plans/{SLUG}/board-packs/")
    row = page.locator("tr", has_text=MEETING)
    assert "July 2020" in row.inner_text()
    assert not page.get_by_role("button", name="Publish the pack").count()
    assert_accessible(page, "the Board packs page (board member)")
    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile("^PDF")).click()
    download = download_info.value
    assert download.suggested_filename == "improvement-board-14-august-2020-v1.pdf"
    with open(download.path(), "rb") as f:
        assert f.read() == bytes(pack.pdf)
    board.close()
