"""Reading a workbook laid out the council's way, sheet by sheet, as its mapping says."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from ..report import ImportReport, Where
from .actions import ActionSheet
from .figures import FigureSheet
from .mapping import ACTIONS, FIGURES, SCAN_ROWS, SheetMapping, mapping_problems
from .measures import MeasureSheet
from .reports import REPORTS, ReportSheet, ReportWriter

SHEETS = {FIGURES: FigureSheet}  # kinds read by a class of their own, beside the two below


class CouncilImporter:
    def __init__(self, book, loader, report: ImportReport, mappings: list[SheetMapping]):
        self.book = book
        self.loader = loader
        self.report = report
        self.mappings = mappings
        self._report_writer = None

    def report_writer(self) -> ReportWriter:
        """One for the whole workbook, so that two sheets cannot both create a report."""
        if self._report_writer is None:
            self._report_writer = ReportWriter(self.loader)
        return self._report_writer

    def run(self):
        used = [m for m in self.mappings if m.kind and m.header_row]
        for mapping in self.mappings:
            if not mapping.kind:
                if mapping.header_row is None and len(self.mappings) > 1:
                    self.report.warning(
                        "No header row naming actions, measures or exception reports was "
                        "found in the first "
                        f"{SCAN_ROWS} rows, so the sheet was not imported.",
                        Where(mapping.sheet),
                    )
                continue
        if not used:
            self.report.error(
                'No sheet has a header row naming actions (e.g. "Action"), measures '
                '(e.g. "Measure", "Indicator") or exception reports (e.g. "Area" and '
                f'"Current RAG") in its first {SCAN_ROWS} rows, so nothing could be imported.'
            )
            return
        for mapping in used:
            problems = mapping_problems(mapping.kind, mapping.columns, mapping.headers)
            for problem in problems:
                self.report.error(
                    f"{problem} The sheet cannot be imported as it is mapped.",
                    Where(mapping.sheet, mapping.header_row),
                )
            if problems:
                continue
            for note in mapping.notes:
                self.report.warning(note, Where(mapping.sheet, mapping.header_row))
            for index in mapping.unmatched():
                self.report.warning(
                    f"The column {mapping.column_label(index)} is not a month or a known heading; "
                    "it was not imported."
                    if mapping.kind == FIGURES
                    else f"The column {mapping.column_label(index)} was not recognised and was "
                    "not imported. Map it to a field (Notes keeps it as text) to import it.",
                    Where(mapping.sheet, mapping.header_row, get_column_letter(index + 1)),
                )
            if mapping.kind in SHEETS:
                SHEETS[mapping.kind](self, mapping).run()
            elif mapping.kind == ACTIONS:
                ActionSheet(self, mapping).run()
            elif mapping.kind == REPORTS:
                ReportSheet(self, mapping).run()
            else:
                MeasureSheet(self, mapping).run()
