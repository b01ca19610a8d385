"""The admin's import and export pages: upload, check the columns, preview, confirm."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from improvement.models import Action
from measures.models import Actual, Measure
from spreadsheets.models import ImportBatch

from .conftest import sample, workbook

pytestmark = pytest.mark.django_db


def url(name, plan, *args):
    return reverse(f"spreadsheets:{name}", args=[plan.slug, *args])


def upload(client, plan, name, data, kind):
    return client.post(url("upload", plan), {"file": SimpleUploadedFile(name, data), "kind": kind})


def test_home_offers_template_export_and_upload(admin_client, plan):
    response = admin_client.get(url("home", plan))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Import and export" in page
    assert url("template", plan) in page
    assert url("export", plan) in page
    assert "Download this plan as a workbook" in page
    assert "Monthly figures (actuals), wide or long" in page
    assert "Nothing has been imported into this plan yet." in page


@pytest.mark.parametrize("name", ["home", "template", "export"])
def test_only_admins_may_use_the_pages(board_client, manager_client, plan, name):
    assert board_client.get(url(name, plan)).status_code == 403
    assert manager_client.get(url(name, plan)).status_code == 403


def test_signed_out_users_are_sent_to_sign_in(client, plan):
    response = client.get(url("home", plan))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_blank_template_downloads_as_xlsx(admin_client, plan):
    response = admin_client.get(url("template", plan))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="improvement-tracker-template.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert "Actions" in book.sheetnames and "Notes" in book.sheetnames


def test_export_downloads_the_plan(admin_client, plan, area):
    Measure.objects.create(area=area, name="=cmd|' /C calc'!A0", unit="count")

    response = admin_client.get(url("export", plan))

    assert f'filename="{plan.slug}-' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    cell = book["Measures"]["C2"]
    assert (cell.value, cell.data_type) == ("=cmd|' /C calc'!A0", "s")


def test_council_layout_upload_goes_to_the_column_check(admin_client, admin_user, plan):
    response = upload(
        admin_client, plan, "southwark.xlsx", sample("southwark_2017_actions.xlsx"), "council"
    )

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("mapping", plan, batch.pk)
    assert (batch.kind, batch.uploaded_by, batch.file_name) == (
        "council",
        admin_user,
        "southwark.xlsx",
    )
    page = admin_client.get(response["Location"]).content.decode()
    assert "Check how the columns are read" in page
    assert "Headings found on row 3" in page
    assert "holds people&#x27;s names, not progress" in page
    assert "Column C: &quot;Progress&quot;" in page
    assert '<option value="lead" selected>Lead</option>' in page
    assert Action.objects.count() == 0


def test_the_admin_changes_a_column_then_previews_and_confirms(admin_client, plan):
    upload(admin_client, plan, "southwark.xlsx", sample("southwark_2017_actions.xlsx"), "council")
    batch = ImportBatch.objects.get()
    form = {
        "sheet0_kind": "actions",
        "sheet0_col0": "recommendation",
        "sheet0_col1": "action",
        "sheet0_col2": "lead",
        "sheet0_col3": "target_date",
        "sheet0_col4": "rag",
        "sheet0_col5": "",
    }  # leave "Key points to note" out

    response = admin_client.post(url("mapping", plan, batch.pk), form)

    assert response["Location"] == url("preview", plan, batch.pk)
    preview = admin_client.get(response["Location"]).content.decode()
    assert "Check what the import will do" in preview
    assert "1 service area, 11 recommendations, 18 actions" in preview
    assert "Could not read &quot;?????&quot; as a RAG rating" in preview
    assert "The column F (&quot;Key points to note&quot;) was not recognised" in preview
    assert "Confirm and import" in preview
    assert Action.objects.count() == 0

    response = admin_client.post(url("confirm", plan, batch.pk), follow=True)

    page = response.content.decode()
    assert "Imported southwark.xlsx. Created 1 service area, 11 recommendations, 18 actions" in page
    assert Action.objects.filter(area__plan=plan).count() == 18
    assert Action.objects.filter(notes__contains="Audit scheduled").count() == 0
    batch.refresh_from_db()
    assert batch.status == "imported"
    assert '<strong class="govuk-tag govuk-tag--green">Imported</strong>' in page
    history = Action.history.filter(history_type="+").first()
    assert history.history_user.username == "admin1"


def test_mapping_a_field_twice_is_refused(admin_client, plan):
    upload(admin_client, plan, "southwark.xlsx", sample("southwark_2017_actions.xlsx"), "council")
    batch = ImportBatch.objects.get()

    response = admin_client.post(
        url("mapping", plan, batch.pk),
        {"sheet0_kind": "actions", "sheet0_col0": "action", "sheet0_col1": "action"},
    )

    assert response.status_code == 400
    assert "&quot;Action&quot; is already read from column A; choose one column for it." in (
        response.content.decode()
    )


def test_actuals_upload_previews_errors_and_cannot_be_confirmed(admin_client, plan):
    data = workbook({"Figures": [["Measure", "Jul-20"], ["No such measure", 5]]})
    response = upload(admin_client, plan, "figures.xlsx", data, "actuals")
    batch = ImportBatch.objects.get()
    assert response["Location"] == url("mapping", plan, batch.pk)  # the columns first
    response = admin_client.post(
        url("mapping", plan, batch.pk),
        {"sheet0_kind": "figures", "sheet0_col0": "measure", "sheet0_col1": "month"},
    )

    page = admin_client.get(response["Location"]).content.decode()

    assert "The workbook cannot be imported yet" in page
    assert "1 error: nothing will be written" in page
    assert "No measure in this plan is called &quot;No such measure&quot;" in page
    assert '<td class="govuk-table__cell">Figures</td>' in page
    assert "Confirm and import" not in page
    response = admin_client.post(url("confirm", plan, batch.pk))
    assert response.status_code == 400
    assert not Actual.objects.exists()
    batch.refresh_from_db()
    assert batch.status == "failed"


def test_confirming_twice_imports_once(admin_client, southampton):
    plan = southampton
    upload(
        admin_client,
        plan,
        "scorecard.xlsx",
        sample("southampton_2020_actuals_wide.xlsx"),
        "actuals",
    )
    batch = ImportBatch.objects.get()
    admin_client.post(url("confirm", plan, batch.pk))
    count = Actual.objects.count()

    response = admin_client.post(url("confirm", plan, batch.pk), follow=True)

    assert "scorecard.xlsx has already been imported." in response.content.decode()
    assert Actual.objects.count() == count
    page = admin_client.get(url("preview", plan, batch.pk)).content.decode()
    assert "Created 5 reporting periods, 57 monthly figures" in page


def test_our_template_upload_previews_directly(admin_client, plan):
    from spreadsheets.template import blank_template

    response = upload(admin_client, plan, "template.xlsx", blank_template(), "plan")

    batch = ImportBatch.objects.get()
    assert response["Location"] == url("preview", plan, batch.pk)
    page = admin_client.get(response["Location"]).content.decode()
    assert "Check what the import will do" in page
    assert "Nothing" in page


def test_a_council_workbook_sent_as_our_template_is_read_as_a_council_layout(admin_client, plan):
    response = upload(
        admin_client, plan, "measures.xlsx", sample("southampton_2020_measures.xlsx"), "plan"
    )

    batch = ImportBatch.objects.get()
    assert batch.kind == "council"
    assert response["Location"] == url("mapping", plan, batch.pk)


def test_batches_of_another_plan_are_not_found(admin_client, admin_user, plan):
    from tests.factories import make_member, make_plan

    other = make_plan(slug="other")
    make_member(admin_user, other, "admin")
    upload(admin_client, other, "s.xlsx", sample("southwark_2017_actions.xlsx"), "council")
    batch = ImportBatch.objects.get()

    assert admin_client.get(url("preview", plan, batch.pk)).status_code == 404


def test_changing_a_sheets_kind_matches_its_columns_again(admin_client, plan):
    upload(admin_client, plan, "measures.xlsx", sample("southampton_2020_measures.xlsx"), "council")
    batch = ImportBatch.objects.get()
    assert batch.mapping[0]["kind"] == "measures"

    response = admin_client.post(
        url("mapping", plan, batch.pk), {"sheet0_kind": "actions"}, follow=True
    )

    page = response.content.decode()
    assert "The columns were matched again for the new kind of sheet." in page
    batch.refresh_from_db()
    assert batch.mapping[0]["kind"] == "actions"
    assert batch.mapping[0]["columns"] == {"0": "area", "4": "target_date", "5": "outcome"}
    assert "Choose the column that holds the action" not in page


def test_skipping_every_sheet_previews_an_error(admin_client, plan):
    upload(admin_client, plan, "measures.xlsx", sample("southampton_2020_measures.xlsx"), "council")
    batch = ImportBatch.objects.get()

    response = admin_client.post(url("mapping", plan, batch.pk), {"sheet0_kind": ""}, follow=True)

    page = response.content.decode()
    assert "The workbook cannot be imported yet" in page
    assert "No sheet has a header row naming actions" in page


def test_preview_lists_cells_kept_as_words_and_the_figure_taken(admin_client, plan):
    upload(
        admin_client,
        plan,
        "southampton.xlsx",
        sample("southampton_2020_measures.xlsx"),
        "council",
    )
    batch = ImportBatch.objects.get()
    columns = ["area", "measure", "baseline", "actual", "target", "outcome"]
    form = {"sheet0_kind": "measures"} | {f"sheet0_col{i}": c for i, c in enumerate(columns)}

    response = admin_client.post(url("mapping", plan, batch.pk), form)
    preview = admin_client.get(response["Location"]).content.decode()

    assert (
        "No figure was read from &quot;7 in progress&quot;: the words beside the number "
        "(&quot;in progress&quot;) say it is not a settled figure. The cell&#x27;s text was "
        "kept as the baseline wording." in preview
    )
    assert "Read 9% from &quot;5% social worker; 9% overall&quot;" in preview
    assert "Confirm and import" in preview
    assert not Measure.objects.exists()  # the preview wrote nothing
