"""The rows of a sheet in our own format, read cell by typed cell (text, numbers, dates,
choices), each problem reported at its sheet, row and column.

Figures, target dates, RAG ratings and dates are read by the one entry point every reader
uses (``cells.read_field``, whose docstring is the policy): ``TemplateRow.read`` reports
its warning at the cell and ``keep_in_notes`` keeps unread text in the record's notes.
The headings are matched by ``cells.match_headers``, exactly (no prefix matching: the
template's headings are ours).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl.utils import get_column_letter

from .cells import FieldRead, match_headers, normalise_header, read_field
from .cells.fields import DATE, DIRECTION, FIGURE, FREQUENCY, NOTES_KINDS, STATUS, UNIT
from .cells.labels import KEPT
from .report import Where
from .template import SHEETS, Column

# Choice columns whose words are read by the word tables every reader shares.
WORD_KINDS = {"status": STATUS, "unit": UNIT, "direction": DIRECTION, "frequency": FREQUENCY}


def template_rows(book, sheet: str, name: str, report):
    """Yield the TemplateRow of each filled row of our sheet `name` (found as `sheet`)."""
    _description, columns = SHEETS[name]
    by_header = {c.header: c for c in columns}
    stream = book.rows(sheet)
    header = next(stream, None)
    if header is None:
        return
    matched, unmatched = match_headers(
        header.values, {c.header: (normalise_header(c.header),) for c in columns}, prefix=False
    )
    mapped: dict[str, tuple[int, Column]] = {
        field: (index, by_header[field]) for index, field in matched.items()
    }
    for index in unmatched:
        value = header.values[index]
        repeated = normalise_header(value) in {normalise_header(h) for h in mapped}
        report.warning(
            f'The column "{value}" repeats a column to its left; only the first was imported.'
            if repeated
            else f'The column "{value}" is not one of the template\'s; it was not imported.',
            Where(sheet, header.number, get_column_letter(index + 1)),
        )
    missing = [c.header for c in columns if c.required and c.header not in mapped]
    if missing:
        report.error(
            f"The sheet has no {', '.join(missing)} column, so it cannot be imported.",
            Where(sheet, header.number),
        )
        return
    for row in stream:
        if row.filled():
            yield TemplateRow(sheet, row, mapped, report)


class TemplateRow:
    """One data row of a template sheet, with typed access and issues reported."""

    def __init__(self, sheet_name, row, columns: dict[str, tuple[int, Column]], report):
        self.sheet_name = sheet_name
        self.row = row
        self.columns = columns
        self.report = report
        self.ok = True
        self.kept_notes: list[str] = []  # lines for the notes of a sheet with no Notes column

    def where(self, header=None) -> Where:
        if header and header in self.columns:
            index = self.columns[header][0]
            return Where(
                self.sheet_name, self.row.number, f'{get_column_letter(index + 1)} ("{header}")'
            )
        return Where(self.sheet_name, self.row.number)

    def has(self, header) -> bool:
        return header in self.columns

    def field(self, header) -> str:
        """The model field a column holds."""
        return self.columns[header][1].field

    def places(self) -> dict[str, Where]:
        """Where each field's cell is, so that a record's problems name their column."""
        return {
            column.field: self.where(header)
            for header, (_index, column) in self.columns.items()
            if column.field
        }

    def texts(self, values: dict, *headers) -> None:
        """Put the text of each of these columns the sheet has into values, by field."""
        for header in headers:
            if self.has(header):
                values[self.field(header)] = self.text(header)

    def dates(self, values: dict, *headers) -> None:
        """Put the date of each of these columns the sheet has into values, by field."""
        for header in headers:
            if self.has(header):
                values[self.field(header)] = self.date(header)

    def format(self, header) -> str:
        """The Excel number format of a column's cell ("" if the sheet has no such column)."""
        return self.row.format(self.columns[header][0]) if header in self.columns else ""

    def raw(self, header):
        if header not in self.columns:
            return None
        return self.row.value(self.columns[header][0])

    def error(self, header, message):
        self.ok = False
        self.report.error(message, self.where(header), header)

    def warning(self, header, message):
        self.report.warning(message, self.where(header), header)

    def text(self, header) -> str:
        value = self.raw(header)
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def required_text(self, header) -> str:
        text = self.text(header)
        if not text:
            self.error(header, f'"{header}" is blank; it is needed.')
        return text

    def read(self, header, kind, **options) -> FieldRead:
        """The cell of this column read as `kind` by the one entry point (cells.read_field);
        its warning is reported at the cell, and an unreadable key cell is an error."""
        if header not in self.columns:
            return FieldRead()
        read = read_field(kind, self.raw(header), number_format=self.format(header), **options)
        if read.error:
            self.error(header, read.error)
        elif read.warning:
            self.warning(header, read.warning)
        return read

    def keep_in_notes(self, values: dict, header, read: FieldRead, kind) -> None:
        """Text the policy keeps in the record's notes, as "Heading: text" after the Notes
        column's (read first); with no Notes column, after the record's own notes once it is
        written (``add_kept_notes``), so notes entered on the web are not replaced."""
        if not (read.note or (read.unread and kind in NOTES_KINDS)):
            return
        kept = f"{header}: {read.note or read.text}"
        if not self.has("Notes"):
            self.kept_notes.append(kept)
        elif kept not in values.get("notes", ""):
            values["notes"] = "\n".join(filter(None, [values.get("notes", ""), kept]))

    def add_kept_notes(self, loader, record) -> None:
        for kept in self.kept_notes:
            loader.append_note(record, kept, self.where())

    def number(self, header) -> Decimal | None:
        """A number that is a setting, not a figure a council typed (a target, a year, an
        order): one that cannot be read is an error, for there is no record without it."""
        cell = read_field(FIGURE, self.raw(header), number_format=self.format(header)).cell
        if cell.value is None and cell.text:
            self.error(header, f'"{cell.text}" is not a number.')
        elif cell.warning:
            self.error(header, cell.warning.replace(KEPT, "Give the figure alone."))
        return cell.value

    def integer(self, header, default=0) -> int:
        value = self.number(header)
        if value is None:
            return default
        if value != value.to_integral_value() or value < 0:
            self.error(header, f'"{self.text(header)}" is not a whole number.')
            return default
        return int(value)

    def date(self, header) -> datetime.date | None:
        read = read_field(DATE, self.raw(header))
        if read.error:
            self.error(header, f'"{self.text(header)}" is not a date.')
        return read.value

    def month(self, header) -> datetime.date | None:
        value = self.date(header)
        return value.replace(day=1) if value else None

    def datetime(self, header) -> datetime.datetime | None:
        value = self.raw(header)
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            result = value
        else:
            day = self.date(header)
            if day is None:
                return None
            result = datetime.datetime.combine(day, datetime.time())
        result = result.replace(microsecond=0)
        return timezone.make_aware(result) if timezone.is_naive(result) else result

    def boolean(self, header) -> bool:
        value = self.raw(header)
        if isinstance(value, bool):
            return value
        text = self.text(header).casefold()
        if text in {"", "no", "n", "false", "0"}:
            return False
        if text in {"yes", "y", "true", "1"}:
            return True
        self.error(header, f'"{self.text(header)}" should be Yes or No.')
        return False

    def choice(self, header, default=None):
        text = self.text(header)
        if not text:
            return default
        column = self.columns[header][1]
        for value, label in column.choices:
            if text.casefold() in {str(value).casefold(), str(label).casefold()}:
                return value
        if column.field in WORD_KINDS:  # a council's word for it ("On track", "Lower is better")
            named = read_field(WORD_KINDS[column.field], text).value
            if named in {str(value) for value, _label in column.choices}:
                return named
        allowed = ", ".join(str(label) for _, label in column.choices)
        self.error(header, f'"{text}" is not one of: {allowed}.')
        return default

    def items(self, header) -> list[str]:
        text = self.text(header)
        parts = text.replace(";", "\n").split("\n")
        return [part.strip() for part in parts if part.strip()]
