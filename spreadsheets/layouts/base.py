"""What reading any council sheet shares: its cells, grouping rows and section headings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..cells import FieldRead, is_section_row, norm, plain_text, read_field, short
from ..cells.fields import NOTES_KINDS
from ..report import Where
from .mapping import FIELD_LABELS, GROUPING, MAIN_FIELD, SheetMapping, header_text

if TYPE_CHECKING:
    from .importer import CouncilImporter


@dataclass
class _Cell:
    column: int
    value: object
    format: str
    sheet: str
    row: int  # its Excel row number
    label: str  # its column, as a problem names it: 'C ("Action")'

    @property
    def text(self) -> str:
        return plain_text(self.value)

    @property
    def where(self) -> Where:
        """Where the cell is, for a problem (worked out only when one names it)."""
        return Where(self.sheet, self.row, self.label)


class _Places:
    """Where each model field of a row's record was read from ({field: Where}, as `get`
    gives it), worked out only when a problem asks."""

    def __init__(self, sheet: Sheet, row):
        self.sheet, self.row = sheet, row
        self._places: dict[str, Where] | None = None

    def get(self, field: str, default=None):
        if self._places is None:
            sheet, row = self.sheet, self.row
            self._places = {
                model_field: sheet.where(row, columns[0])
                for name, columns in sheet.by_field.items()
                for model_field in sheet.places_of.get(name, (name,))
            }
        return self._places.get(field, default)


def _squeezed(values) -> list[str]:
    """Cells as compared with the header row: no spaces, any case, no blank cells at the end."""
    cells = ["".join(norm(header_text(value)).split()) for value in values]
    while cells and not cells[-1]:
        cells.pop()
    return cells


class Sheet:
    kind = ""

    def __init__(self, importer: CouncilImporter, mapping: SheetMapping):
        self.importer = importer
        self.loader = importer.loader
        self.report = importer.report
        self.mapping = mapping
        self.by_field: dict[str, list[int]] = {}
        for column, name in sorted(mapping.columns.items()):
            self.by_field.setdefault(name, []).append(column)
        self.grouping = {name: None for name in GROUPING[self.kind]}
        self.default_area = None
        self.previous = None  # the last record read, for rows that only continue it
        self._header: list[str] | None = None  # the header row as repeats_header compares it
        self._labels: dict[int, str] = {}  # column -> how a problem names it

    places_of: dict[str, tuple[str, ...]] = {}  # a column's field -> the model fields it fills

    def places(self, row) -> _Places:
        """Where each model field of the row's record was read from (for its problems)."""
        return _Places(self, row)

    def warn(self, cell, message: str, notes: list[str] | None = None) -> None:
        """Report a cell that could not be read as it stands; keep its text in the notes."""
        self.report.warning(message, cell.where)
        if notes is not None:
            notes.append(f"{self.mapping.headers[cell.column]}: {cell.text}")

    def read(self, row, name, kind, notes: list[str] | None = None, **options):
        """(cell, FieldRead) of the row's cell for field `name`, read as `kind` by the one
        entry point (cells.read_field); its warning is reported at the cell, and text kept
        in the notes by the policy goes into `notes` as "Heading: text"."""
        cell = self.cell(row, name)
        if cell is None:
            return None, FieldRead()
        read = read_field(kind, cell.value, number_format=cell.format, **options)
        if read.warning:
            self.report.warning(read.warning, cell.where)
        if notes is not None and (read.note or (read.unread and kind in NOTES_KINDS)):
            notes.append(f"{self.mapping.headers[cell.column]}: {read.note or cell.text}")
        return cell, read

    def where(self, row, column=None) -> Where:
        if column is None:
            return Where(self.mapping.sheet, row.number)
        return Where(self.mapping.sheet, row.number, self.column_label(column))

    def column_label(self, column: int) -> str:
        """How a problem names the column: 'C ("Action")' (worked out once a column)."""
        label = self._labels.get(column)
        if label is None:
            label = self._labels[column] = self.mapping.column_label(column)
        return label

    def cell(self, row, name) -> _Cell | None:
        columns = self.by_field.get(name)
        if not columns:
            return None
        return self.at(row, columns[0])

    def at(self, row, column: int) -> _Cell:
        """The row's cell in the column (0-based)."""
        return _Cell(
            column,
            row.value(column),
            row.format(column),
            self.mapping.sheet,
            row.number,
            self.column_label(column),
        )

    def has(self, name) -> bool:
        return name in self.by_field

    def header(self, name) -> str:
        columns = self.by_field.get(name)
        if not columns:
            return ""
        index = columns[0]
        return self.mapping.headers[index] if index < len(self.mapping.headers) else name

    def extra_notes(self, row) -> list[str]:
        """Columns the admin mapped to Notes beyond the first, kept as "Heading: text"."""
        notes = []
        for column in self.by_field.get("notes", [])[1:]:
            text = plain_text(row.value(column))
            if text:
                notes.append(f"{self.mapping.headers[column]}: {text}")
        return notes

    def run(self):
        stream = self.importer.book.rows(self.mapping.sheet)
        main = self.main_column()
        for row in stream:
            if row.number <= (self.mapping.header_row or 0):
                continue
            filled = row.filled()
            if not filled or self.repeats_header(row, filled[0]):
                continue
            section = is_section_row(row.values)
            if section is not None and self.is_heading(filled[0], main):
                self.section(section, row)
                continue
            for name in self.grouping:
                cell = self.cell(row, name)
                if cell is not None and cell.text:
                    previous = self.grouping[name]
                    self.grouping[name] = (cell.text, cell.where)
                    if name == "area" and (previous is None or previous[0] != cell.text):
                        # A new group starts: groupings below it start again too.
                        for lower in list(self.grouping)[1:]:
                            lower_cell = self.cell(row, lower)
                            if lower_cell is not None and not lower_cell.text:
                                self.grouping[lower] = None
            text = plain_text(row.value(main))
            if not text:
                self.continuation(row)
                continue
            self.record(row, text)

    def repeats_header(self, row, first: int) -> bool:
        """Whether the row repeats the header row, as a sheet printed from Word or PDF does
        after each page break: the same cells, whatever their case and spacing. Such a row
        holds nothing typed but headings, so it is skipped without a word (as on a sheet of
        exception reports). `first` is the index of the row's first filled cell."""
        if self._header is None:
            self._header = _squeezed(self.mapping.headers)
        wanted = self._header
        if first >= len(wanted) or _squeezed([row.value(first)]) != [wanted[first]]:
            return False  # most rows: their first cell is not the heading above it
        return _squeezed(row.values) == wanted

    def main_column(self) -> int:
        """The column whose text makes a row a record (the action, the measure)."""
        return self.by_field[MAIN_FIELD[self.kind]][0]

    def is_heading(self, column: int, main: int) -> bool:
        """A lone cell is a heading when it sits at the left of the table.

        Alone in the action or measure column it is a heading only when the sheet has no
        area column (the heading is then the area); alone further right it continues
        the row above.
        """
        if column > min(self.mapping.columns, default=0):
            return False
        return column != main or not self.has("area")

    def continuation(self, row):
        cells = [
            f"{self.mapping.headers[i] if i < len(self.mapping.headers) else ''}: "
            f"{plain_text(row.value(i))}"
            for i in row.filled()
            if self.mapping.columns.get(i) not in self.grouping
        ]
        if not cells:
            return
        main = FIELD_LABELS[self.kind][MAIN_FIELD[self.kind]].lower()
        message = f"The row has no {main} text, so it was not imported as one."
        if self.previous is not None:
            message += " Its cells were added to the notes of the row above."
            self.previous_notes(row, cells)
        else:
            message += " Its cells: " + "; ".join(cells)
        self.report.warning(message, self.where(row))

    def previous_notes(self, row, cells):
        addition = f"Row {row.number}: " + "; ".join(cells)
        self.loader.append_note(self.previous, addition, self.where(row))

    def area(self, row):
        group = self.grouping.get("area")
        if group:
            name, where = group
            if len(name) > 150:
                self.report.warning(
                    f'The area name "{short(name, 40)}" is longer than 150 characters; only its '
                    "start is used.",
                    where,
                )
                name = name[:150]
            return self.loader.area(name, where)
        if self.default_area is None:
            name = self.mapping.sheet.strip() or "Imported"
            self.default_area = self.loader.area(name, self.where(row))
            self.report.warning(
                f"The sheet has no area column and no area headings, so its {self.kind} were "
                f'put in a service area called "{name}" (the sheet\'s name). Rename the '
                "area afterwards, or map a column to Service area.",
                Where(self.mapping.sheet, self.mapping.header_row),
            )
        return self.default_area

    def section(self, text, row):
        raise NotImplementedError

    def record(self, row, text):
        raise NotImplementedError
