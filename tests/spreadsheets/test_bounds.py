"""A workbook that would take too much to open is refused before openpyxl reads it: each
part's uncompressed size (the shared strings above all), each sheet's rows and the
workbook's cells and pieces of text are bounded (limits lowered here, so that the
crafted files stay small)."""

import hashlib
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spreadsheets import reader
from spreadsheets.models import ImportBatch
from spreadsheets.reader import SpreadsheetError, check_upload, open_workbook

from .conftest import run_actuals, sample, workbook

pytestmark = pytest.mark.django_db


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one more part (or one part replaced)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info.filename))
        target.writestr(name, content)
    return out.getvalue()


def shared_strings(count: int, length: int = 64) -> bytes:
    """A shared strings part of `count` different texts (hashes: they hardly compress)."""
    texts = (hashlib.sha256(str(n).encode()).hexdigest()[:length] for n in range(count))
    body = b"".join(b"<si><t>" + text.encode() + b"</t></si>" for text in texts)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        + f'count="{count}" uniqueCount="{count}">'.encode()
        + body
        + b"</sst>"
    )


@pytest.fixture
def never_parsed(monkeypatch):
    """Fail the test if openpyxl is asked to open the workbook."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open a workbook over the bounds")

    monkeypatch.setattr(reader, "load_workbook", refuse)


def refused(data: bytes) -> str:
    with pytest.raises(SpreadsheetError) as caught, open_workbook(data, "plan.xlsx"):
        pass
    return str(caught.value)


def test_shared_strings_over_the_limit_are_refused_before_parsing(settings, never_parsed):
    settings.IMPORT_MAX_SHARED_STRINGS_BYTES = 200 * 1024
    data = with_part(
        workbook({"Sheet": [["Measure"]]}), "xl/sharedStrings.xml", shared_strings(5000)
    )
    assert len(data) < 300 * 1024  # small on disk; 400 KB of text once opened

    message = refused(data)

    assert message.startswith(
        "The workbook's text (its shared strings) would take 400,147 bytes to open"
    )
    assert "the most that can be imported is 204,800 bytes" in message
    assert "Copy just the data into a new workbook" in message


def test_the_shared_strings_limit_defaults_to_50_mb_so_189_mb_is_refused():
    bounds = reader.bounds()

    assert bounds.shared_strings_bytes == 50 * 1024 * 1024 < 189 * 1024 * 1024
    assert bounds.part_bytes == 100 * 1024 * 1024
    assert (bounds.rows, bounds.cells) == (50_000, 2_000_000)


def test_too_many_pieces_of_text_are_refused(settings, never_parsed):
    settings.IMPORT_MAX_CELLS = 1000
    data = with_part(
        workbook({"Sheet": [["Measure"]]}), "xl/sharedStrings.xml", shared_strings(1001, 4)
    )

    assert refused(data) == (
        "The workbook holds more than 1,000 pieces of text, the most that can be imported at "
        "once, so it was not opened. Split it into smaller workbooks."
    )


def test_any_part_over_the_limit_is_refused(settings, never_parsed):
    settings.IMPORT_MAX_PART_BYTES = 20_000  # the theme is 10,140 bytes
    data = workbook({"Figures": [[f"Measure {n}", n] for n in range(400)]})

    assert refused(data).startswith(
        'The part "xl/worksheets/sheet1.xml" of the workbook would take'
    )


def drop_dimension(data: bytes) -> bytes:
    """The workbook with its first sheet's <dimension> taken out: rows must be counted."""
    part = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    return with_part(data, "xl/worksheets/sheet1.xml", re.sub(rb"<dimension [^>]*/>", b"", part))


@pytest.mark.parametrize("dimension", [True, False])
def test_a_sheet_over_the_row_limit_is_refused_naming_it(settings, never_parsed, dimension):
    settings.IMPORT_MAX_ROWS = 50
    data = workbook({"Areas": [["Area"]], "Figures": [["Measure", n] for n in range(51)]})
    data = data if dimension else drop_dimension(data)

    assert refused(data) == (
        'The sheet "Figures" has more than 50 rows, the most that can be imported at once. '
        "Split it into smaller workbooks."
    )


def test_a_workbook_over_the_cell_limit_is_refused(settings, never_parsed):
    settings.IMPORT_MAX_CELLS = 150
    rows = [[f"{row}.{column}" for column in range(10)] for row in range(8)]
    data = workbook({"One": rows, "Two": rows})  # 80 cells each: 160 in all

    assert refused(data).startswith(
        "The workbook has more than 150 cells, the most that can be imported at once"
    )


@pytest.mark.parametrize(
    "name",
    [
        "southampton_2020_measures.xlsx",
        "southwark_2017_actions.xlsx",
        "southampton_2020_actuals_wide.xlsx",
    ],
)
def test_real_council_workbooks_are_within_the_bounds(name):
    check_upload(name, sample(name))


def actuals(rows: int) -> bytes:
    head = ["Measure", "Jul-20", "Aug-20"]
    return workbook({"Figures": [head] + [[f"Measure {n}", n, n + 1] for n in range(rows)]})


def test_an_actuals_upload_over_the_row_limit_is_refused_at_upload(
    admin_client, plan, settings, never_parsed
):
    settings.IMPORT_MAX_ROWS = 40

    response = admin_client.post(
        reverse("spreadsheets:upload", args=[plan.slug]),
        {"file": SimpleUploadedFile("figures.xlsx", actuals(40)), "kind": "actuals"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "The sheet &quot;Figures&quot; has more than 40 rows" in page
    assert not ImportBatch.objects.exists()


def test_an_actuals_import_over_the_row_limit_on_the_command_line_writes_nothing(plan, settings):
    settings.IMPORT_MAX_ROWS = 40

    report = run_actuals(actuals(40), plan)

    assert [str(error) for error in report.errors] == [
        'The sheet "Figures" has more than 40 rows, the most that can be imported at once. '
        "Split it into smaller workbooks."
    ]
    assert not report.committed
