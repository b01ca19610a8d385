"""Our own workbook format: the blank template, plan exports, and importing either back.

One description of the sheets and their columns (``SHEETS``) drives all three, and the
"Notes" sheet that explains each column. A workbook exported from a plan imports into
an empty database as the same plan, field for field.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook as NewWorkbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from improvement.models import (
    ACTION_RAG_CHOICES,
    ACTION_STATUS_CHOICES,
    Action,
    ActionUpdate,
    Outcome,
    Plan,
    Recommendation,
    ReportingPeriod,
)
from measures.models import DIRECTION_CHOICES, UNIT_CHOICES, Actual, Benchmark, Measure, Target
from measures.rules import Frequency

from .safety import keep_as_text, looks_like_formula

# --- the sheets --------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    help: str
    kind: str = "text"  # text, number, int, date, datetime, bool, choice, list
    choices: tuple = ()  # (value, label) pairs for kind "choice"
    required: bool = False


def _c(header, help, kind="text", choices=(), required=False):
    return Column(header, help, kind, tuple(choices), required)


MULTI = "Several may be given, one per line or separated by semicolons."
AREA_KEY = _c("Area", "The service area's name, exactly as on the Areas sheet.", required=True)
MEASURE_KEYS = (
    AREA_KEY,
    _c("Measure reference", "The measure's reference, if it has one."),
    _c("Measure", "The measure's name, exactly as on the Measures sheet.", required=True),
)

SHEETS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "Plan": (
        "The plan itself: one row.",
        (
            _c("Slug", "Short name used in addresses and commands, e.g. southampton-2020."),
            _c("Organisation", "The council or partnership.", required=True),
            _c("Title", "The plan's title.", required=True),
            _c("Framework", "Inspection framework.", "choice", Plan.Framework.choices),
            _c("Inspection date", "Date of the inspection.", "date"),
            _c("Judgement", "Overall judgement.", "choice", Plan.Judgement.choices),
            _c("Starts", "First month the plan covers.", "date"),
            _c("Ends", "Last month the plan covers.", "date"),
            _c("Status", "Draft, Active or Closed.", "choice", Plan.Status.choices),
            _c("Summary", "A short description."),
        ),
    ),
    "Periods": (
        "Reporting periods: one row per month.",
        (
            _c("Month", "The month reported on (any day of it).", "date", required=True),
            _c("Deadline", "When returns are due.", "date"),
            _c("Status", "Open or Locked.", "choice", ReportingPeriod.Status.choices),
            _c("Locked by", "User name of who locked it."),
            _c("Locked at", "When it was locked.", "datetime"),
        ),
    ),
    "Areas": (
        "Service areas: one row per area.",
        (
            _c("Area", "The area's name, unique within the plan.", required=True),
            _c("Order", "Position on the board's reports (1 first).", "int"),
            _c("Lead", "Role title of the lead."),
            _c("Responsible officers", "One per line."),
            _c("Linked plans", "Linked service plans, one per line."),
            _c("Recommendations", "References of the recommendations it answers. " + MULTI, "list"),
            _c("Managers", "User names of the service managers who update it. " + MULTI, "list"),
        ),
    ),
    "Outcomes": (
        "What each area is trying to achieve; outcomes group actions.",
        (
            AREA_KEY,
            _c("Outcome", "The outcome.", required=True),
            _c("Order", "Position within the area.", "int"),
        ),
    ),
    "Recommendations": (
        "Recommendations from inspections and reviews: one row each.",
        (
            _c("Reference", 'As the source numbers it, e.g. "1" or "REC 4".', required=True),
            _c("Source", "Where it comes from.", "choice", Recommendation.Source.choices),
            _c("Recommendation", "Its wording.", required=True),
            _c("Report reference", 'Where in the report, e.g. "Pg 3 Para 2".'),
            _c("Timeframe", 'e.g. "Immediately", "Within three months".'),
            _c("Order", "Position in lists.", "int"),
        ),
    ),
    "Actions": (
        "Actions (priorities): one row each.",
        (
            AREA_KEY,
            _c("Reference", 'e.g. "2.1.3". Used to find the action again when re-importing.'),
            _c("Action", "What will be done.", required=True),
            _c("Outcome", "The outcome it serves (from the Outcomes sheet)."),
            _c("Target date", "The date it is due.", "date"),
            _c("Target date wording", 'When there is no exact date: "Ongoing", "TBC", "Oct-20".'),
            _c("Lead", "Who leads it."),
            _c("Key partners", "Partners involved."),
            _c("Success measure", "How success is measured."),
            _c("Status", "Progress of the action.", "choice", ACTION_STATUS_CHOICES),
            _c("Cost", "Cost or resources."),
            _c("Still to do", "What still needs doing."),
            _c("Recommendations", "References of the recommendations it answers. " + MULTI, "list"),
            _c("Manual RAG", "Overrides the calculated BRAG.", "choice", ACTION_RAG_CHOICES),
            _c("Manual RAG reason", "Why, when the BRAG is set by hand."),
            _c("Notes", "Notes, including cells an import could not read."),
            _c("Order", "Position within the area.", "int"),
        ),
    ),
    "Progress updates": (
        "Dated progress entries on actions.",
        (
            AREA_KEY,
            _c("Action reference", "The action's reference, if it has one."),
            _c("Action", "The action's wording, exactly as on the Actions sheet.", required=True),
            _c("Date", "When the update was made.", "datetime", required=True),
            _c("Period", "The reporting month it belongs to.", "date"),
            _c("Status", "The action's status at the time.", "choice", ACTION_STATUS_CHOICES),
            _c("Progress", "Progress made."),
            _c("Impact", "Impact on children and families."),
            _c("Evidence", "The evidence."),
            _c("Evidence link", "A web address for the evidence."),
            _c("Author", "User name of who wrote it."),
        ),
    ),
    "Measures": (
        "Measures (KPIs): one row each.",
        (
            AREA_KEY,
            _c("Reference", "The measure's reference, if it has one."),
            _c("Measure", "Its name.", required=True),
            _c("Unit", "What kind of figure it is.", "choice", UNIT_CHOICES),
            _c("Unit label", 'What is counted, e.g. "per 10,000 children aged 0-17".'),
            _c("Direction", "Which direction is better.", "choice", DIRECTION_CHOICES),
            _c("Decimal places", "Decimal places shown.", "int"),
            _c("Baseline", "The starting figure (percentages as 0-100).", "number"),
            _c("Baseline date", "When the baseline was measured.", "date"),
            _c("Baseline wording", "The baseline as first written, when it had words."),
            _c(
                "Amber tolerance %",
                "How far short of target, as % of it, is still Amber.",
                "number",
            ),
            _c("Frequency", "How often it is reported.", "choice", Frequency.choices()),
            _c("Data source", "Where the figures come from."),
            _c("Local indicator", "Yes when no published comparator exists.", "bool"),
            _c("Outcome", "The outcome this measure evidences."),
            _c("Notes", "Notes, including cells an import could not read."),
            _c("Order", "Position within the area.", "int"),
        ),
    ),
    "Targets": (
        "Targets, which may change over the plan: one row per target and start date.",
        (
            *MEASURE_KEYS,
            _c("Effective from", "First month the target applies.", "date", required=True),
            _c("Target", "The target figure (percentages as 0-100).", "number", required=True),
            _c("Upper", "Upper bound, for measures judged within a range.", "number"),
            _c("Note", "Notes on the target, e.g. its wording as first written."),
        ),
    ),
    "Actuals": (
        "Monthly figures: one row per measure and month.",
        (
            *MEASURE_KEYS,
            _c("Month", "The month the figure is for (any day of it).", "date", required=True),
            _c("Value", "The figure (percentages as 0-100); blank when missing.", "number"),
            _c("Missing reason", "Why there is no figure this month."),
            _c("Commentary", "Commentary on the figure."),
            _c("Illustrative", "Yes for made-up demonstration figures.", "bool"),
            _c("Entered by", "User name of who entered it."),
        ),
    ),
    "Benchmarks": (
        "Comparators: statistical neighbours, regional and national figures.",
        (
            *MEASURE_KEYS,
            _c("Kind", "Which comparator.", "choice", Benchmark.Kind.choices, required=True),
            _c("Year", "The year it relates to.", "int", required=True),
            _c("Value", "The comparator figure.", "number", required=True),
            _c("Source", "Where it comes from."),
        ),
    ),
}
NOTES_SHEET = "Notes"


def is_template_workbook(sheet_names) -> bool:
    """Whether a workbook uses our sheets (a template or an export)."""
    names = {name.strip().casefold() for name in sheet_names}
    ours = {name.casefold() for name in SHEETS if name != "Plan"}
    return len(names & ours) >= 1 and (NOTES_SHEET.casefold() in names or len(names & ours) >= 2)


# --- writing -----------------------------------------------------------------------

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"


def write_cell(sheet, row: int, column: int, value):
    """Write a value so that Excel shows exactly it: text is never run as a formula."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        value = value.replace(microsecond=0)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row=row, column=column, value=value)
    if looks_like_formula(value):
        keep_as_text(cell)
    elif isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def _choice_label(column: Column, value) -> str:
    for choice, label in column.choices:
        if choice == value:
            return str(label)
    return value or ""


def _lines(values) -> str:
    return "\n".join(str(v) for v in values if v)


def _start_sheet(book, name):
    description, columns = SHEETS[name]
    sheet = book.create_sheet(name)
    for index, column in enumerate(columns, start=1):
        cell = write_cell(sheet, 1, index, column.header)
        cell.font = Font(bold=True)
        width = max(12, min(50, len(column.header) + 4))
        if column.header in {"Action", "Measure", "Recommendation", "Progress", "Outcome"}:
            width = 60
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet, columns


def _write_rows(book, name, rows):
    sheet, columns = _start_sheet(book, name)
    for row_index, row in enumerate(rows, start=2):
        for col_index, column in enumerate(columns, start=1):
            value = row.get(column.header)
            if column.kind == "choice":
                value = _choice_label(column, value)
            elif column.kind == "bool":
                value = "Yes" if value else "No"
            elif column.kind == "list":
                value = _lines(value or ())
            if value is None or value == "":
                continue
            cell = write_cell(sheet, row_index, col_index, value)
            if isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_notes(book):
    sheet = book.create_sheet(NOTES_SHEET)
    notes = [
        ("Improvement Tracker workbook", "", ""),
        (
            "How to use it",
            "",
            "Fill in one sheet per kind of record. Rows are matched to what is already in "
            "the plan by their names and references, so importing the same workbook twice "
            "changes nothing. Blank sheets and columns are left alone. Percentages are "
            "written as 0-100 (or typed with a % sign). Dates may be Excel dates or text "
            'such as "Oct-20".',
        ),
        ("", "", ""),
        ("Sheet", "Column", "What to put in it"),
    ]
    for name, (description, columns) in SHEETS.items():
        notes.append((name, "", description))
        for column in columns:
            text = column.help
            if column.kind == "choice":
                text += " One of: " + ", ".join(str(label) for _, label in column.choices) + "."
            if column.kind == "bool":
                text += " Yes or No."
            if column.required:
                text += " Required."
            notes.append((name, column.header, text))
    for row_index, row in enumerate(notes, start=1):
        for col_index, value in enumerate(row, start=1):
            if value:
                cell = write_cell(sheet, row_index, col_index, value)
                if row_index in (1, 4) or (col_index == 1 and not row[1]):
                    cell.font = Font(bold=True)
                if col_index == 3:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 100


def _save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def blank_template() -> bytes:
    """The template: every sheet with its headings, and the Notes sheet."""
    book = NewWorkbook()
    book.remove(book.active)
    for name in SHEETS:
        _start_sheet(book, name)
    _write_notes(book)
    return _save(book)


def _recommendation_keys(plan) -> dict[int, str]:
    """How other sheets refer to each recommendation: its reference, or source:reference."""
    recs = list(plan.recommendations.all())
    counts: dict[str, int] = {}
    for rec in recs:
        counts[rec.reference.casefold()] = counts.get(rec.reference.casefold(), 0) + 1
    return {
        rec.pk: rec.reference
        if counts[rec.reference.casefold()] == 1
        else (f"{rec.source}:{rec.reference}")
        for rec in recs
    }


def _username(user) -> str:
    return user.get_username() if user else ""


def export_plan(plan: Plan) -> bytes:
    """Everything in a plan as a workbook in our format."""
    book = NewWorkbook()
    book.remove(book.active)
    rec_keys = _recommendation_keys(plan)
    _write_rows(
        book,
        "Plan",
        [
            {
                "Slug": plan.slug,
                "Organisation": plan.organisation,
                "Title": plan.title,
                "Framework": plan.framework,
                "Inspection date": plan.inspection_date,
                "Judgement": plan.judgement,
                "Starts": plan.starts,
                "Ends": plan.ends,
                "Status": plan.status,
                "Summary": plan.summary,
            }
        ],
    )
    periods = plan.periods.select_related("locked_by").order_by("month")
    _write_rows(
        book,
        "Periods",
        [
            {
                "Month": p.month,
                "Deadline": p.deadline,
                "Status": p.status,
                "Locked by": _username(p.locked_by),
                "Locked at": p.locked_at,
            }
            for p in periods
        ],
    )
    areas = plan.areas.prefetch_related("recommendations", "managers").order_by("order", "name")
    _write_rows(
        book,
        "Areas",
        [
            {
                "Area": a.name,
                "Order": a.order,
                "Lead": a.lead,
                "Responsible officers": a.responsible_officers,
                "Linked plans": a.linked_plans,
                "Recommendations": [rec_keys[r.pk] for r in a.recommendations.all()],
                "Managers": sorted(_username(u) for u in a.managers.all()),
            }
            for a in areas
        ],
    )
    outcomes = Outcome.objects.filter(area__plan=plan).select_related("area")
    _write_rows(
        book,
        "Outcomes",
        [
            {"Area": o.area.name, "Outcome": o.title, "Order": o.order}
            for o in outcomes.order_by("area__order", "area__name", "order", "pk")
        ],
    )
    _write_rows(
        book,
        "Recommendations",
        [
            {
                "Reference": r.reference,
                "Source": r.source,
                "Recommendation": r.text,
                "Report reference": r.report_reference,
                "Timeframe": r.timeframe,
                "Order": r.order,
            }
            for r in plan.recommendations.order_by("order", "reference")
        ],
    )
    actions = (
        Action.objects.filter(area__plan=plan)
        .select_related("area", "outcome")
        .prefetch_related("recommendations")
        .order_by("area__order", "area__name", "order", "reference", "pk")
    )
    _write_rows(
        book,
        "Actions",
        [
            {
                "Area": a.area.name,
                "Reference": a.reference,
                "Action": a.text,
                "Outcome": a.outcome.title if a.outcome else "",
                "Target date": a.target_date,
                "Target date wording": a.target_date_text,
                "Lead": a.lead,
                "Key partners": a.key_partners,
                "Success measure": a.success_measure,
                "Status": a.status,
                "Cost": a.cost,
                "Still to do": a.still_to_do,
                "Recommendations": [rec_keys[r.pk] for r in a.recommendations.all()],
                "Manual RAG": a.manual_rag,
                "Manual RAG reason": a.manual_rag_reason,
                "Notes": a.notes,
                "Order": a.order,
            }
            for a in actions
        ],
    )
    updates = (
        ActionUpdate.objects.filter(action__area__plan=plan)
        .select_related("action__area", "period", "author")
        .order_by("action__area__order", "action__order", "action__pk", "created_at", "pk")
    )
    _write_rows(
        book,
        "Progress updates",
        [
            {
                "Area": u.action.area.name,
                "Action reference": u.action.reference,
                "Action": u.action.text,
                "Date": u.created_at,
                "Period": u.period.month if u.period else None,
                "Status": u.status,
                "Progress": u.progress,
                "Impact": u.impact,
                "Evidence": u.evidence,
                "Evidence link": u.evidence_url,
                "Author": _username(u.author),
            }
            for u in updates
        ],
    )
    measures = (
        Measure.objects.filter(area__plan=plan)
        .select_related("area")
        .order_by("area__order", "area__name", "order", "pk")
    )
    _write_rows(
        book,
        "Measures",
        [
            {
                "Area": m.area.name,
                "Reference": m.reference,
                "Measure": m.name,
                "Unit": m.unit,
                "Unit label": m.unit_label,
                "Direction": m.direction,
                "Decimal places": m.decimal_places,
                "Baseline": m.baseline,
                "Baseline date": m.baseline_date,
                "Baseline wording": m.baseline_text,
                "Amber tolerance %": m.tolerance_pct,
                "Frequency": m.frequency,
                "Data source": m.data_source,
                "Local indicator": m.local_indicator,
                "Outcome": m.outcome_text,
                "Notes": m.notes,
                "Order": m.order,
            }
            for m in measures
        ],
    )

    def measure_keys(measure):
        return {
            "Area": measure.area.name,
            "Measure reference": measure.reference,
            "Measure": measure.name,
        }

    targets = Target.objects.filter(measure__area__plan=plan).select_related("measure__area")
    _write_rows(
        book,
        "Targets",
        [
            {
                **measure_keys(t.measure),
                "Effective from": t.effective_from,
                "Target": t.value,
                "Upper": t.upper,
                "Note": t.note,
            }
            for t in targets.order_by(
                "measure__area__order", "measure__order", "measure__pk", "effective_from"
            )
        ],
    )
    actuals = Actual.objects.filter(measure__area__plan=plan).select_related(
        "measure__area", "period", "entered_by"
    )
    _write_rows(
        book,
        "Actuals",
        (
            {
                **measure_keys(a.measure),
                "Month": a.period.month,
                "Value": a.value,
                "Missing reason": a.missing_reason,
                "Commentary": a.commentary,
                "Illustrative": a.illustrative,
                "Entered by": _username(a.entered_by),
            }
            for a in actuals.order_by(
                "measure__area__order", "measure__order", "measure__pk", "period__month"
            ).iterator(chunk_size=2000)
        ),
    )
    benchmarks = Benchmark.objects.filter(measure__area__plan=plan).select_related("measure__area")
    _write_rows(
        book,
        "Benchmarks",
        [
            {
                **measure_keys(b.measure),
                "Kind": b.kind,
                "Year": b.year,
                "Value": b.value,
                "Source": b.source,
            }
            for b in benchmarks.order_by(
                "measure__area__order", "measure__order", "measure__pk", "kind", "-year"
            )
        ],
    )
    _write_notes(book)
    return _save(book)


def export_filename(plan: Plan) -> str:
    return f"{plan.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"
