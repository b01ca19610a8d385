"""Writes of an uploaded workbook's import: its preview, and its confirmation.

The preview keeps on the batch the version of every figure and action it found
(`ImportBatch.preview_versions`); the confirmation locks the batch's row, re-reads its
status (a batch confirmed twice at once is imported once) and commits the import from
those versions, so a record someone saved since the preview is never overwritten: the
import is refused instead, naming it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .error_file import capturing_cells, error_workbook
from .importers import ACTUALS, COUNCIL, ImportPlan
from .models import ImportBatch
from .report import CREATED, UNCHANGED, UPDATED, ImportReport, render_text

ISSUE_LIMIT = 100  # errors, and warnings, kept in a batch's report text


def _importer(batch: ImportBatch, user) -> ImportPlan:
    return ImportPlan(
        batch.data,
        name=batch.file_name,
        kind=batch.kind,
        plan=batch.plan,
        mapping=batch.mapping if batch.kind in (COUNCIL, ACTUALS) else None,
        user=user,
        reason=f"Imported from {batch.file_name} (import {batch.pk})",
    )


def batch_preview(*, batch: ImportBatch, user) -> ImportReport:
    """What confirming would do; the versions it read are kept for the confirmation."""
    importer = _importer(batch, user)
    report = importer.preview()
    batch.preview_versions = importer.versions_read
    batch.save(update_fields=["preview_versions"])
    return report


def batch_error_file(*, batch: ImportBatch, user) -> bytes:
    """Every error and warning a preview of the batch finds, as an .xlsx (error_file.py).
    The preview is run again, so the file is what the admin would see now."""
    with capturing_cells() as texts:
        report = _importer(batch, user).preview()
    return error_workbook(report, batch.data, batch.file_name, texts)


def imported_summary(report: ImportReport) -> str:
    return (
        f"Created {report.summary(CREATED)}; updated {report.summary(UPDATED)}; "
        f"left unchanged {report.summary(UNCHANGED)}."
    )


@transaction.atomic
def batch_confirm(*, batch: ImportBatch, user) -> ImportReport | None:
    """Import the batch, all or nothing; None when it had been imported already."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportBatch.Status.IMPORTED:
        return None
    report = _importer(batch, user).commit(expected_versions=batch.preview_versions)
    # Every change is kept; of the problems, the first hundred (all are in the error file).
    batch.report_text = render_text(report, limit=None, issue_limit=ISSUE_LIMIT)
    if report.has_errors:
        batch.status = ImportBatch.Status.FAILED
        batch.summary = f"{len(report.errors)} errors: nothing was written."
    else:
        batch.status = ImportBatch.Status.IMPORTED
        batch.summary = imported_summary(report)[:500]
        batch.imported_at = timezone.now()
    batch.save(update_fields=["status", "summary", "report_text", "imported_at"])
    return report
