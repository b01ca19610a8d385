"""Exception reports in and out: our sheet of them, and a council's monthly exception
report (one row per area) imported into the month the admin chooses."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from exceptions.models import ExceptionReport
from improvement.models import Plan, ServiceArea
from spreadsheets.export import export_plan
from spreadsheets.importers import COUNCIL, ImportPlan
from spreadsheets.layouts import SheetMapping, propose_mappings, remap
from spreadsheets.layouts.reports import read_report_rag, split_analysis
from spreadsheets.models import ImportBatch
from spreadsheets.reader import open_workbook
from spreadsheets.report import CREATED, UNCHANGED, UPDATED

from .. import factories
from .conftest import run_council, run_template, workbook
from .files.exception_report import ROWS, build

pytestmark = pytest.mark.django_db

JULY = datetime.date(2020, 7, 1)


def council_mapping(data, period="2020-07"):
    with open_workbook(data, "report.xlsx") as book:
        mappings = propose_mappings(book)
    for mapping in mappings:
        mapping.period = period
    return [m.as_dict() for m in mappings]


def seed_areas(plan):
    return [
        factories.make_area(plan, name=name, order=order)
        for order, name in enumerate(
            ("Leadership and Stability", "Quality Assurance", "Youth Justice"), start=1
        )
    ]


# --- reading the cells ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, rating, kept, warned",
    [
        ("", "", "", False),
        (None, "", "", False),
        ("G", "green", "", False),
        ("Amber", "amber", "", False),
        ("r", "red", "", False),
        ("No data", "no_data", "", False),
        ("not_rated", "not_rated", "", False),
        ("A/G", "amber", "", True),
        ("Y", None, 'Previous RAG typed as "Y"', True),
        ("?????", None, 'Previous RAG typed as "?????"', True),
    ],
)
def test_a_rag_cell_is_read_or_kept_as_typed(typed, rating, kept, warned):
    read = read_report_rag(typed, "Previous RAG")
    assert (read.value, read.note, bool(read.warning)) == (rating, kept, warned)
    if kept:
        assert f"kept in the report's reason as: {kept}" in read.warning


@pytest.mark.parametrize(
    "text, progress, risks",
    [
        ("Progress: audits done. Risks: staff short.", "audits done.", "staff short."),
        ("Progress - audits done.\nRisk: staff short.", "audits done.", "staff short."),
        ("Audits done.", "Audits done.", ""),
        ("Audits done. Risks: staff short.", "Audits done.", "staff short."),
        ("Progress: a. Issues: b. Risks: c.", "a.", "b.\nc."),
        ("There is a risk - staff leave.", "There is a risk - staff leave.", ""),
        ("", "", ""),
    ],
)
def test_an_analysis_cell_is_split_into_progress_and_risks(text, progress, risks):
    assert split_analysis(text) == (progress, risks)


# --- our own sheet ----------------------------------------------------------------------


@pytest.fixture
def reported(plan, periods):
    leadership, quality, _youth = seed_areas(plan)
    june, july = periods[5], periods[6]
    factories.make_report(
        leadership,
        june,
        previous_rag="amber",
        suggested_rag="red",
        current_rag="amber",
        reason="Agency use is falling.",
        key_developments="Review begun.",
        key_risks="Capacity.",
        progress="Absence reports monthly.",
        risks="Sickness rising.",
        evidence="Absence reports.",
        status=ExceptionReport.Status.SUBMITTED,
    )
    factories.make_report(quality, july, current_rag="green", key_developments="Guidance drafted.")
    return plan


def report_fields(plan):
    fields = (
        "area__name",
        "period__month",
        "previous_rag",
        "suggested_rag",
        "current_rag",
        "reason",
        "key_developments",
        "key_risks",
        "progress",
        "risks",
        "evidence",
        "status",
    )
    return sorted(ExceptionReport.objects.filter(area__plan=plan).values_list(*fields))


def test_the_export_has_a_sheet_of_exception_reports(reported):
    book = load_workbook(io.BytesIO(export_plan(reported)))

    rows = list(book["Exception reports"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Area", "Period", "Previous RAG", "Suggested RAG", "Current RAG")
    assert rows[1][:5] == ("Leadership and Stability", datetime.datetime(2020, 6, 1), "Amber",
                           "Red", "Amber")  # fmt: skip
    assert "Agency use is falling." in rows[1]
    assert len(rows) == 3


def test_an_export_reimported_into_its_plan_changes_nothing(reported):
    report = run_template(export_plan(reported), reported)

    assert not report.has_errors, report.errors
    assert report.count(UNCHANGED, "report") == 2
    assert report.count(CREATED) == report.count(UPDATED) == 0


def test_an_export_imported_as_a_new_plan_has_the_same_reports(reported):
    before = report_fields(reported)
    data = export_plan(reported)

    report = run_template(data, plan_slug="copy")

    assert not report.has_errors, report.errors
    copy = Plan.objects.get(slug="copy")
    assert report_fields(copy) == before


def test_a_rag_our_sheet_cannot_read_is_kept_in_the_reason_and_warned(plan, periods):
    seed_areas(plan)
    data = workbook(
        {
            "Exception reports": [
                ["Area", "Period", "Current RAG", "Key risks"],
                ["Youth Justice", "Jul-20", "Y", "Custody"],
            ],
            "Notes": [],
        }
    )

    report = run_template(data, plan)

    assert not report.has_errors, report.errors
    saved = ExceptionReport.objects.get(area__name="Youth Justice")
    assert (saved.period.month, saved.current_rag) == (JULY, "")
    assert 'Current RAG typed as "Y"' in saved.reason
    [warning] = report.warnings
    assert (warning.where.sheet, warning.where.row) == ("Exception reports", 2)
    assert "Current RAG" in warning.where.column


# --- a council's exception report -------------------------------------------------------


def test_the_mapping_proposes_the_analysis_sub_columns(plan):
    [mapping] = council_mapping(build())

    assert mapping["kind"] == "reports"
    assert mapping["header_row"] == 5  # the row of "Progress" and "Risks", under ANALYSIS
    assert mapping["headers"][6:8] == ["ANALYSIS: Progress", "ANALYSIS: Risks"]
    assert mapping["columns"] == {
        "0": "area",
        "1": "lead",
        "2": "previous_rag",
        "3": "current_rag",
        "4": "key_developments",
        "5": "key_risks",
        "6": "progress",
        "7": "risks",
    }


@pytest.mark.parametrize("split_columns", [True, False])
def test_a_council_report_imports_into_the_chosen_month(plan, split_columns):
    seed_areas(plan)
    data = build(split_columns=split_columns)

    report = run_council(data, plan, mapping=council_mapping(data))

    assert not report.has_errors, report.errors
    assert report.count(CREATED, "report") == 3
    leadership = ExceptionReport.objects.get(area__name="Leadership and Stability")
    assert leadership.period.month == JULY
    assert (leadership.previous_rag, leadership.current_rag) == ("amber", "red")
    assert leadership.key_risks == ROWS[0][5]
    assert leadership.progress == ROWS[0][6]
    assert leadership.risks == ROWS[0][7]
    assert "AREA: Grainne Siggins" in leadership.evidence  # the rest of the area's cell
    assert leadership.status == ExceptionReport.Status.SUBMITTED


def test_unreadable_rags_are_kept_and_warned_with_their_place(plan):
    seed_areas(plan)
    data = build()

    report = run_council(data, plan, mapping=council_mapping(data))

    assert not report.has_errors, report.errors
    quality = ExceptionReport.objects.get(area__name="Quality Assurance")
    assert quality.current_rag == "" and 'Current RAG typed as "Y"' in quality.reason
    youth = ExceptionReport.objects.get(area__name="Youth Justice")
    assert youth.previous_rag == "" and 'Previous RAG typed as "?????"' in youth.reason
    places = {(w.where.sheet, w.where.row, w.where.column) for w in report.warnings}
    assert ("July 2020", 7, 'D ("Current RAG")') in places
    assert ("July 2020", 8, 'C ("Previous RAG")') in places


def test_headings_and_repeated_header_rows_are_not_areas(plan):
    seed_areas(plan)
    header = ["AREA", "Previous RAG", "Current RAG", "ANALYSIS"]
    data = workbook(
        {
            "Report": [
                ["Exception reports, July 2020"],
                header,
                ["Youth Justice", "G", "G", "Progress: fine. Risks: none."],
                ["Exception Report - Quality Assurance"],
                header,
                ["Quality Assurance", "A", "A", "Audits done."],
            ]
        }
    )

    report = run_council(data, plan, mapping=council_mapping(data))

    assert not report.has_errors, report.errors
    assert ExceptionReport.objects.count() == 2
    assert ExceptionReport.objects.get(area__name="Youth Justice").risks == "none."
    [warning] = report.warnings
    assert warning.where.row == 4 and "read as a heading" in warning.message


def test_importing_the_same_report_twice_changes_nothing(plan):
    seed_areas(plan)
    data = build()
    run_council(data, plan, mapping=council_mapping(data))
    before = ExceptionReport.history.count()

    report = run_council(data, plan, mapping=council_mapping(data))

    assert report.count(UNCHANGED, "report") == 3
    assert report.count(CREATED) == report.count(UPDATED) == 0
    assert ExceptionReport.history.count() == before


def test_an_area_the_plan_does_not_have_is_an_error_naming_the_row(plan):
    seed_areas(plan)
    rows = [*ROWS, ("Fostering", "", "G", "G", "", "", "", "")]
    data = build(rows)

    report = run_council(data, plan, mapping=council_mapping(data))

    [error] = report.errors
    assert (error.where.sheet, error.where.row) == ("July 2020", 9)
    assert 'Row 9: the plan has no service area called "Fostering"' in error.message
    assert not ExceptionReport.objects.exists()  # nothing written


def test_a_second_row_for_an_area_is_an_error(plan):
    seed_areas(plan)
    data = build([*ROWS, ROWS[2]])

    report = run_council(data, plan, mapping=council_mapping(data))

    [error] = report.errors
    assert error.where.row == 9 and "second exception report" in error.message
    assert not ExceptionReport.objects.exists()


def test_a_locked_month_is_not_changed(plan, periods):
    seed_areas(plan)
    july = periods[6]
    july.status = july.Status.LOCKED
    july.save()
    data = build()

    report = run_council(data, plan, mapping=council_mapping(data))

    assert report.errors and "July 2020 is locked" in report.errors[0].message
    assert report.errors[0].where.row == 6
    assert not ExceptionReport.objects.exists()


def test_without_a_month_nothing_is_imported(plan):
    seed_areas(plan)
    data = build()

    report = run_council(data, plan, mapping=council_mapping(data, period=""))

    assert "Say which month these exception reports are for" in report.errors[0].message
    assert not ExceptionReport.objects.exists()


def test_a_saved_report_changed_since_the_preview_is_not_overwritten(plan, periods):
    leadership, *_ = seed_areas(plan)
    existing = factories.make_report(leadership, periods[6], current_rag="amber")
    data = build()
    importer = ImportPlan(
        data, name="report.xlsx", kind=COUNCIL, plan=plan, mapping=council_mapping(data)
    )
    importer.preview()
    seen = importer.versions_read
    existing.key_risks = "Typed on the web meanwhile."
    existing.save()

    report = importer.commit(expected_versions=seen)

    assert report.has_errors and "was saved" in report.errors[0].message
    existing.refresh_from_db()
    assert existing.current_rag == "amber"


def test_into_a_new_plan_the_areas_are_created(db, tmp_path):
    out = io.StringIO()
    path = _write(tmp_path, build())
    call_command("import_plan", path, "--plan", "monthly", "--period", "2020-07", stdout=out)

    plan = Plan.objects.get(slug="monthly")
    names = set(ServiceArea.objects.filter(plan=plan).values_list("name", flat=True))
    assert names == {"Leadership and Stability", "Quality Assurance", "Youth Justice"}
    assert ServiceArea.objects.get(plan=plan, name="Quality Assurance").lead == "Stuart Webb"
    assert ExceptionReport.objects.filter(area__plan=plan, period__month=JULY).count() == 3
    assert "3 exception reports" in out.getvalue()


def _write(folder, data):
    path = folder / "july.xlsx"
    path.write_bytes(data)
    return str(path)


def test_the_command_needs_a_month_for_a_sheet_of_reports(plan, tmp_path):
    seed_areas(plan)
    path = _write(tmp_path, build())

    with pytest.raises(CommandError):
        call_command("import_plan", path, "--plan", plan.slug, stdout=io.StringIO())
    with pytest.raises(CommandError, match="is not a month"):
        call_command("import_plan", path, "--plan", plan.slug, "--period", "July")
    assert not ExceptionReport.objects.exists()


def test_the_command_imports_into_the_month_given(plan, tmp_path):
    seed_areas(plan)
    out = io.StringIO()
    path = _write(tmp_path, build())

    call_command("import_plan", path, "--plan", plan.slug, "--period", "2020-07", stdout=out)

    assert ExceptionReport.objects.filter(area__plan=plan, period__month=JULY).count() == 3
    assert 'Current RAG typed as "Y"' in out.getvalue()


def test_our_own_workbook_needs_no_month(reported, tmp_path):
    path = _write(tmp_path, export_plan(reported))
    out = io.StringIO()

    call_command("import_plan", path, "--plan", reported.slug, "--period", "2020-07", stdout=out)

    assert "--period is not used" in out.getvalue()
    assert "Left unchanged:" in out.getvalue() and "2 exception reports" in out.getvalue()


def test_changing_a_sheets_kind_on_the_mapping_page_keeps_the_month(plan):
    data = build()
    [mapping] = [SheetMapping.from_dict(m) for m in council_mapping(data)]
    mapping.kind = "actions"

    with open_workbook(data, "july.xlsx") as book:
        again = remap(mapping, book)

    assert (again.kind, again.period) == ("actions", "2020-07")


# --- the web -----------------------------------------------------------------------------


def upload(client, plan, data, period=""):
    return client.post(
        reverse("spreadsheets:upload", args=[plan.slug]),
        {"file": SimpleUploadedFile("july.xlsx", data), "kind": "council", "period": period},
    )


def test_the_upload_asks_which_month_the_reports_are_for(admin_client, plan):
    seed_areas(plan)

    response = upload(admin_client, plan, build())

    assert response.status_code == 400
    page = response.content.decode()
    assert "holds exception reports: say which month they are for" in page
    assert 'href="#id_period"' in page  # the error summary links to the field
    assert not ImportBatch.objects.exists()


def test_a_month_that_is_not_one_is_refused(admin_client, plan):
    response = upload(admin_client, plan, build(), period="summer")

    assert response.status_code == 400
    assert "is not a month" in response.content.decode()


def test_the_web_upload_goes_through_the_mapping_page_into_the_month(admin_client, plan):
    seed_areas(plan)

    response = upload(admin_client, plan, build(), period="2020-07")

    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("spreadsheets:mapping", args=[plan.slug, batch.pk])
    page = admin_client.get(response["Location"]).content.decode()
    assert "Exception reports (one row per service area)" in page
    assert "ANALYSIS: Progress" in page
    form = {"sheet0_kind": "reports"}
    for index, field in batch.mapping[0]["columns"].items():
        form[f"sheet0_col{index}"] = field
    response = admin_client.post(response["Location"], form)
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = admin_client.get(response["Location"]).content.decode()
    assert "3 exception reports" in preview
    admin_client.post(reverse("spreadsheets:confirm", args=[plan.slug, batch.pk]))
    assert ExceptionReport.objects.filter(area__plan=plan, period__month=JULY).count() == 3
