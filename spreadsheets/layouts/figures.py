"""A sheet of monthly figures, read as its mapping says: the measure (by reference or name)
and either one column per month, each headed by its month ("wide"), or a period and a
value column ("long"), with commentary and a reason a figure is missing.

Each row's measure is found within the plan (within its area, when the sheet names one);
a row naming no known measure is an error naming the row. Every figure cell is read by
the one entry point (cells.read_field), so it is kept and warned as in any other reader.
In the wide layout a commentary column belongs to the row's latest figure.
"""

from __future__ import annotations

from ..cells import figure_values, plain_text, read_field
from ..cells.fields import ACTUAL, FIGURE, MONTH
from .base import Sheet
from .mapping import FIGURES


class FigureSheet(Sheet):
    kind = FIGURES

    def __init__(self, importer, mapping):
        super().__init__(importer, mapping)
        self.months = {
            column: read_field(MONTH, mapping.headers[column]).value
            for column in self.by_field.get("month", [])
        }

    def main_column(self) -> int:
        return (self.by_field.get("measure") or self.by_field["reference"])[0]

    def section(self, text, row):
        self.grouping["area"] = (text, self.where(row, row.filled()[0]))

    def continuation(self, row):
        cell = self.cell(row, "reference")
        if cell is not None and cell.text:
            self.record(row, "")
            return
        self.report.warning(
            "The row names no measure, so its figures were not imported.", self.where(row)
        )

    def text(self, row, name) -> str | None:
        """The cell's text, single-spaced; None when no column is read as `name`."""
        cell = self.cell(row, name)
        return " ".join(cell.text.split()) if cell is not None else None

    def record(self, row, name):
        name = " ".join(name.split())
        reference = self.text(row, "reference") or ""
        group = self.grouping.get("area")
        area = self.loader.find_area(group[0]) if group else None
        measure, problem = self.loader.find_measure(reference, name, area)
        if measure is None:
            named_by = self.cell(row, "measure" if name else "reference")
            self.report.error(
                problem + " Import or add the measure first, or correct its name.",
                named_by.where if named_by is not None else self.where(row),
                "measure",
            )
            return
        commentary = self.text(row, "commentary")
        missing_reason = self.text(row, "missing_reason")
        if self.months:
            filled = [c for c in self.months if plain_text(row.value(c))]
            latest = filled[-1] if filled else None
            for column, month in self.months.items():
                given = (commentary, missing_reason) if column == latest else (None, None)
                self.figure(measure, month, self.at(row, column), *given)
            return
        period = self.cell(row, "period")
        read = read_field(MONTH, period.value)
        if read.error or read.value is None:
            self.report.error(
                read.error or "The month is blank; say which month the figure is for.",
                period.where,
                "period",
            )
            return
        self.figure(measure, read.value, self.cell(row, "value"), commentary, missing_reason)

    def figure(self, measure, month, cell, commentary, missing_reason):
        read = read_field(
            FIGURE,
            cell.value,
            number_format=cell.format,
            wording=measure.name,
            role=ACTUAL,
            month=month,
            unit=measure.unit,
        )
        if read.warning:
            self.report.warning(read.warning, cell.where)
        values, warning = figure_values(read, commentary=commentary, missing_reason=missing_reason)
        if values is None:
            return
        if warning:
            self.report.warning(warning, cell.where)
        self.loader.actual(measure, month, values, cell.where)
