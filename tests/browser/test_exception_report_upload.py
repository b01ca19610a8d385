"""An admin imports a council's monthly exception report: the upload asks for the month."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from exceptions.models import ExceptionReport
from improvement.models import Plan, ServiceArea
from improvement.roles import ADMIN, role_group

from ..spreadsheets.files.exception_report import build
from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_admin_imports_an_exception_report_into_the_month_asked_for(page, tmp_path):
    admin = User.objects.create_user("reporter", password="reports-2020", is_staff=True)
    admin.groups.add(role_group(ADMIN))
    plan = Plan.objects.create(slug="reports-2020", organisation="Southampton", title="Plan")
    plan.memberships.create(user=admin, role="admin")
    for order, name in enumerate(
        ("Leadership and Stability", "Quality Assurance", "Youth Justice"), start=1
    ):
        ServiceArea.objects.create(plan=plan, name=name, order=order)
    workbook = tmp_path / "july-2020.xlsx"
    workbook.write_bytes(build())
    sign_in(page, "reporter", "reports-2020")
    page.goto(f"/plans/{plan.slug}/spreadsheets/")

    page.get_by_label("Workbook").set_input_files(str(workbook))
    page.get_by_label(re.compile("council's own layout")).check()
    page.get_by_role("button", name="Upload and check").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("say which month")
    assert_accessible(page, "the upload page asking for the month")
    page.get_by_label("Workbook").set_input_files(str(workbook))
    page.get_by_label(re.compile("council's own layout")).check()
    page.get_by_label("Which month are its exception reports for?").fill("2020-07")
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", name="Check how the columns are read")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Confirm and import")).to_be_visible()
    assert "3 exception reports" in page.locator("main").inner_text()
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    july = ExceptionReport.objects.filter(area__plan=plan, period__month=datetime.date(2020, 7, 1))
    assert july.count() == 3
    assert not page.js_errors, page.js_errors
