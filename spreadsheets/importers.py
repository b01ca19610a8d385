"""Import a workbook into a plan: preview what would change, then commit it at once.

    plan = ImportPlan(data, name="plan.xlsx", kind=PLAN, plan=my_plan, user=request.user)
    report = plan.preview()   # what would be created / updated / unchanged, and problems
    seen = plan.versions_read # the versions of the figures and actions it found
    report = plan.commit(expected_versions=seen)  # the same, written in one transaction

Both run the same code inside ``transaction.atomic()``; a preview, and any import with
an error, is rolled back, so a preview is exactly what confirming writes. A commit locks
the plan's row first, so two imports of one plan run one after the other, and writes a
figure or action only if no one has saved it since the preview read it (or, with no
preview kept, since the commit read it): see versions.py. Importing the same file twice
changes nothing the second time: records are found again by their natural keys.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.utils.text import slugify

from improvement.models import Plan
from improvement.versioning import Conflict

from .actuals import ActualsImporter
from .cells import match_headers, normalise_header
from .layouts import CouncilImporter, SheetMapping, propose_mappings
from .loader import Loader
from .reader import SpreadsheetError, Workbook, open_workbook
from .report import CREATED, ImportReport, Where
from .template import SHEETS, is_template_workbook
from .template_import import TemplateImporter
from .versions import VersionCheck
from .writer import RecordWriter

logger = logging.getLogger(__name__)

PLAN, COUNCIL, ACTUALS = "plan", "council", "actuals"
AUTO = "auto"  # our template if the workbook has its sheets, else the council's layout
KIND_LABELS = {
    PLAN: "A plan in the Improvement Tracker template (or an export)",
    COUNCIL: "A plan in the council's own layout (one row per action or measure)",
    ACTUALS: "Monthly figures (actuals), wide or long",
}


def detect_kind(book: Workbook) -> str:
    """PLAN for our template, else COUNCIL (monthly figures are asked for explicitly)."""
    return PLAN if is_template_workbook(book.sheet_names) else COUNCIL


class ImportPlan:
    """One workbook, read into one plan."""

    def __init__(
        self,
        data: bytes,
        *,
        name: str,
        kind: str,
        plan: Plan | None = None,
        plan_slug: str | None = None,
        sheet: str | None = None,
        mapping: list[dict] | None = None,
        user=None,
        reason: str = "",
    ):
        self.data = data
        self.name = name
        self.kind = kind
        self.plan = plan
        self.plan_slug = plan_slug
        self.sheet = sheet
        self.mapping = mapping
        self.user = user if getattr(user, "is_authenticated", False) else None
        # simple_history keeps at most 100 characters of a change reason.
        self.reason = (reason or f"Imported from {name}")[:100]
        self.versions_read: dict = {}  # {model label: {pk: version}} the last run found

    def preview(self) -> ImportReport:
        return self._run(commit=False)

    def commit(self, *, expected_versions: dict | None = None) -> ImportReport:
        """Write the import. `expected_versions` are those its preview found (kept by the
        batch): a record saved since is refused, and nothing is written."""
        return self._run(commit=True, expected=expected_versions)

    def mappings(self) -> list[SheetMapping]:
        """The column mapping a council layout will be read with (proposed if not given)."""
        with open_workbook(self.data, self.name) as book:
            return self._mappings(book)

    def _mappings(self, book) -> list[SheetMapping]:
        if self.mapping is not None:
            return [SheetMapping.from_dict(item) for item in self.mapping]
        return propose_mappings(book, self.sheet)

    # --- the one run -------------------------------------------------------------

    def _run(self, *, commit: bool, expected=None) -> ImportReport:
        report = ImportReport(title=f"Import of {self.name}")
        versions = VersionCheck(report, expected)
        try:
            with open_workbook(self.data, self.name) as book, transaction.atomic():
                self._import(book, report, versions, lock=commit)
                if report.has_errors or not commit:
                    transaction.set_rollback(True)
                else:
                    report.committed = True
        except SpreadsheetError as error:
            report.error(str(error))
        except (IntegrityError, Conflict):
            # A record saved at the very moment the import was written it (a figure entered
            # on a monthly return): the database refused one of the two.
            logger.info("Import of %s met a concurrent change", self.name, exc_info=True)
            report.stale = True
            report.error(
                "Someone saved records of this plan while the import was being written, so "
                "nothing was imported. Preview the import again (or run it again) to include "
                "their change."
            )
        except DatabaseError:
            logger.exception("Import of %s could not be written", self.name)
            report.error(
                "The import could not be written to the database, so nothing was changed. "
                "Try again; if it happens again, tell the system administrator."
            )
        except Exception:  # never a server error for a bad cell: report it instead
            logger.exception("Import of %s failed", self.name)
            report.error(
                "Something in the workbook could not be read, so nothing was imported. "
                "Check it opens in Excel, save a fresh copy and try again."
            )
        if report.has_errors:
            report.committed = False
        self.versions_read = versions.kept()
        return report

    def _import(self, book, report: ImportReport, versions: VersionCheck, *, lock: bool):
        kind = self.kind
        if kind == AUTO:
            kind = detect_kind(book)
        if kind == PLAN and not is_template_workbook(book.sheet_names):
            kind = COUNCIL
            report.warning(
                "The workbook is not in the Improvement Tracker template, so it was read as "
                "the council's own layout."
            )
        mappings = self._mappings(book) if kind == COUNCIL else []
        plan = self._target_plan(book, kind, mappings, report, versions)
        if plan is None:
            return
        if lock and not report.count(CREATED, "plan"):
            # One import of a plan at a time: a second waits here, then reads what the
            # first wrote, so neither creates what the other has just created.
            plan = Plan.objects.select_for_update().get(pk=plan.pk)
        loader = Loader(plan, report, user=self.user, reason=self.reason, versions=versions)
        if report.count(CREATED, "plan"):
            loader.seen.add(("plan", plan.pk))
        if kind == PLAN:
            TemplateImporter(book, loader, report).run()
        elif kind == COUNCIL:
            CouncilImporter(book, loader, report, mappings).run()
        else:
            if not plan.pk:
                return
            ActualsImporter(book, loader, report, sheet=self.sheet, mapping=self.mapping).run()
        loader.finish()

    def _target_plan(self, book, kind, mappings, report, versions) -> Plan | None:
        if self.plan is not None:
            return self.plan
        slug = self.plan_slug
        plan_row = _plan_sheet_row(book) if kind == PLAN else {}
        if not slug:
            slug = str(plan_row.get("slug") or "").strip()
        if not slug:
            report.error(
                "Say which plan to import into (--plan SLUG): the workbook does not name one."
            )
            return None
        plan = Plan.objects.filter(slug=slug).first()
        if plan is not None:
            return plan
        if kind == ACTUALS:
            report.error(f'There is no plan "{slug}". Import the plan before its figures.')
            return None
        if slugify(slug) != slug:
            report.error(f'"{slug}" cannot be a plan\'s short name: use letters, numbers and -.')
            return None
        title = next((m.title for m in mappings if m.title), "") or book.sheet_names[0]
        organisation = str(plan_row.get("organisation") or "").strip() or title
        plan = Plan(
            slug=slug,
            organisation=organisation[:200],
            title=(str(plan_row.get("title") or "").strip() or title)[:200],
        )
        label = f'Plan "{plan.title}" ({plan.slug})'
        writer = RecordWriter(report, versions, user=self.user, reason=self.reason)
        writer.create(plan, label, Where(book.sheet_names[0]))
        report.change(CREATED, "plan", label)
        return plan


def _plan_sheet_row(book) -> dict:
    """The Plan sheet's first row as {"slug": ..., "organisation": ..., "title": ...}."""
    names = {name.strip().casefold(): name for name in book.sheet_names}
    actual = names.get("plan")
    if actual is None:
        return {}
    rows = book.rows(actual)
    header = next(rows, None)
    data = next((row for row in rows if row.filled()), None)
    if header is None or data is None:
        return {}
    wordings = {c.header.casefold(): (normalise_header(c.header),) for c in SHEETS["Plan"][1]}
    matched, _unmatched = match_headers(header.values, wordings, prefix=False)
    return {key: data.value(index) for index, key in matched.items()}
