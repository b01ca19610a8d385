"""Exception reports: a council's monthly report laid out one row per service area.

The sheet names each area (AREA), its lead, the previous and current RAG, the key
developments and risks, and an ANALYSIS column in two halves: either an "ANALYSIS"
heading over "Progress" and "Risks" sub-columns (``sub_headings``), or one column whose
text says "Progress: ... Risks: ..." (``split_analysis``). Each row becomes the area's
report for the month the admin chose (``SheetMapping.period``). Areas are matched by
name; an area the plan does not have is an error naming the row, unless the plan is new
(or has no areas yet): then it is created. A RAG that cannot be read ("Y", "?????") is
kept in the report's reason, as typed, and warned: RAG cells are read by the one cell
policy, ``cells.read_field(RAG, ..., role=REPORT)``, which says where such text is kept.

Our own format's "Exception reports" sheet (template_import.py) writes through the same
``ReportWriter`` and reads its RAG cells the same way (``read_report_rag``).
"""

from __future__ import annotations

import datetime
import re

from exceptions.models import ExceptionReport

from ..cells import (
    is_section_row,
    match_headers,
    norm,
    plain_text,
    read_field,
    same,
    short,
)
from ..cells.fields import RAG, REPORT, FieldRead
from ..report import CREATED, Where

REPORTS = "reports"
REPORT_LABEL = "Exception reports (one row per service area)"
MAIN = "area"
# Field -> header wordings, normalised (cells.normalise_header). A bare "RAG" is an
# action's rating, so a reports sheet needs "Previous RAG" or "Current RAG".
REPORT_FIELDS: dict[str, tuple[str, ...]] = {
    "area": ("area", "areas", "service area", "theme", "workstream", "work stream"),
    "lead": ("lead", "leads", "lead officer", "lead officers", "responsible officer"),
    "previous_rag": (
        "previous rag",
        "previous rating",
        "last rag",
        "last months rag",
        "rag last month",
        "previous",
    ),
    "suggested_rag": ("suggested rag", "data rag"),
    "current_rag": (
        "current rag",
        "current rating",
        "overall rag",
        "rag this month",
        "this months rag",
        "current",
    ),
    "reason": ("reason", "reason for rag", "rag reason", "reason for change"),
    "key_developments": ("key developments", "developments"),
    "key_risks": ("key risks", "key issues"),
    "progress": ("progress", "analysis progress"),
    "risks": ("risks", "risk", "analysis risks"),
    "analysis": ("analysis", "analysis progress risks", "progress risks", "progress and risks"),
    "evidence": ("evidence",),
}
REPORT_LABELS = {
    "area": "Service area",
    "lead": "Lead (the area's)",
    "previous_rag": "Previous RAG",
    "suggested_rag": "Suggested RAG",
    "current_rag": "Current RAG",
    "reason": "Reason for the RAG",
    "key_developments": "Key developments",
    "key_risks": "Key risks",
    "progress": "Analysis: progress",
    "risks": "Analysis: risks",
    "analysis": "Analysis (progress, then risks)",
    "evidence": "Evidence",
    "notes": "Other (kept in the evidence with its heading)",
}
RAG_FIELDS = ("previous_rag", "suggested_rag", "current_rag")
TEXT_FIELDS = ("key_developments", "key_risks", "progress", "risks", "evidence", "reason")


def is_reports_header(columns: dict[int, str]) -> bool:
    """Whether matched headings make a sheet of exception reports: an area and a RAG."""
    fields = set(columns.values())
    return MAIN in fields and bool(fields & {"previous_rag", "current_rag"})


# --- cells -----------------------------------------------------------------------


def read_report_rag(value, heading: str) -> FieldRead:
    """A report's RAG cell through the one cell policy: ``value`` the rating ("" for a
    blank cell), or None with ``note`` the line to keep in the report's reason and
    ``warning`` saying so."""
    read = read_field(RAG, value, role=REPORT, heading=heading)
    if read.value is None and not read.unread:
        return FieldRead("")
    return read


# "Progress:", "Risks -", "Issues:" at the start of the cell, of a line or of a sentence.
_ANALYSIS_PART = re.compile(
    r"(?:^|(?<=\n)|(?<=[.;)]))\s*"
    r"(progress|risks?|issues|risks?\s*(?:and|/|&)\s*issues)\s*[:\-–—]\s*",
    re.IGNORECASE,
)


def split_analysis(text: str) -> tuple[str, str]:
    """An ANALYSIS cell in its halves: "Progress: a. Risks: b" -> ("a.", "b").

    Text before any "Progress:" or "Risks:" wording, or with neither, is progress; each
    part after "Risks:" (or "Issues:") is risk.
    """
    text = (text or "").strip()
    parts = list(_ANALYSIS_PART.finditer(text))
    if not parts:
        return text, ""
    progress = [text[: parts[0].start()].strip()]
    risks = []
    for index, match in enumerate(parts):
        end = parts[index + 1].start() if index + 1 < len(parts) else len(text)
        chunk = text[match.end() : end].strip()
        (progress if match.group(1).casefold() == "progress" else risks).append(chunk)
    return "\n".join(p for p in progress if p), "\n".join(r for r in risks if r)


def sub_headings(header: list, below: list, columns: dict[int, str]):
    """Columns named on the row below the header, under a heading that spans them
    ("ANALYSIS" over "Progress" and "Risks"): the new {column: field}, or None when
    the row below is not such a row."""
    filled = [index for index, value in enumerate(below) if plain_text(value)]
    if not filled:
        return None
    matched, unmatched = match_headers(below, REPORT_FIELDS)
    if unmatched or not set(matched.values()) <= {"progress", "risks"}:
        return None
    if any(columns.get(index) not in (None, "analysis") for index in matched):
        return None
    spanned = {index for index, field in columns.items() if field == "analysis"}
    result = {i: f for i, f in columns.items() if not (i in spanned and i in matched)}
    if spanned and not spanned & set(matched):
        return None
    result.update(matched)
    return dict(sorted(result.items()))


def month_of(text: str) -> datetime.date | None:
    """ "2020-07" (or "2020-07-01", "07/2020") as the first of that month, else None."""
    text = (text or "").strip()
    for pattern in ("%Y-%m", "%Y-%m-%d", "%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


# --- writing ---------------------------------------------------------------------


class ReportWriter:
    """Finds an area's report for a month and creates or updates it through the loader."""

    def __init__(self, loader):
        self.loader = loader
        plan = loader.plan
        self.reports = {}
        if plan.pk:
            for report in ExceptionReport.objects.filter(area__plan=plan):
                self.reports[(report.area_id, report.period_id)] = report

    def find(self, area, period):
        return self.reports.get((area.pk, period.pk))

    def save(self, area, period, values, where: Where, places=None, create_values=None):
        """Create or update the area's report for the period; never in a period locked
        before the import (an error instead, as for monthly figures)."""
        key = (area.pk, period.pk)
        label = f"Exception report: {area.name}, {period.month:%B %Y}"
        existing = self.reports.get(key)
        if existing is not None and ("report", existing.pk) in self.loader.seen:
            self.loader.report.error(
                f"{area.name} has a second exception report for {period.month:%B %Y} in this "
                "file; give one row per area and month.",
                where,
            )
            return existing
        changes = existing is None or any(
            not same(getattr(existing, name), value) for name, value in values.items()
        )
        if changes and period.month in self.loader.locked_months:
            self.loader.report.error(
                f"{period.label} is locked, so its exception reports cannot be changed by an "
                f"import ({area.name}). Unlock the period first, or leave this report out.",
                where,
            )
            return existing
        record, _ = self.loader.save(
            "report",
            ExceptionReport,
            existing,
            values,
            {"area": area, "period": period, **(create_values or {})},
            label,
            where,
            places,
        )
        self.reports[key] = record
        return record


def keep_lines(existing: str, lines: list[str]) -> str:
    """`existing` with each line added that it does not already hold (so a second import
    of the same file changes nothing)."""
    text = existing or ""
    for line in lines:
        if line and line not in text:
            text = f"{text}\n{line}".strip()
    return text


# --- the council's sheet -----------------------------------------------------------


class ReportSheet:
    """Reads one council sheet of exception reports into the month its mapping names."""

    def __init__(self, importer, mapping):
        self.importer = importer
        self.loader = importer.loader
        self.report = importer.report
        self.book = importer.book
        self.mapping = mapping
        self.by_field: dict[str, int] = {}
        for column, name in sorted(mapping.columns.items()):
            if name != "notes":
                self.by_field.setdefault(name, column)
        self.notes = [c for c, name in sorted(mapping.columns.items()) if name == "notes"]
        self.create_areas = bool(self.report.count(CREATED, "plan")) or not self.loader.areas

    def where(self, row, column=None) -> Where:
        if column is None:
            return Where(self.mapping.sheet, row.number)
        return Where(self.mapping.sheet, row.number, self.mapping.column_label(column))

    def text(self, row, name) -> str:
        column = self.by_field.get(name)
        return plain_text(row.value(column)).strip() if column is not None else ""

    def heading(self, column) -> str:
        return self.mapping.headers[column] if column < len(self.mapping.headers) else ""

    def run(self):
        header = Where(self.mapping.sheet, self.mapping.header_row)
        month = month_of(self.mapping.period)
        if month is None:
            self.report.error(
                "Say which month these exception reports are for (the reporting period, "
                "e.g. 2020-07): on the command line with --period YYYY-MM, on the web when "
                "uploading the workbook.",
                header,
            )
            return
        self.period = self.loader.period(month, header)
        self.writer = self.importer.report_writer()
        for row in self.book.rows(self.mapping.sheet):
            if row.number <= (self.mapping.header_row or 0) or not row.filled():
                continue
            name = self.text(row, "area")
            if not name:
                cells = "; ".join(
                    f"{self.heading(i)}: {short(plain_text(row.value(i)), 60)}"
                    for i in row.filled()
                )
                self.report.warning(
                    f"The row has no area, so it was not imported. Its cells: {cells}",
                    self.where(row),
                )
                continue
            if self.repeats_header(row):
                continue
            if is_section_row(row.values) is not None and len(self.by_field) > 1:
                self.report.warning(
                    f'"{short(name, 60)}" is the only filled cell of its row, so it was read '
                    "as a heading, not as an area's report.",
                    self.where(row, self.by_field["area"]),
                )
                continue
            area, extra = self.area(row, name)
            if area is not None:
                self.record(row, area, extra)

    def repeats_header(self, row) -> bool:
        """A header row repeated further down (one table per area, each with its headings)."""
        column = self.by_field["area"]
        heading = self.heading(column).split(":")[0]
        return norm(plain_text(row.value(column))) == norm(heading)

    def area(self, row, name):
        """The area the row names (its whole cell, or the cell's first line, with the
        rest of the cell returned to be kept), created in a new plan; else an error."""
        where = self.where(row, self.by_field["area"])
        first, _, rest = name.partition("\n")
        for candidate, extra in ((name, ""), (first.strip(), rest.strip())):
            area = self.loader.find_area(candidate)
            if area is not None:
                return area, extra
        if self.create_areas:
            values = {"lead": self.text(row, "lead")} if self.text(row, "lead") else None
            return self.loader.area(first.strip()[:150], where, create_values=values), rest
        known = ", ".join(f'"{a.name}"' for a in self.loader.areas.values())
        self.report.error(
            f'Row {row.number}: the plan has no service area called "{short(first, 80)}", so '
            f"its report cannot be imported. Use one of the plan's area names ({known}), or "
            "add the area first.",
            where,
            "area",
        )
        return None, ""

    def record(self, row, area, extra):
        existing = self.writer.find(area, self.period)
        values: dict = {}
        typed: list[str] = []
        for field in RAG_FIELDS:
            column = self.by_field.get(field)
            if column is None:
                continue
            read = read_report_rag(row.value(column), REPORT_LABELS[field])
            if read.warning:
                self.report.warning(read.warning, self.where(row, column), field)
            if read.value is None:
                typed.append(read.note)
                continue
            values[field] = read.value
        for field in TEXT_FIELDS:
            if field in self.by_field:
                values[field] = self.text(row, field)
        if "analysis" in self.by_field:
            progress, risks = split_analysis(self.text(row, "analysis"))
            values["progress"] = keep_lines(values.get("progress", ""), [progress])
            values["risks"] = keep_lines(values.get("risks", ""), [risks])
        kept = [f"{self.heading(i)}: {plain_text(row.value(i))}" for i in self.notes]
        if extra:
            kept.insert(0, f"{self.heading(self.by_field['area'])}: {extra}")
        kept = [line for line in kept if not line.endswith(": ")]
        if kept:
            base = values.get("evidence", existing.evidence if existing else "")
            values["evidence"] = keep_lines(base, kept)
        if typed:
            base = values.get("reason", existing.reason if existing else "")
            values["reason"] = keep_lines(base, typed)
        lead = self.text(row, "lead")
        if lead and lead != area.lead:
            self.loader.area(area.name, self.where(row, self.by_field["lead"]), {"lead": lead})
        places = {
            field: self.where(row, column)
            for field, column in self.by_field.items()
            if field in RAG_FIELDS or field in TEXT_FIELDS
        }
        self.writer.save(
            area,
            self.period,
            values,
            self.where(row, self.by_field["area"]),
            places,
            {"status": ExceptionReport.Status.SUBMITTED},
        )
