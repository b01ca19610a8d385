"""A plan exported and imported back into itself changes nothing: progress updates entered
on the web (their times to the microsecond) are found again by the id the export writes."""

import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from comparators.models import Indicator
from improvement.models import Action, ActionUpdate, PlanMembership
from measures.models import Measure
from spreadsheets.export import export_plan
from spreadsheets.models import ImportBatch
from tests import factories

from .conftest import run_template
from .test_template import full_plan  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def history_rows() -> int:
    """Every row of every model's history (django-simple-history)."""
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


@pytest.fixture
def web_plan(full_plan, manager_user, catalogue):  # noqa: F811
    """The full plan, with progress updates entered on the web, a linked indicator and
    exception reports."""
    action = Action.objects.get(area__plan=full_plan, reference="1.1")
    for text in ("Audits on track", "Two more audits"):
        ActionUpdate.objects.create(
            action=action, status="in_progress", progress=text, author=manager_user
        )
    measure = Measure.objects.filter(area__plan=full_plan).order_by("pk").last()
    measure.indicator = Indicator.objects.get(code="ReReferral")
    measure.save()
    may, june = full_plan.periods.order_by("month")[1:3]
    for period, status in ((may, "submitted"), (june, "draft")):
        factories.make_report(
            action.area,
            period,
            previous_rag="amber",
            suggested_rag="red",
            current_rag="amber",
            reason="Recruitment is slow\nbut improving",
            key_developments="=Two audits done",
            key_risks="Staffing",
            progress="On track",
            risks="-Sickness",
            evidence="Audit reports",
            status=status,
        )
    assert any(u.created_at.microsecond for u in ActionUpdate.objects.all())
    return full_plan


def test_the_export_writes_each_progress_update_id(web_plan):
    book = load_workbook(io.BytesIO(export_plan(web_plan)))
    sheet = book["Progress updates"]
    headers = [cell.value for cell in sheet[1]]
    ids = [row[headers.index("Update ID")] for row in sheet.iter_rows(min_row=2, values_only=True)]

    assert sorted(ids) == sorted(
        ActionUpdate.objects.filter(action__area__plan=web_plan).values_list("pk", flat=True)
    )
    notes = [row for row in book["Notes"].iter_rows(values_only=True) if row[1] == "Update ID"]
    assert "Leave it blank for a new update" in notes[0][2]


def test_an_export_imported_back_through_the_pages_changes_nothing(client, web_plan):
    admin = factories.make_admin("roundtrip")
    factories.make_member(admin, web_plan, PlanMembership.Role.ADMIN)
    client.force_login(admin)
    updates, history = ActionUpdate.objects.count(), history_rows()
    data = client.get(reverse("spreadsheets:export", args=[web_plan.slug])).content

    client.post(
        reverse("spreadsheets:upload", args=[web_plan.slug]),
        {"file": SimpleUploadedFile("export.xlsx", data), "kind": "plan"},
    )
    batch = ImportBatch.objects.get()
    page = client.get(reverse("spreadsheets:preview", args=[web_plan.slug, batch.pk]))

    text = page.content.decode()
    assert 'data-outcome="created">Nothing<' in text
    assert 'data-outcome="updated">Nothing<' in text
    assert "3 progress updates" in text  # left unchanged
    assert "2 exception reports" in text
    response = client.post(reverse("spreadsheets:confirm", args=[web_plan.slug, batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert "Created nothing; updated nothing" in batch.summary
    assert (ActionUpdate.objects.count(), history_rows()) == (updates, history)


def test_a_changed_update_is_matched_by_its_id_and_updated(web_plan):
    data = export_plan(web_plan)
    book = load_workbook(io.BytesIO(data))
    sheet = book["Progress updates"]
    headers = [cell.value for cell in sheet[1]]
    last = sheet.max_row
    sheet.cell(last, headers.index("Progress") + 1).value = "Three more audits"
    update_id = sheet.cell(last, headers.index("Update ID") + 1).value
    buffer = io.BytesIO()
    book.save(buffer)
    count = ActionUpdate.objects.count()

    report = run_template(buffer.getvalue(), plan=web_plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert (report.count("created"), report.count("updated", "update")) == (0, 1)
    assert ActionUpdate.objects.count() == count
    assert ActionUpdate.objects.get(pk=update_id).progress == "Three more audits"


def edited(data, row=None, **cells):
    """An export with cells of a progress update's row changed (the last row by default)."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["Progress updates"]
    headers = [cell.value for cell in sheet[1]]
    row = row or sheet.max_row
    for header, value in cells.items():
        sheet.cell(row, headers.index(header.replace("_", " ")) + 1).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), row, f'{chr(65 + headers.index("Update ID"))} ("Update ID")'


@pytest.mark.parametrize(
    "change, problem",
    [
        ("other plan", "is not one of this plan's progress updates"),
        ("other action", 'is a progress update on another action ("Recruit carers")'),
        ("twice", "is on row 3 too"),
    ],
)
def test_an_update_id_not_of_this_plan_or_action_or_given_twice_is_an_error_naming_the_row(
    web_plan, change, problem
):
    data = export_plan(web_plan)
    if change == "other plan":
        area = factories.make_area(factories.make_plan(), "Elsewhere")
        wrong = ActionUpdate.objects.create(
            action=factories.make_action(area, "Theirs"), status="in_progress"
        )
    elif change == "other action":
        wrong = ActionUpdate.objects.create(
            action=Action.objects.get(area__plan=web_plan, text="Recruit carers"),
            status="complete",
        )
    else:
        wrong = ActionUpdate.objects.order_by("created_at", "pk")[1]  # on row 3
    data, row, column = edited(data, row=4, Update_ID=wrong.pk)
    count = ActionUpdate.objects.count()

    report = run_template(data, plan=web_plan)

    errors = [(e.sheet, e.row, e.column, e.message) for e in report.errors]
    assert len(errors) == 1, errors
    assert errors[0][:3] == ("Progress updates", row, column)
    assert f"Update ID {wrong.pk} {problem}" in errors[0][3]
    assert "leave it blank to add the update as a new one" in errors[0][3]
    assert ActionUpdate.objects.count() == count


def test_a_blank_update_id_adds_a_new_update(web_plan):
    data, _row, _column = edited(export_plan(web_plan), Update_ID=None, Progress="A new entry")
    count = ActionUpdate.objects.count()

    report = run_template(data, plan=web_plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert report.count("created", "update") == 1
    assert ActionUpdate.objects.count() == count + 1


def test_an_export_imported_as_a_new_plan_copies_its_updates(web_plan):
    report = run_template(export_plan(web_plan), plan_slug="copy")

    assert not report.has_errors, [str(e) for e in report.errors]
    assert report.count("created", "update") == 3
    assert ActionUpdate.objects.filter(action__area__plan__slug="copy").count() == 3
