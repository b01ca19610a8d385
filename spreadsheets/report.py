"""What an import would do, or did: the one report the web preview and the commands show."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from .advice import split

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
ERROR, WARNING = "error", "warning"

# Record kinds in the order the report lists them, with singular and plural names.
KINDS = {
    "plan": ("plan", "plans"),
    "period": ("reporting period", "reporting periods"),
    "area": ("service area", "service areas"),
    "outcome": ("outcome", "outcomes"),
    "recommendation": ("recommendation", "recommendations"),
    "action": ("action", "actions"),
    "update": ("progress update", "progress updates"),
    "measure": ("measure", "measures"),
    "target": ("target", "targets"),
    "actual": ("monthly figure", "monthly figures"),
    "benchmark": ("benchmark", "benchmarks"),
    "report": ("exception report", "exception reports"),
}


# Told of each problem as it is reported, while an error file is made (error_file.py).
issue_seen: ContextVar[Callable | None] = ContextVar("issue_seen", default=None)


def kind_name(kind: str, count: int = 1) -> str:
    singular, plural = KINDS.get(kind, (kind, kind + "s"))
    return singular if count == 1 else plural


@dataclass(frozen=True)
class Where:
    """A place in the workbook: sheet, Excel row number and column (letter and heading)."""

    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f'sheet "{self.sheet}"')
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Issue:
    level: str  # ERROR or WARNING
    message: str
    where: Where = Where()
    field: str = ""

    @property
    def sheet(self) -> str:
        return self.where.sheet

    @property
    def row(self) -> int | None:
        return self.where.row

    @property
    def column(self) -> str:
        return self.where.column

    def advice(self) -> tuple[str, str]:
        """(what is wrong, what to do): see advice.py."""
        return split(self.message, self.level)

    @property
    def problem(self) -> str:
        return self.advice()[0]

    @property
    def what_to_do(self) -> str:
        return self.advice()[1]

    def __str__(self) -> str:
        place = str(self.where)
        return f"{place}: {self.message}" if place else self.message


@dataclass(frozen=True)
class Change:
    outcome: str  # CREATED, UPDATED or UNCHANGED
    kind: str  # a key of KINDS
    label: str  # e.g. 'Measure "Number of adoptions" (Adoption)'
    where: Where = Where()
    fields: tuple[str, ...] = ()  # the fields an update changes

    def __str__(self) -> str:
        text = self.label
        if self.fields:
            text += f" — changes {', '.join(self.fields)}"
        place = str(self.where)
        return f"{text} ({place})" if place else text


@dataclass
class ImportReport:
    title: str = ""
    changes: list[Change] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    committed: bool = False
    stale: bool = False  # refused: someone saved records it would change since it read them

    # --- recording -------------------------------------------------------------

    def change(self, outcome, kind, label, where=Where(), fields=()):
        self.changes.append(Change(outcome, kind, label, where, tuple(fields)))

    def error(self, message, where=Where(), field=""):
        self._add(Issue(ERROR, message, where, field))

    def warning(self, message, where=Where(), field=""):
        self._add(Issue(WARNING, message, where, field))

    def _add(self, issue: Issue) -> None:
        self.issues.append(issue)
        seen = issue_seen.get()
        if seen is not None:
            seen(issue)

    # --- reading ---------------------------------------------------------------

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.level == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.level == WARNING]

    @property
    def has_errors(self) -> bool:
        return any(issue.level == ERROR for issue in self.issues)

    def counts(self) -> dict[str, Counter]:
        """{outcome: Counter(kind: n)}."""
        result = {CREATED: Counter(), UPDATED: Counter(), UNCHANGED: Counter()}
        for change in self.changes:
            result[change.outcome][change.kind] += 1
        return result

    def count(self, outcome: str, kind: str | None = None) -> int:
        return sum(
            1
            for change in self.changes
            if change.outcome == outcome and (kind is None or change.kind == kind)
        )

    def listed(self, outcome: str) -> list[Change]:
        order = list(KINDS)
        chosen = [change for change in self.changes if change.outcome == outcome]
        return sorted(chosen, key=lambda c: order.index(c.kind) if c.kind in order else len(order))

    def summary(self, outcome: str) -> str:
        """e.g. "17 service areas, 43 measures" (or "nothing")."""
        counter = self.counts()[outcome]
        parts = [
            f"{counter[kind]} {kind_name(kind, counter[kind])}" for kind in KINDS if counter[kind]
        ]
        return ", ".join(parts) or "nothing"

    def sections(self):
        """(heading, summary, changes) for created, updated and unchanged."""
        return [
            ("Will be created" if not self.committed else "Created", CREATED),
            ("Will be updated" if not self.committed else "Updated", UPDATED),
            ("Left unchanged", UNCHANGED),
        ]

    def totals(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in (CREATED, UPDATED, UNCHANGED)}


def _issue_lines(issues: list[Issue], limit: int | None, more: str) -> list[str]:
    shown = issues if limit is None else issues[:limit]
    lines = [f"  - {issue}" for issue in shown]
    if len(issues) > len(shown):
        lines.append(f"  … and {len(issues) - len(shown)} more, {more}")
    return lines


def render_text(
    report: ImportReport,
    *,
    limit: int | None = 50,
    issue_limit: int | None = None,
    more: str = "in the error file",
) -> str:
    """The import report as plain text: counts, what changes, warnings, then errors.

    ``limit`` caps how many records of each outcome are listed, ``issue_limit`` how many
    warnings and errors (None lists all); ``more`` says where the rest are.
    """
    lines = []
    if report.title:
        lines += [report.title, "=" * len(report.title)]
    for heading, outcome in report.sections():
        lines.append(f"{heading}: {report.summary(outcome)}")
    for heading, outcome in report.sections()[:2]:
        changes = report.listed(outcome)
        if not changes:
            continue
        lines += ["", f"{heading}:"]
        shown = changes if limit is None else changes[:limit]
        lines += [f"  - {change}" for change in shown]
        if len(changes) > len(shown):
            lines.append(f"  … and {len(changes) - len(shown)} more")
    if report.warnings:
        lines += ["", f"Warnings ({len(report.warnings)}):"]
        lines += _issue_lines(report.warnings, issue_limit, more)
    if report.errors:
        lines += ["", f"Errors ({len(report.errors)}): nothing was written."]
        lines += _issue_lines(report.errors, issue_limit, more)
    elif report.committed:
        lines += ["", "Imported: every change above was written."]
    else:
        lines += ["", "No errors: nothing has been written yet."]
    return "\n".join(lines) + "\n"
