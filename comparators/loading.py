"""Loading the DfE's published figures: `load_files(paths or uploaded files, user=...)`.

One transaction for the lot: a file we cannot read is a LoadError naming the file, row and
column, and nothing is written. Rows are streamed and written in batches (a new figure is
created, a changed one updated with a FigureChange saying what it was, an unchanged one
left alone), so memory does not grow with the file and loading the same file twice
changes nothing. Reading the files is `comparators.reading`.
"""

from dataclasses import dataclass, field

from django.db import transaction

from .models import FigureChange, Indicator, Load, Place, PublishedFigure
from .reading import Catalogue, LoadError, Reader, Rows, file_name, open_binary, sha256_of

__all__ = ["FileReport", "LoadError", "LoadReport", "load_files"]

BATCH = 5000


@dataclass
class FileReport:
    name: str
    kind: str = ""
    rows_read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    warnings: list = field(default_factory=list)
    load_id: int | None = None


@dataclass
class LoadReport:
    files: list = field(default_factory=list)

    @property
    def added(self):
        return sum(f.added for f in self.files)

    @property
    def replaced(self):
        return sum(f.replaced for f in self.files)

    @property
    def unchanged(self):
        return sum(f.unchanged for f in self.files)


def load_files(sources, *, user=None):
    """Load the files (paths or uploaded files) all or nothing; a LoadReport per file."""
    report = LoadReport()
    with transaction.atomic():
        catalogue = Catalogue(Indicator, Place)
        for source in sources:
            report.files.append(_load_one(source, catalogue, user))
    return report


def _load_one(source, catalogue, user):
    name = file_name(source)
    stream = open_binary(source)
    try:
        digest = sha256_of(stream)
        reader = Reader(Rows(stream, name), catalogue)
        load = Load.objects.create(
            file_name=name[:255], kind=reader.kind, sha256=digest, loaded_by=user
        )
        file_report = FileReport(name=name, kind=reader.kind, load_id=load.pk)
        writer = _Writer(load, file_report)
        for figure in reader.figures():
            writer.add(figure)
        writer.flush()
    finally:
        if isinstance(source, str) or hasattr(source, "__fspath__"):
            stream.close()
    file_report.rows_read = reader.rows_read
    file_report.warnings = reader.warnings()
    load.rows_read = reader.rows_read
    load.added, load.replaced = file_report.added, file_report.replaced
    load.unchanged = file_report.unchanged
    load.notes = "\n".join(file_report.warnings)
    load.save(update_fields=["rows_read", "added", "replaced", "unchanged", "notes"])
    return file_report


class _Writer:
    """Figures in batches: compared with what is stored, written only where they differ."""

    def __init__(self, load, report):
        self.load = load
        self.report = report
        self.pending = {}
        self.indicator = None

    def add(self, figure):
        # LAIT's bulk file comes grouped by indicator: a batch holds one indicator's figures.
        if len(self.pending) >= BATCH or (
            self.indicator is not None and figure.indicator_id != self.indicator
        ):
            self.flush()
        self.indicator = figure.indicator_id
        self.pending[(figure.indicator_id, figure.place_id, figure.year)] = figure

    def flush(self):
        if not self.pending:
            return
        pending, self.pending = self.pending, {}
        stored = PublishedFigure.objects.filter(
            indicator_id__in={key[0] for key in pending},
            place_id__in={key[1] for key in pending},
            year__in={key[2] for key in pending},
        ).values_list("id", "indicator_id", "place_id", "year", "value", "symbol")
        existing = {(i, p, y): (pk, v, s) for pk, i, p, y, v, s in stored}
        new, changed, changes = [], [], []
        for key, figure in pending.items():
            old = existing.get(key)
            if old is None:
                new.append(
                    PublishedFigure(
                        indicator_id=figure.indicator_id,
                        place_id=figure.place_id,
                        year=figure.year,
                        year_end=figure.year_end,
                        value=figure.value,
                        symbol=figure.symbol,
                        load=self.load,
                    )
                )
                continue
            pk, old_value, old_symbol = old
            if old_value == figure.value and old_symbol == figure.symbol:
                self.report.unchanged += 1
                continue
            changed.append(
                PublishedFigure(
                    pk=pk,
                    value=figure.value,
                    symbol=figure.symbol,
                    year_end=figure.year_end,
                    load=self.load,
                )
            )
            changes.append(
                FigureChange(
                    figure_id=pk,
                    load=self.load,
                    old_value=old_value,
                    old_symbol=old_symbol,
                    new_value=figure.value,
                    new_symbol=figure.symbol,
                )
            )
        PublishedFigure.objects.bulk_create(new, batch_size=BATCH)
        if changed:
            PublishedFigure.objects.bulk_update(
                changed, ["value", "symbol", "year_end", "load"], batch_size=1000
            )
            FigureChange.objects.bulk_create(changes, batch_size=1000)
        self.report.added += len(new)
        self.report.replaced += len(changed)
