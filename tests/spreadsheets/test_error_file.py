"""An import's problems: the preview lists the first hundred, the error file holds them all,
each with its sheet, row, column, the cell's text, what is wrong and what to do."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from measures.models import Measure
from spreadsheets import error_file
from spreadsheets.advice import ERROR_ADVICE, WARNING_ADVICE, split
from spreadsheets.error_file import COLUMNS, error_filename, error_workbook
from spreadsheets.models import ImportBatch
from spreadsheets.report import ImportReport, Where
from spreadsheets.xlsx_table import table_workbook

from .conftest import workbook

pytestmark = pytest.mark.django_db

HEADINGS = [heading for heading, _width in COLUMNS]


@pytest.mark.parametrize(
    "message, level, problem, what_to_do",
    [
        # The message's own closing instructions are what to do.
        (
            'The Notes "abc…" is 600 characters long; at most 500 fit. Shorten it.',
            "error",
            'The Notes "abc…" is 600 characters long; at most 500 fit.',
            "Shorten it.",
        ),
        (
            "April 2020 is locked, so its figures cannot be changed by an import. "
            "Unlock the period first, or leave this figure out.",
            "error",
            "April 2020 is locked, so its figures cannot be changed by an import.",
            "Unlock the period first, or leave this figure out.",
        ),
        (
            'No measure in this plan is called "Re-referrals". Import or add the measure '
            "first, or correct its name.",
            "error",
            'No measure in this plan is called "Re-referrals".',
            "Import or add the measure first, or correct its name.",
        ),
        # "e.g." does not end a sentence.
        (
            '"Rerefs" is not a national indicator\'s code in the catalogue (e.g. ReReferral); '
            "see the admin's list of national indicators.",
            "error",
            '"Rerefs" is not a national indicator\'s code in the catalogue (e.g. ReReferral); '
            "see the admin's list of national indicators.",
            "Type a code from the list of national indicators.",
        ),
        # Otherwise the kind of problem says what to do.
        (
            '"Unit" is blank; it is needed.',
            "error",
            '"Unit" is blank; it is needed.',
            "Fill in the cell.",
        ),
        ('"lots" is not a number.', "error", '"lots" is not a number.', None),
        ('"Sometimes" should be Yes or No.', "error", None, "Type Yes or No."),
        (
            '"32/13/2020" is not a date.',
            "error",
            None,
            'Type a date, e.g. 31/10/2020, or a month, e.g. "Oct-20".',
        ),
        (
            '"Fast" is not one of: Percentage, Count.',
            "error",
            None,
            "Type one of the values listed.",
        ),
        (
            'No action "Audit files" in Early Help.',
            "error",
            None,
            "Type the action's reference, or its wording as on the Actions sheet.",
        ),
        (
            'Could not read "about 12" as a figure. The cell was kept as text.',
            "warning",
            'Could not read "about 12" as a figure. The cell was kept as text.',
            None,
        ),
        ('"Sheet9" has something odd.', "error", None, ERROR_ADVICE),
        ("Something odd was kept.", "warning", None, WARNING_ADVICE),
    ],
)
def test_every_problem_says_what_is_wrong_and_what_to_do(message, level, problem, what_to_do):
    wrong, to_do = split(message, level)

    assert wrong == (problem or message)
    if what_to_do:
        assert to_do == what_to_do
    assert to_do and to_do != wrong


def test_the_error_file_of_a_report_lists_each_problem_with_its_cell():
    upload = workbook(
        {"Measures": [["Area", "Measure", "Unit"], ["Early Help", "Rate", "-5 pounds"]]}
    )
    report = ImportReport()
    report.error(
        '"-5 pounds" is not one of: Percentage, Count.', Where("Measures", 2, 'C ("Unit")')
    )
    report.warning("Only the first row of the Plan sheet is used.", Where("Plan", 3, "A"))
    report.error("The file is empty.")

    book = load_workbook(io.BytesIO(error_workbook(report, upload, "plan.xlsx")))

    sheet = book.active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADINGS
    assert rows[1] == [
        "Error",
        "Measures",
        2,
        'C ("Unit")',
        "-5 pounds",
        '"-5 pounds" is not one of: Percentage, Count.',
        "Type one of the values listed.",
    ]
    assert rows[2][:5] == ["Error", None, None, None, None]  # errors first
    assert rows[3][:5] == ["Warning", "Plan", 3, "A", None]  # no such sheet: no text
    assert rows[3][6] == "Delete the Plan sheet's other rows."
    text = sheet["E2"]  # the cell's text looks like a formula: kept as text
    assert (text.data_type, text.quotePrefix) == ("s", True)
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["F"].width >= 60
    assert book.properties.title == "Problems found in plan.xlsx"


def test_error_filename_is_the_upload_name_made_safe():
    assert error_filename('Council "plan" 2020.xlsx') == "council-plan-2020-problems.xlsx"


def upload(client, plan, data):
    client.post(
        reverse("spreadsheets:upload", args=[plan.slug]),
        {"file": SimpleUploadedFile("many errors.xlsx", data), "kind": "plan"},
    )
    return ImportBatch.objects.get()


def test_an_upload_with_thousands_of_problems_shows_a_hundred_and_downloads_them_all(
    admin_client, plan, area, monkeypatch
):
    rows = [["Area", "Measure", "Unit", "Colour"]]
    rows += [["Early Help", f"Measure {n}", f"Unit {n}"] for n in range(1, 2501)]
    batch = upload(
        admin_client, plan, workbook({"Areas": [["Area"], ["Early Help"]], "Measures": rows})
    )

    page = admin_client.get(reverse("spreadsheets:preview", args=[plan.slug, batch.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert len(html) < 150_000
    assert "2500 errors: nothing will be written" in html
    assert len(re.findall(r"is not one of: ", html)) == 100
    assert "… and 2400 more errors, in the spreadsheet of errors and warnings." in html
    assert "Warnings (1)" in html and "… and 1 more warning" in html  # errors come first
    download = reverse("spreadsheets:problems", args=[plan.slug, batch.pk])
    assert download in html

    read_again = []  # the cells' texts are kept as the preview reads them: no second read
    monkeypatch.setattr(error_file, "cell_texts", lambda *args: read_again.append(args) or {})
    response = admin_client.get(download)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="many-errors-problems.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == HEADINGS
    assert len(lines) == 1 + 2500 + 1
    assert lines[-2] == (
        "Error",
        "Measures",
        2501,
        'C ("Unit")',
        "Unit 2500",
        lines[-2][5],
        "Type one of the values listed.",
    )
    assert lines[-2][5].startswith('"Unit 2500" is not one of: ')
    assert lines[-1][:5] == ("Warning", "Measures", 1, "D", "Colour")
    assert all(line[6] for line in lines[1:])  # every problem says what to do
    assert not Measure.objects.exists()
    assert not read_again


def test_only_admins_may_download_the_error_file(admin_client, client, board_user, plan, area):
    batch = upload(
        admin_client, plan, workbook({"Measures": [["Area", "Measure"], ["Nowhere", "M"]]})
    )
    url = reverse("spreadsheets:problems", args=[plan.slug, batch.pk])
    client.force_login(board_user)

    assert client.get(url).status_code == 403


def test_an_import_with_many_warnings_keeps_a_hundred_in_its_report(admin_client, plan, area):
    rows = [["Area", "Measure", "Baseline"]]
    rows += [["Early Help", f"Measure {n}", f"about {n}ish"] for n in range(1, 151)]
    data = workbook({"Areas": [["Area"], ["Early Help"]], "Measures": rows})
    batch = upload(admin_client, plan, data)

    admin_client.post(reverse("spreadsheets:confirm", args=[plan.slug, batch.pk]))

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert Measure.objects.count() == 150
    assert "Warnings (150):" in batch.report_text
    assert batch.report_text.count("kept as the baseline wording") == 100
    assert "… and 50 more, in the error file" in batch.report_text
    page = admin_client.get(reverse("spreadsheets:preview", args=[plan.slug, batch.pk]))
    assert reverse("spreadsheets:problems", args=[plan.slug, batch.pk]) in page.content.decode()


@pytest.mark.parametrize(
    "value, shown, data_type, quote_prefix",
    [
        ("plain text", "plain text", "s", False),
        ('=HYPERLINK("http://x")', '=HYPERLINK("http://x")', "s", True),
        ("-5 & <b>", "-5 & <b>", "s", True),
        ("line\x0bbreak\x01", "line\nbreak", "s", False),
        (2501, 2501, "n", False),
        (None, None, "n", False),
    ],
)
def test_a_table_workbook_keeps_each_value_as_it_was(value, shown, data_type, quote_prefix):
    data = table_workbook("Title", 'Bob\'s "list"', [("Heading", 20)], [(value,)])

    book = load_workbook(io.BytesIO(data))
    cell = book['Bob\'s "list"']["A2"]
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (
        shown,
        data_type,
        quote_prefix,
    )
    assert book.active["A1"].value == "Heading"
    assert book.active.auto_filter.ref == "A1:A2"


def test_a_cell_read_again_inside_a_merged_range_has_the_range_text():
    data = workbook(
        {"Actions": [["Rec", "Action"], ["R1 merged", "First"], [None, "Second"]]},
        merges={"Actions": ["A2:A3"]},
    )
    report = ImportReport()
    report.warning("odd", Where("Actions", 3, 'A ("Rec")'))
    report.warning("odd", Where("Actions", 3, "B"))

    texts = error_file.cell_texts(data, "plan.xlsx", report.issues)

    assert texts == {("Actions", 3, 1): "R1 merged", ("Actions", 3, 2): "Second"}
