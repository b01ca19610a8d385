"""End-to-end journeys in headless Chromium, with axe-core on every kind of page."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from exceptions.models import ExceptionReport
from improvement.models import Action, ActionUpdate, Plan, ReportingPeriod, ServiceArea
from measures.models import Actual

from .conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AUGUST = datetime.date(2020, 8, 1)
SAMPLES = Path(__file__).resolve().parent.parent / "spreadsheets" / "files"
SLUG = "southampton-2020-21"


@pytest.fixture
def august(demo):
    """The month after the demo's last one, open for returns."""
    plan = Plan.objects.get(slug=SLUG)
    return ReportingPeriod.objects.create(
        plan=plan, month=AUGUST, deadline=datetime.date(2020, 9, 10)
    )


@pytest.fixture
def court():
    return ServiceArea.objects.get(plan__slug=SLUG, name="Protection and Court")


def test_sign_in_page_is_accessible(page, demo):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in to Improvement Tracker")).to_be_visible()
    assert_accessible(page, "the sign-in page")


def test_a_manager_makes_the_monthly_return_and_the_board_sees_it(
    page, browser, live_server, august, court
):
    # (a) The service manager signs in and lands on their returns for August.
    sign_in(page, "manager.safeguarding", "demo-manager-2020")
    expect(page.get_by_role("heading", name="My returns for August 2020")).to_be_visible()
    page.locator(f"a[href*='/areas/{court.pk}/figures/']").first.click()
    expect(
        page.get_by_role("heading", name=re.compile("Protection and Court: figures"))
    ).to_be_visible()

    # One invalid value first: a percentage over 100.
    page.fill("#id_figures-0-value", "410")
    page.fill("#id_figures-0-commentary", "Still above target: step-down panel started.")
    page.fill("#id_figures-1-value", "80")
    page.fill("#id_figures-1-commentary", "Rate falling slowly.")
    page.fill("#id_figures-2-value", "150")
    page.fill("#id_figures-2-commentary", "Visits recorded late.")
    page.get_by_role("button", name="Save figures").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "A percentage must be between 0 and 100." in page.locator("main").inner_text()
    assert page.input_value("#id_figures-0-value") == "410"
    assert page.input_value("#id_figures-1-value") == "80"
    assert page.input_value("#id_figures-2-value") == "150"
    assert page.input_value("#id_figures-0-commentary").startswith("Still above target")
    assert not Actual.objects.filter(period=august).exists()
    assert_accessible(page, "the monthly figures form with errors shown")

    page.fill("#id_figures-2-value", "78")
    page.get_by_role("button", name="Save figures").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    saved = {a.measure.reference: a.value for a in Actual.objects.filter(period=august)}
    assert saved == {"PC1": Decimal(410), "PC2": Decimal(80), "PC3": Decimal(78)}

    # Update an action.
    action = Action.objects.get(area=court, reference="9.1.1")
    page.goto(f"/plans/{SLUG}/actions/{action.pk}/update/?period=2020-08")
    page.get_by_label("At risk").check()
    page.fill("#id_progress", "Tracker in place; two cases started late this month.")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    update = ActionUpdate.objects.get(action=action, period=august)
    assert update.status == "at_risk"
    assert update.author.username == "manager.safeguarding"

    # Submit the exception report.
    page.goto(f"/plans/{SLUG}/returns/2020-08/areas/{court.pk}/report/")
    assert_accessible(page, "the exception report form")
    page.get_by_label("Red", exact=True).check()
    page.fill("#id_reason", "Figures remain well above target.")
    page.fill("#id_key_developments", "Step-down panel started in August.")
    page.fill("#id_key_risks", "Child protection numbers remain high.")
    page.fill("#id_progress", "Rate per 10,000 fell from 82 to 80.")
    page.fill("#id_risks", "Visits within 15 working days below target.")
    page.fill("#id_evidence", "Monthly scorecard, August 2020.")
    page.get_by_role("button", name="Submit report").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    report = ExceptionReport.objects.get(area=court, period=august)
    assert report.status == "submitted"
    assert report.current_rag == "red"
    assert not page.js_errors, page.js_errors

    # (b) A board member signs in and sees August's RAG for the area.
    board = browser.new_context(base_url=live_server.url, accept_downloads=True)
    board_page = board.new_page()
    sign_in(board_page, "board", "demo-board-2020")
    expect(board_page.get_by_role("heading", name="RAG at a glance: August 2020")).to_be_visible()
    row = board_page.locator("tr", has=board_page.get_by_role("link", name="Protection and Court"))
    assert "Red" in row.first.inner_text()
    assert_accessible(board_page, "RAG at a glance")

    board_page.get_by_role("link", name="Protection and Court").first.click()
    board_page.wait_for_url(re.compile(r"/areas/\d+/"))
    assert "410" in board_page.locator("main").inner_text()
    assert_accessible(board_page, "the area scorecard")

    measure = court.measures.get(reference="PC1")
    board_page.goto(f"/plans/{SLUG}/measures/{measure.pk}/")
    board_page.wait_for_selector(".js-plotly-plot svg.main-svg", state="attached")
    assert board_page.locator(".js-plotly-plot svg.main-svg").count() >= 1
    assert "410" in board_page.locator("table").first.inner_text()
    assert_accessible(board_page, "the measure page")

    # The live pack is the admins' preview: the board member is sent to the published packs.
    board_page.goto(f"/plans/{SLUG}/board-pack/")
    board_page.wait_for_url(re.compile(r"/board-packs/$"))
    assert "the one published for the meeting" in board_page.locator("main").inner_text()
    assert_accessible(board_page, "the board packs page")

    # (c) An admin previews the live pack and downloads its scorecard.
    admin = browser.new_context(base_url=live_server.url, accept_downloads=True)
    admin_page = admin.new_page()
    sign_in(admin_page, "admin", "demo-admin-2020")
    admin_page.goto(f"/plans/{SLUG}/board-pack/")
    assert "Preview: not the published pack" in admin_page.locator("main").inner_text()
    assert_accessible(admin_page, "the board pack preview")
    with admin_page.expect_download() as download_info:
        admin_page.get_by_role("link", name=re.compile("Download the scorecard")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as f:
        workbook = openpyxl.load_workbook(f, read_only=True)
        values = [
            cell for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row
        ]
        workbook.close()
    assert any(isinstance(v, str) and "Reduce the numbers of Children" in v for v in values)
    admin.close()

    board_page.goto(f"/plans/{SLUG}/actions/")
    assert_accessible(board_page, "the action tracker")
    board_page.goto(f"/plans/{SLUG}/recommendations/")
    assert_accessible(board_page, "the recommendations page")
    assert not board_page.get_by_role("button", name="Save figures").count()
    board.close()


def test_the_monthly_figures_form_works_by_keyboard_alone(page, august, court):
    sign_in(page, "manager.safeguarding", "demo-manager-2020")
    page.goto(f"/plans/{SLUG}/returns/2020-08/areas/{court.pk}/figures/")
    page.locator("#id_figures-0-value").focus()
    typed = {
        "#id_figures-0-value": "400",
        "#id_figures-0-commentary": "Falling.",
        "#id_figures-1-value": "79",
        "#id_figures-1-commentary": "Falling.",
        "#id_figures-2-value": "91",
    }
    for _ in range(60):
        focused = page.evaluate("document.activeElement.id")
        selector = f"#{focused}"
        if selector in typed:
            page.keyboard.type(typed.pop(selector))
        if page.evaluate("document.activeElement.textContent.trim()") == "Save figures":
            break
        page.keyboard.press("Tab")
    assert not typed, f"never reached by Tab: {list(typed)}"
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert Actual.objects.get(period=august, measure__reference="PC3").value == 91


def test_an_admin_imports_a_council_workbook_and_finds_its_actions(page):
    from improvement.roles import ADMIN, role_group

    admin = User.objects.create_user("importer", password="imports-2017", is_staff=True)
    admin.groups.add(role_group(ADMIN))
    plan = Plan.objects.create(
        slug="southwark-2017",
        organisation="Southwark Council",
        title="Post-Ofsted action plan 2017",
        framework="SIF",
    )
    plan.memberships.create(user=admin, role="admin")  # an admin of this plan
    sign_in(page, "importer", "imports-2017")
    page.goto(f"/plans/{plan.slug}/")
    page.get_by_role("link", name="Import and export").click()
    page.get_by_label("Workbook").set_input_files(str(SAMPLES / "southwark_2017_actions.xlsx"))
    page.get_by_label(re.compile("council's own layout")).check()
    page.get_by_role("button", name="Upload and check").click()

    # The proposed mapping: the admin reads "Key points to note" as what is still to do.
    expect(page.get_by_role("heading", name="Check how the columns are read")).to_be_visible()
    assert_accessible(page, "the column mapping page")
    page.get_by_label("Key points to note").select_option(label="Still to do")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("button", name="Confirm and import")).to_be_visible()
    assert "18" in page.locator("main").inner_text()
    assert_accessible(page, "the import preview")
    assert not Action.objects.filter(area__plan=plan).exists()
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert Action.objects.filter(area__plan=plan).count() == 18
    joint_audit = Action.objects.get(area__plan=plan, text__startswith="Joint audit with SSCB")
    assert joint_audit.still_to_do or joint_audit.notes

    page.goto(f"/plans/{plan.slug}/actions/?lead=Thwaites")
    table = page.locator("main table").first.inner_text()
    assert "Joint audit with SSCB" in table
    assert not page.js_errors, page.js_errors
