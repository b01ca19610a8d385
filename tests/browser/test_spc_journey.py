"""Is it real change? An admin marks the month a measure's process changed, and the board
reads the measure's SPC chart and readings; axe-core checks each page on the way."""

import re

import pytest
from playwright.sync_api import expect

from improvement.models import ServiceArea

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "southampton-2020-21"


def test_an_admin_marks_a_change_in_process_and_the_readings_start_again(page, demo):
    court = ServiceArea.objects.get(plan__slug=SLUG, name="Protection and Court")
    measure = court.measures.get(reference="PC1")
    sign_in(page, "admin", "demo-admin-2020")

    page.goto(f"/plans/{SLUG}/measures/{measure.pk}/?period=2020-07")
    main = page.locator("main")
    expect(main.get_by_text("How to read the variation and assurance readings")).to_be_visible()
    assert "Not enough months to judge variation" not in main.inner_text()
    assert_accessible(page, "the measure page with its SPC readings")

    page.get_by_role("button", name="Mark a change in process").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "the form marking a change in process")
    page.get_by_label("The first month of the new process").select_option(label="March 2020")
    page.get_by_label("What changed").fill("New front door: referrals triaged by the MASH")
    page.get_by_role("button", name="Mark the change in process").click()

    page.wait_for_url(re.compile(rf"/measures/{measure.pk}/"))
    text = page.locator("main").inner_text()
    assert "New front door: referrals triaged by the MASH" in text
    assert "Not enough months to judge variation (5 of 12)" in text
    assert_accessible(page, "the measure page after a change in process")

    page.get_by_role("link", name=re.compile("How this measure's process changed")).click()
    expect(page.locator("main")).to_contain_text("New front door")
    assert_accessible(page, "the history of a measure's changes in process")
