"""A board member reading on a phone (390 px wide): the board's pages fit the screen, and a
wide table scrolls sideways inside its own marked region with the area, measure or action
and its RAG kept in view."""

import pytest

from improvement.models import ServiceArea

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "southampton-2020-21"
PHONE = {"width": 390, "height": 844}

# Everything drawn beyond the screen's right edge that is NOT inside a marked scroll region.
OUTSIDE_SCROLL_REGIONS = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .filter(el => !el.closest('.app-table-wrap[role=region][tabindex="0"][aria-label]'))
    .map(el => el.tagName + '.' + el.className)
    .slice(0, 10);
}"""

# The first row of the page's first wide table: where its pinned cell and RAG sit on screen,
# before and after the table is scrolled sideways to its last column; and the scroll cue.
PINNED_ROW = """() => {
  const region = document.querySelector('.app-table-wrap[role=region]');
  const pin = region.querySelector('tbody tr .app-pin');
  const tag = pin.querySelector('.rag-tag') || pin.closest('tr').querySelector('.rag-tag');
  const lastHeader = [...region.querySelectorAll('thead th')].pop();
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.right]; };
  const before = {pin: box(pin), tag: box(tag), text: pin.innerText, rag: tag.innerText};
  region.scrollLeft = region.scrollWidth;
  const after = {pin: box(pin), tag: box(tag), last: box(lastHeader)};
  const cue = getComputedStyle(region, '::before');
  return {before, after, scrolls: region.scrollWidth > region.clientWidth,
          label: region.getAttribute('aria-label'),
          cue: cue.display === 'none' ? '' : cue.content};
}"""


def _pages(area_pk):
    base = f"/plans/{SLUG}/"
    return [
        ("RAG at a glance", base, "Leadership and Stability"),
        ("the area scorecard", f"{base}areas/{area_pk}/", "LS1"),
        ("the action tracker", f"{base}actions/", None),
    ]


def test_the_boards_pages_fit_a_phone_with_name_and_rag_in_view(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    area = ServiceArea.objects.get(plan__slug=SLUG, name="Leadership and Stability")
    sign_in(page, "board", "demo-board-2020")
    for what, url, first_row in _pages(area.pk):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], what
        assert page.evaluate(OUTSIDE_SCROLL_REGIONS) == [], what
        seen = page.evaluate(PINNED_ROW)
        assert seen["scrolls"] and seen["label"], f"{what}: the table should scroll, named"
        assert "Scroll sideways to see every column" in seen["cue"], what
        if first_row:
            assert first_row in seen["before"]["text"], what
        assert seen["before"]["rag"].strip() in {"Red", "Amber", "Green", "Blue", "No data"}
        for moment in ("before", "after"):
            for part in ("pin", "tag"):
                left, right = seen[moment][part]
                assert left >= 0 and right <= PHONE["width"], f"{what}: {part} {moment} scroll"
        # The pinned cell stays where it was; the last column has come into view.
        assert seen["after"]["pin"] == seen["before"]["pin"], what
        assert seen["after"]["last"][1] <= PHONE["width"], what
        assert_accessible(page, f"{what} at 390 px")
    context.close()


def test_the_board_pack_and_a_measure_page_fit_a_phone(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    sign_in(page, "admin", "demo-admin-2020")  # the live board pack is the admins' preview
    measure = ServiceArea.objects.get(plan__slug=SLUG, name="Leadership and Stability")
    measure_pk = measure.measures.order_by("order").first().pk
    for what, url in [
        ("the board pack", f"/plans/{SLUG}/board-pack/"),
        ("a measure page", f"/plans/{SLUG}/measures/{measure_pk}/"),
        ("recommendations", f"/plans/{SLUG}/recommendations/"),
        ("the plans page", "/plans/"),
    ]:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], what
        assert page.evaluate(OUTSIDE_SCROLL_REGIONS) == [], what
    context.close()
