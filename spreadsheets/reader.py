"""Open uploaded workbooks safely and read their rows as a stream.

Everything that can go wrong with a file someone uploads (wrong type, too big, a
zip bomb, a password, a corrupt or truncated file, too many rows) ends in one
``SpreadsheetError`` whose message can be shown to the admin as it is. Workbooks are
opened with openpyxl in read-only mode with ``data_only=True``: formulas are read as
the values Excel saved with them and are never evaluated. The workbook is always
closed, however reading ends.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from .bounds import Bounds, too_many_rows

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: old .xls, or an encrypted .xlsx
# A real workbook's parts compress well, but not a thousand-fold.
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 5000
# While an error file is made (error_file.py): the rows each sheet last yielded, so that a
# problem reported at one of them keeps the text of its cell without reading it again.
RECENT_ROWS = 200
recent_rows: ContextVar[dict[str, deque] | None] = ContextVar("recent_rows", default=None)


class SpreadsheetError(Exception):
    """A file that cannot be imported; the message is written for the admin."""


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def max_uncompressed_bytes() -> int:
    return settings.IMPORT_MAX_UNCOMPRESSED_BYTES


def bounds() -> Bounds:
    """The limits on what a workbook may take to open (settings IMPORT_MAX_*)."""
    return Bounds(
        part_bytes=min(settings.IMPORT_MAX_PART_BYTES, max_uncompressed_bytes()),
        shared_strings_bytes=settings.IMPORT_MAX_SHARED_STRINGS_BYTES,
        rows=max_rows(),
        cells=settings.IMPORT_MAX_CELLS,
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def check_upload(name: str, data: bytes) -> None:
    """Refuse anything that is not a sound .xlsx within the limits; return quietly if fine."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix != ".xlsx":
        shown = suffix or "no extension"
        raise SpreadsheetError(
            f"Only Excel workbooks (.xlsx) can be imported; this file has {shown}. "
            "Open it in Excel and save it as an Excel Workbook (.xlsx)."
        )
    if len(data) > max_bytes():
        raise SpreadsheetError(
            f"The file is {_megabytes(len(data))}; the largest file that can be imported is "
            f"{_megabytes(max_bytes())}."
        )
    if not data:
        raise SpreadsheetError("The file is empty.")
    if data.startswith(CFB_MAGIC):
        raise SpreadsheetError(
            "The workbook is password-protected (or saved in the old .xls format). "
            "Remove the password, or save it as an Excel Workbook (.xlsx), and upload it again."
        )
    if not data.startswith(ZIP_MAGIC):
        raise SpreadsheetError(
            "The file is not an Excel workbook, although its name ends in .xlsx. "
            "Save it from Excel as an Excel Workbook (.xlsx)."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(
            "The workbook is damaged and cannot be opened. "
            "Open it in Excel, save a fresh copy and upload that."
        ) from None


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a zip that is not a workbook, or one too big to open (bounds.py)."""
    members = archive.infolist()
    names = {info.filename for info in members}
    if len(members) > MAX_ZIP_MEMBERS:
        raise SpreadsheetError(_bomb_message())
    if any(info.flag_bits & 0x1 for info in members):
        raise SpreadsheetError(
            "The workbook is password-protected. Remove the password and upload it again."
        )
    total = sum(info.file_size for info in members)
    if total > max_uncompressed_bytes():
        raise SpreadsheetError(_bomb_message())
    for info in members:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise SpreadsheetError(_bomb_message())
    if "xl/workbook.xml" not in names and not any(n.endswith("/workbook.xml") for n in names):
        raise SpreadsheetError(
            "The file is a zip archive but not an Excel workbook (perhaps a Word or "
            "PowerPoint file renamed). Upload an Excel Workbook (.xlsx)."
        )
    problem = bounds().check(archive)
    if problem:
        raise SpreadsheetError(problem)


def _bomb_message() -> str:
    return (
        "The workbook would take far more space to open than a plan or scorecard needs "
        f"(over {_megabytes(max_uncompressed_bytes())} uncompressed), so it was not opened."
    )


@dataclass
class Row:
    """One row of a sheet: its Excel row number, cell values and number formats."""

    number: int
    values: list
    formats: list[str] = field(default_factory=list)

    def value(self, column: int):
        return self.values[column] if column < len(self.values) else None

    def format(self, column: int) -> str:
        return (self.formats[column] or "") if column < len(self.formats) else ""

    def filled(self) -> list[int]:
        """Indexes of the cells holding something other than blanks."""
        return [i for i, v in enumerate(self.values) if v is not None and str(v).strip() != ""]


_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Za-z]+\d+:[A-Za-z]+\d+)\"")


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (min_col, min_row, max_col, max_row), 1-based.

    Read-only mode does not expose merged cells, so the sheet part is scanned in chunks
    for its <mergeCell ref="A5:A6"/> elements: streaming, whatever the sheet's size.
    """
    ranges = []
    tail = b""
    try:
        with archive.open(path.lstrip("/")) as part:
            while chunk := part.read(1024 * 1024):
                block = tail + chunk
                last_end = 0
                for match in _MERGE_RE.finditer(block):
                    ranges.append(range_boundaries(match.group(1).decode("ascii")))
                    last_end = match.end()
                tail = block[max(last_end, len(block) - 200) :]
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return []
    return ranges


class Workbook:
    """An open workbook: sheet names and a stream of rows per sheet."""

    def __init__(self, data: bytes):
        self._data = data
        self._archive = zipfile.ZipFile(io.BytesIO(data))
        self._book = load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def close(self) -> None:
        try:
            self._book.close()
        finally:
            self._archive.close()

    def cells(self, sheet_name: str, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], object]:
        """{(row, column): value} of some cells of a sheet (1-based), read fast (values only,
        no number formats) up to the last row wanted; a cell inside a merged range has the
        range's value, as Excel shows it."""
        if sheet_name not in self.sheet_names or not wanted:
            return {}
        sheet = self._book[sheet_name]
        merges = _merged_ranges(self._archive, getattr(sheet, "_worksheet_path", ""))
        anchors = {}
        for row, column in wanted:
            for min_col, min_row, max_col, max_row in merges:
                if min_row <= row <= max_row and min_col <= column <= max_col:
                    anchors[(row, column)] = (min_row, min_col)
                    break
        needed = {anchors.get(cell, cell) for cell in wanted}
        by_row: dict[int, list[int]] = {}
        for row, column in needed:
            by_row.setdefault(row, []).append(column)
        last = max(by_row)
        found = {}
        sheet.reset_dimensions()
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                for column in by_row.get(number, ()):
                    found[(number, column)] = values[column - 1] if column <= len(values) else None
                if number >= last:
                    break
        except Exception:  # a damaged sheet: the import's own reading reports it
            return {}
        return {cell: found.get(anchors.get(cell, cell)) for cell in wanted}

    def rows(self, sheet_name: str) -> Iterator[Row]:
        """Every row of a sheet, blank rows included, with merged cells filled down.

        A merged range's value is given to every row it covers in its first column (a
        recommendation merged over three actions belongs to all three); cells to the
        right of a merge stay blank, so a heading merged across a row is still one cell.
        """
        try:
            sheet = self._book[sheet_name]
        except KeyError:
            raise SpreadsheetError(f'The workbook has no sheet called "{sheet_name}".') from None
        limit = max_rows()
        declared = getattr(sheet, "max_row", None)
        if declared and declared > limit:
            raise SpreadsheetError(too_many_rows(sheet_name, limit))
        merges = _merged_ranges(self._archive, getattr(sheet, "_worksheet_path", ""))
        # (column index 0-based, first row, last row) of each merge, filled below its anchor.
        fills: dict[int, list[tuple[int, int, int]]] = {}
        for min_col, min_row, _max_col, max_row in merges:
            if max_row > min_row:
                fills.setdefault(min_row, []).append((min_col - 1, min_row, max_row))
        active: list[tuple[int, int, object, str]] = []  # (column, last row, value, format)
        recent = recent_rows.get()
        kept = None if recent is None else recent.setdefault(sheet_name, deque(maxlen=RECENT_ROWS))
        sheet.reset_dimensions()
        count = 0
        try:
            for cells in sheet.iter_rows():
                count += 1
                if count > limit:
                    raise SpreadsheetError(too_many_rows(sheet_name, limit))
                values = [cell.value for cell in cells]
                formats = [getattr(cell, "number_format", None) or "" for cell in cells]
                number = count  # read-only mode yields every row, blank ones included
                active = [item for item in active if item[1] >= number]
                for column, _last, value, number_format in active:
                    while len(values) <= column:
                        values.append(None)
                        formats.append("")
                    values[column] = value
                    formats[column] = number_format
                for column, _first, last in fills.get(number, ()):
                    if column < len(values):
                        active.append((column, last, values[column], formats[column]))
                row = Row(number, values, formats)
                if kept is not None:
                    kept.append(row)
                yield row
        except SpreadsheetError:
            raise
        except Exception as error:  # a damaged sheet part: one clear message
            raise SpreadsheetError(
                f'The sheet "{sheet_name}" is damaged and cannot be read ({type(error).__name__}).'
                " Open the workbook in Excel, save a fresh copy and upload that."
            ) from None


@contextmanager
def open_workbook(data: bytes, name: str = "upload.xlsx") -> Iterator[Workbook]:
    """Check the file, open it read-only, and always close it."""
    check_upload(name, data)
    try:
        book = Workbook(data)
    except SpreadsheetError:
        raise
    except Exception:  # openpyxl raises many kinds of error on a damaged file
        raise SpreadsheetError(
            "The workbook is damaged or not a real Excel workbook, and cannot be opened. "
            "Open it in Excel, save a fresh copy as an Excel Workbook (.xlsx) and upload that."
        ) from None
    try:
        yield book
    finally:
        book.close()
