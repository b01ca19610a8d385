"""Monthly figures from the data team's scorecard, in the wide or the long layout.

A sheet of monthly figures is a kind of council layout (``layouts.FIGURES``): its mapping
is proposed like an action or measure sheet's (the measure column, the month columns or
the period and value columns, commentary), shown on the mapping page where the admin
may change it, and read by ``layouts.FigureSheet`` through the same path.

Wide: measures in rows, one column per month headed by an Excel date or text such as
"Jul-20". Long: one row per figure with measure, period, value and commentary
columns. Either way, each row's measure is found by reference or by name within the
plan; a row naming no known measure is an error that names the row.
"""

from __future__ import annotations

from .layouts import FIGURES, CouncilImporter, SheetMapping, propose_mappings
from .layouts.mapping import SCAN_ROWS
from .report import ImportReport, Where


def figure_mappings(book, sheet: str | None = None) -> list[SheetMapping]:
    """The proposed mapping of each sheet (or the one named) as monthly figures."""
    return propose_mappings(book, sheet, kinds=(FIGURES,))


class ActualsImporter:
    def __init__(
        self,
        book,
        loader,
        report: ImportReport,
        sheet: str | None = None,
        mapping: list[dict] | None = None,
    ):
        self.book = book
        self.loader = loader
        self.report = report
        self.sheet = sheet
        self.mapping = mapping

    def mappings(self) -> list[SheetMapping]:
        if self.mapping:  # a batch uploaded before figures had a mapping has none
            return [SheetMapping.from_dict(item) for item in self.mapping]
        return figure_mappings(self.book, self.sheet)

    def run(self):
        mappings = [m for m in self.mappings() if m.kind in (FIGURES, "")]
        if not any(m.kind for m in mappings):
            self.report.error(
                "No sheet has monthly figures in a layout that can be read: either a "
                '"Measure" column with one column per month headed "Jul-20" or by a date '
                '(wide), or "Measure", "Period" and "Value" columns (long), with the headings '
                f"in the first {SCAN_ROWS} rows."
            )
            return
        for mapping in mappings:
            if not mapping.kind and mapping.header_row is None:
                self.report.warning(
                    "No monthly figures were found on this sheet; it was not imported.",
                    Where(mapping.sheet),
                )
        used = [m for m in mappings if m.kind]
        CouncilImporter(self.book, self.loader, self.report, used).run()
