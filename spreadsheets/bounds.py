"""How much a workbook would take to open, measured before openpyxl builds anything.

An .xlsx is a zip of XML parts. openpyxl reads the shared strings part (every piece of
text in the workbook) and the styles whole into Python objects as it opens the workbook,
then streams each sheet's rows; a file of 7.6 MB can hold 189 MB of shared strings. So
before it is opened, each part's uncompressed size is bounded (the zip's own record of
it: Python's zipfile never yields more than that), and each sheet part and the shared
strings are streamed through once, counting their rows, cells and strings with
``bytes.count`` (hundreds of MB a second, nothing parsed). ``Bounds.check`` returns the
message for the admin of the first limit passed, or "".
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

CHUNK = 1024 * 1024
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?(worksheet|sst)[\s>/]")
_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?ref=\"[A-Za-z]*\d+:?[A-Za-z]*(\d*)\""
)
_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\s[^>]*>")
_ATTRIBUTE = re.compile(rb"([\w:]+)=\"([^\"]*)\"")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


@dataclass(frozen=True)
class Bounds:
    part_bytes: int  # any one part, uncompressed
    shared_strings_bytes: int  # the shared strings part (read whole into memory)
    rows: int  # rows of any one sheet
    cells: int  # cells of the whole workbook (and pieces of shared text)

    def check(self, archive: zipfile.ZipFile) -> str:
        members = [m for m in archive.infolist() if not m.is_dir()]
        names = _sheet_names(archive)
        for member in members:
            limit = self.part_bytes
            if member.filename.casefold().endswith("sharedstrings.xml"):
                limit = min(limit, self.shared_strings_bytes)
            if member.file_size > limit:
                return _part_too_big(member, limit)
        cells = 0
        for member in members:
            if not member.filename.casefold().endswith(".xml"):
                continue
            kind, counts = _count(archive, member)
            if kind == b"sst":
                if counts["si"] > self.cells:
                    return _too_many_strings(self.cells)
            elif kind == b"worksheet":
                sheet = names.get(member.filename.lstrip("/"), member.filename)
                if max(counts["row"], counts["dimension"]) > self.rows:
                    return too_many_rows(sheet, self.rows)
                cells += counts["c"]
                if cells > self.cells:
                    return _too_many_cells(self.cells)
        return ""


def _token(prefix: bytes, name: bytes) -> bytes:
    """What starts the element: b"<c" counts every cell (and the few <col>, <cols> and
    <cfRule> elements besides, near enough for a bound), in one pass of ``bytes.count``."""
    return b"<" + (prefix + b":" if prefix else b"") + name


def _count(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[bytes, dict[str, int]]:
    """(root element: b"worksheet", b"sst" or b"", counts of its rows, cells or strings),
    streaming the part. A token is counted in the text before the chunk's last "<", the
    rest carried to the next chunk, so none is split or counted twice."""
    counts = {"row": 0, "c": 0, "si": 0, "dimension": 0}
    kind = b""
    tokens: dict[str, bytes] = {}
    tail = b""
    try:
        with archive.open(member) as part:
            while chunk := part.read(CHUNK):
                block = tail + chunk
                if not kind:
                    root = _ROOT.search(block)
                    if root is None:
                        if len(block) > 4 * CHUNK:
                            return b"", counts  # not a sheet, nor the shared strings
                        tail = block
                        continue
                    kind, prefix = root.group(2), root.group(1) or b""
                    names = ("row", "c") if kind == b"worksheet" else ("si",)
                    tokens = {name: _token(prefix, name.encode()) for name in names}
                    if kind == b"worksheet":
                        dimension = _DIMENSION.search(block)
                        if dimension and dimension.group(1):
                            counts["dimension"] = int(dimension.group(1))
                cut = block.rfind(b"<")
                if cut <= 0:
                    cut = len(block)
                for name, token in tokens.items():
                    counts[name] += block.count(token, 0, cut)
                tail = block[cut:]
            for name, token in tokens.items():
                counts[name] += tail.count(token)
    except (OSError, zipfile.BadZipFile, EOFError, ValueError):
        return b"", counts  # a damaged part: openpyxl's reading says so
    return kind, counts


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """{part name: sheet name} from the workbook and its relationships, as far as they can be
    read simply; a part not found is named by its path in messages."""
    try:
        workbook = archive.read("xl/workbook.xml")[: 4 * CHUNK]
        rels = archive.read("xl/_rels/workbook.xml.rels")[: 4 * CHUNK]
    except (KeyError, OSError, zipfile.BadZipFile, EOFError, ValueError):
        return {}
    targets = {}
    for element in re.findall(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\s[^>]*>", rels):
        attributes = dict(_ATTRIBUTE.findall(element))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[attributes.get(b"Id", b"")] = target
    names = {}
    for element in _SHEET.findall(workbook):
        attributes = {key.split(b":")[-1]: value for key, value in _ATTRIBUTE.findall(element)}
        target = targets.get(attributes.get(b"id", b""))
        if target:
            names[target] = attributes.get(b"name", b"").decode("utf-8", "replace")
    return names


def _part_too_big(member: zipfile.ZipInfo, limit: int) -> str:
    what = (
        "The workbook's text (its shared strings)"
        if member.filename.casefold().endswith("sharedstrings.xml")
        else f'The part "{member.filename}" of the workbook'
    )
    return (
        f"{what} would take {_megabytes(member.file_size)} to open; the most that can be "
        f"imported is {_megabytes(limit)}, so the workbook was not opened. Copy just the "
        "data into a new workbook (or delete unused rows, columns and sheets), save it and "
        "upload that."
    )


def too_many_rows(sheet: str, limit: int) -> str:
    return (
        f'The sheet "{sheet}" has more than {limit:,} rows, the most that can be imported '
        "at once. Split it into smaller workbooks."
    )


def _too_many_cells(limit: int) -> str:
    return (
        f"The workbook has more than {limit:,} cells, the most that can be imported at once, "
        "so it was not opened. Split it into smaller workbooks, or delete unused rows and "
        "columns."
    )


def _too_many_strings(limit: int) -> str:
    return (
        f"The workbook holds more than {limit:,} pieces of text, the most that can be "
        "imported at once, so it was not opened. Split it into smaller workbooks."
    )
