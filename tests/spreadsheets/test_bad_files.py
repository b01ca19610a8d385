"""Files that are not sound .xlsx workbooks get one clear message and write nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from improvement.models import Plan, ServiceArea
from measures.models import Actual
from spreadsheets.models import ImportBatch
from spreadsheets.reader import SpreadsheetError, check_upload, open_workbook

from .conftest import run_actuals, run_council, sample, workbook

pytestmark = pytest.mark.django_db

MEASURES = [["Area", "Measure", "Baseline"], ["Early Help", "Referrals seen", 5]]


def good() -> bytes:
    return workbook({"Sheet": MEASURES})


def rewrite(data: bytes, member: str, change) -> bytes:
    """The same zip with one member's bytes changed by `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A workbook-shaped zip with a part that inflates a thousand-fold (4 MB of zeros)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))
    return out.getvalue()


def encrypted_member_zip() -> bytes:
    data = bytearray(good())
    # Set the "encrypted" flag on every local and central directory entry.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x1
            start += 4
    return bytes(data)


BAD_FILES = {
    "xls": ("plan.xls", good, "Only Excel workbooks (.xlsx) can be imported; this file has .xls"),
    "csv": ("plan.csv", lambda: b"Area,Measure\nEarly Help,Referrals\n", "this file has .csv"),
    "no extension": ("plan", good, "this file has no extension"),
    "corrupt zip": ("plan.xlsx", lambda: good()[:600], "The workbook is damaged"),
    "password": (
        "plan.xlsx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000,
        "The workbook is password-protected",
    ),
    "encrypted zip": ("plan.xlsx", encrypted_member_zip, "The workbook is password-protected"),
    "zip bomb": ("plan.xlsx", zip_bomb, "far more space to open than a plan"),
    "text renamed": (
        "plan.xlsx",
        lambda: b"Area\tMeasure\nEarly Help\tReferrals\n",
        "The file is not an Excel workbook, although its name ends in .xlsx",
    ),
    "word renamed": (
        "plan.xlsx",
        lambda: _docx(),
        "not an Excel workbook (perhaps a Word",
    ),
    "damaged sheet xml": (
        "plan.xlsx",
        lambda: rewrite(good(), "xl/worksheets/sheet1.xml", lambda b: b[: len(b) // 2]),
        "damaged",
    ),
    "empty": ("plan.xlsx", lambda: b"", "The file is empty"),
}


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_gets_one_clear_message_and_writes_nothing(plan, case):
    name, make, expected = BAD_FILES[case]
    areas_before = ServiceArea.objects.count()

    report = run_council(make(), plan, name=name)

    assert len(report.errors) == 1, [str(e) for e in report.errors]
    assert expected in report.errors[0].message
    assert not report.committed
    assert ServiceArea.objects.count() == areas_before


@pytest.mark.parametrize("case", ["xls", "password", "zip bomb", "text renamed", "corrupt zip"])
def test_bad_upload_on_the_web_shows_the_message_and_keeps_nothing(admin_client, plan, case):
    name, make, expected = BAD_FILES[case]

    response = admin_client.post(
        f"/plans/{plan.slug}/spreadsheets/upload/",
        {"file": SimpleUploadedFile(name, make()), "kind": "council"},
    )

    assert response.status_code == 400
    assert expected in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused(plan, settings):
    settings.IMPORT_MAX_BYTES = 1000
    data = sample("southampton_2020_measures.xlsx")

    report = run_council(data, plan, name="measures.xlsx")

    assert [e.message for e in report.errors] == [
        f"The file is {len(data):,} bytes; the largest file that can be imported is 1,000 bytes."
    ]
    assert not ServiceArea.objects.filter(plan=plan).exists()


def test_the_size_limit_defaults_to_10_mb(plan):
    with pytest.raises(SpreadsheetError, match="the largest file that can be imported is 10 MB"):
        check_upload("big.xlsx", b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 1))


def test_a_sheet_over_the_row_limit_is_refused(plan, settings):
    settings.IMPORT_MAX_ROWS = 5
    rows = [["Area", "Measure", "Baseline"]] + [["Early Help", f"Measure {i}", i] for i in range(9)]

    report = run_council(workbook({"Big": rows}), plan)

    assert [e.message for e in report.errors] == [
        'The sheet "Big" has more than 5 rows, the most that can be imported at once. '
        "Split it into smaller workbooks."
    ]
    assert not ServiceArea.objects.filter(plan=plan).exists()


def test_formulas_are_read_as_their_saved_values_never_run(southampton):
    rows = [
        ["Measure", "Jul-20", "Aug-20"],
        ["Safely reduce the total number of Looked After Children", 1, 2],
    ]

    def add_formulas(xml: bytes) -> bytes:
        # B2 saved by Excel as =WEBSERVICE(...) with value 512; C2 a formula never calculated.
        xml = xml.replace(
            b'<c r="B2" t="n"><v>1</v></c>',
            b'<c r="B2"><f>WEBSERVICE("http://x")</f><v>512</v></c>',
        )
        return xml.replace(b'<c r="C2" t="n"><v>2</v></c>', b'<c r="C2"><f>1+1</f></c>')

    data = rewrite(workbook({"Figures": rows}), "xl/worksheets/sheet1.xml", add_formulas)
    assert b"WEBSERVICE" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")

    report = run_actuals(data, southampton)

    assert not report.has_errors
    values = {
        a.period.month.month: a.value
        for a in Actual.objects.filter(measure__name__startswith="Safely reduce the total")
    }
    assert values == {7: 512}  # August's formula had no saved value: nothing imported


def test_open_workbook_always_closes(monkeypatch):
    closed = []
    from spreadsheets import reader

    original = reader.Workbook.close
    monkeypatch.setattr(reader.Workbook, "close", lambda self: closed.append(1) or original(self))

    with pytest.raises(RuntimeError), open_workbook(good(), "plan.xlsx"):
        raise RuntimeError("stop reading")

    assert closed == [1]


def test_no_plan_is_created_when_the_file_is_bad(db):
    report = run_council(b"not a workbook", None, plan_slug="new-plan", name="plan.xlsx")

    assert report.has_errors
    assert not Plan.objects.filter(slug="new-plan").exists()
