"""Reading the DfE's files of published figures: which kind a file is (LAIT's bulk file or
an open-data CSV), gzip or plain, with or without a byte-order mark, in any column order,
as a stream of figures. Nothing here writes; `comparators.loading` does.

Columns are matched by name through the catalogue (`Indicator.columns`), so a column the
DfE renamed between releases is handled in the catalogue's data file, not here.
"""

import csv
import gzip
import hashlib
import io
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .rules import SYMBOLS, YearLabelError, open_data_year_label, region_key, year_end

BULK = "LAIT bulk file"
OPEN_DATA = "open data"
BULK_COLUMNS = ("Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region")
BULK_NEEDS = ("Short Desc", "Years", "Values", "LA Number")
OPEN_DATA_NEEDS = ("time_period", "geographic_level", "old_la_code", "region_name")
SIX_PLACES = Decimal("0.000001")
LIMIT = Decimal("1e16")  # PublishedFigure.value: 22 digits, 6 of them decimals
COMBINED = re.compile(r"^\d{3}(\s*/\s*\d{3})+$")


class LoadError(Exception):
    """A file we cannot load: the message names the file, row and column."""


@dataclass(frozen=True)
class Figure:
    indicator_id: int
    place_id: int
    year: str
    year_end: int
    value: Decimal | None
    symbol: str


class Catalogue:
    """The indicators and places the files are read against, read once per load."""

    def __init__(self, Indicator, Place):
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.places = dict(Place.objects.values_list("code", "id"))
        self.regions = {
            region_key(name): pk
            for pk, name in Place.objects.filter(level__in=["region", "england"]).values_list(
                "id", "name"
            )
        }
        self.england = self.places.get("970")


def file_name(source):
    name = getattr(source, "name", None) or str(source)
    return Path(name).name


def open_binary(source):
    """A binary stream of the file (a path or an uploaded file), from its start."""
    if isinstance(source, str | Path):
        return open(source, "rb")  # noqa: SIM115 - closed by the caller
    source.seek(0)
    return source


def sha256_of(stream):
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


class Rows:
    """The file's records as lists of text, numbered as the file counts them (header = 1),
    gzip by its magic bytes, not by its name; a cut-short gzip or a file that is not text
    is a LoadError naming the file."""

    def __init__(self, stream, name):
        self.name = name
        self.number = 0
        head = stream.read(2)
        stream.seek(0)
        self.compressed = head == b"\x1f\x8b"
        binary = gzip.GzipFile(fileobj=stream, mode="rb") if self.compressed else stream
        self.text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        self.reader = csv.reader(self.text)

    def __iter__(self):
        return self

    def __next__(self):
        try:
            row = next(self.reader)
        except StopIteration:
            raise
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise LoadError(
                f"{self.name}: the compressed file is cut short (truncated) at about row "
                f"{self.number + 1}; nothing was loaded"
            ) from error
        except UnicodeDecodeError as error:
            raise LoadError(
                f"{self.name} is not a file of published figures: row {self.number + 1} is "
                "not text (a CSV file, plain or gzip, is expected); nothing was loaded"
            ) from error
        except csv.Error as error:
            raise LoadError(f"{self.name}, row {self.number + 1}: {error}") from error
        self.number += 1
        return row


def header_of(rows):
    try:
        header = [name.strip() for name in next(rows)]
    except StopIteration:
        raise LoadError(f"{rows.name} is empty: it has no header row") from None
    if BULK_COLUMNS[0] in header and "Values" in header:
        kind = BULK
    elif "time_period" in header and "geographic_level" in header:
        kind = OPEN_DATA
    else:
        raise LoadError(
            f"{rows.name} is not a file of published figures: it has none of the columns of "
            f"LAIT's bulk file ({', '.join(BULK_COLUMNS)}) or of the DfE's open data "
            f"({', '.join(OPEN_DATA_NEEDS)}, then the figures)"
        )
    needs = BULK_NEEDS if kind == BULK else OPEN_DATA_NEEDS
    missing = [column for column in needs if column not in header]
    if missing:
        raise LoadError(
            f"{rows.name} lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)}, which a {kind} file needs"
        )
    return kind, {name: index for index, name in enumerate(header)}


class Reader:
    """Turns a file's rows into figures; keeps the warnings (rows left out, and why)."""

    def __init__(self, rows, catalogue):
        self.rows = rows
        self.catalogue = catalogue
        self.kind, self.columns = header_of(rows)
        self.left_out = Counter()
        self.rows_read = 0

    def error(self, column, problem):
        return LoadError(f"{self.rows.name}, row {self.rows.number}, column {column!r}: {problem}")

    def cell(self, row, column):
        index = self.columns[column]
        return row[index].strip() if index < len(row) else ""

    def reading(self, row, column):
        """(value, symbol) of a cell: a number to six places, or one of the DfE's symbols."""
        text = self.cell(row, column)
        if text in SYMBOLS:
            return None, text
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            value = None
        if value is not None and value.is_finite() and abs(value) >= LIMIT:
            raise self.error(column, f"{text!r} is too large a number to be a published figure")
        if value is None or not value.is_finite():
            known = ", ".join(SYMBOLS)
            raise self.error(column, f"{text!r} is neither a number nor a symbol ({known})")
        return value.quantize(SIX_PLACES), ""

    def warnings(self):
        return [f"{count} {what}" for what, count in self.left_out.items()]

    def figures(self):
        reader = self._bulk if self.kind == BULK else self._open_data
        for row in self.rows:
            if not any(cell.strip() for cell in row):
                continue
            self.rows_read += 1
            yield from reader(row)

    # LAIT's bulk file: one figure a row --------------------------------------------------

    def _bulk(self, row):
        code = self.cell(row, "Short Desc")
        indicator = self.catalogue.indicators.get(code)
        if indicator is None:
            self.left_out[f"rows of {code}, which is not in the catalogue, were left out"] += 1
            return
        value, symbol = self.reading(row, "Values")
        label = self.cell(row, "Years")
        try:
            end = year_end(label)
        except YearLabelError:
            if value is None:
                self.left_out[
                    f'rows of {code} with year label "{label}" and no figure were left out'
                ] += 1
                return
            raise self.error("Years", f'"{label}" is not a year we can read') from None
        la_number = self.cell(row, "LA Number")
        place = self.catalogue.places.get(la_number)
        if place is None:
            raise self.error("LA Number", f'"{la_number}" is not a council, region or England')
        yield Figure(indicator.pk, place, label, end, value, symbol)

    # The DfE's open data: a row per area and year, the figures in named columns ----------

    def carried(self):
        """[(indicator, column, where)] for each catalogue indicator this file carries."""
        found = []
        for indicator in self.catalogue.indicators.values():
            for entry in indicator.columns or []:
                column = next((c for c in entry["column"] if c in self.columns), None)
                if column is None:
                    continue
                where = entry.get("where") or {}
                missing = [name for name in where if name not in self.columns]
                if missing:
                    raise LoadError(
                        f"{self.rows.name} lacks the column {missing[0]!r}, which says which "
                        f"rows of {column!r} are {indicator.code}"
                    )
                found.append((indicator, column, where))
                break
        return found

    def _open_data(self, row):
        if not hasattr(self, "_carried"):
            self._carried = self.carried()
            if not self._carried:
                raise LoadError(
                    f"{self.rows.name} carries none of the catalogue's indicators: no column "
                    "is named in the catalogue (comparators/catalogue/indicators.csv)"
                )
        place = self._place(row)
        if place is None:
            return
        period = self.cell(row, "time_period")
        try:
            label = open_data_year_label(period)
        except YearLabelError:
            raise self.error("time_period", f'"{period}" is not a year we can read') from None
        end = int(label)
        for indicator, column, where in self._carried:
            if all(self.cell(row, name) == value for name, value in where.items()):
                value, symbol = self.reading(row, column)
                yield Figure(indicator.pk, place, label, end, value, symbol)

    def _place(self, row):
        level = self.cell(row, "geographic_level")
        if level == "National":
            return self.catalogue.england
        if level == "Regional":
            name = self.cell(row, "region_name")
            place = self.catalogue.regions.get(region_key(name))
            if place is None:
                raise self.error("region_name", f'"{name}" is not a region we know')
            return place
        if level == "Local authority":
            code = self.cell(row, "old_la_code")
            place = self.catalogue.places.get(code)
            if place is None and COMBINED.match(code):
                self.left_out[
                    f"rows for two councils together ({code}) were left out: "
                    "a figure for both is neither's"
                ] += 1
                return None
            if place is None:
                raise self.error("old_la_code", f'"{code}" is not a council we know')
            return place
        self.left_out[f'rows at geographic level "{level}" were left out'] += 1
        return None
