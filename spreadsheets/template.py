"""Our own workbook format: the blank template, plan exports, and importing either back.

One description of the sheets and their columns (``SHEETS``: each column's heading, what
to put in it and the model field it holds) drives all three (the template here, the
export in export.py, the import in template_import.py), and the "Notes" sheet that
explains each column. A workbook exported from a plan imports into an empty database as
the same plan, field for field.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook as NewWorkbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from comparators.models import NeighbourModel
from exceptions.models import ExceptionReport
from improvement.models import (
    ACTION_RAG_CHOICES,
    ACTION_STATUS_CHOICES,
    RAG_CHOICES,
    Plan,
    Recommendation,
    ReportingPeriod,
)
from measures.models import DIRECTION_CHOICES, UNIT_CHOICES, Benchmark
from measures.rules import Frequency

from .safety import figure_format, set_cell

# --- the sheets --------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    help: str
    kind: str = "text"  # text, number, int, date, datetime, bool, choice, list
    choices: tuple = ()  # (value, label) pairs for kind "choice"
    required: bool = False
    field: str = ""  # the model field it holds


def _c(header, help, kind="text", choices=(), required=False, *, field=""):
    return Column(header, help, kind, tuple(choices), required, field)


MULTI = "Several may be given, one per line or separated by semicolons."
AREA_KEY = _c(
    "Area", "The service area's name, exactly as on the Areas sheet.", required=True, field="area"
)
RECOMMENDATIONS = _c(
    "Recommendations",
    "References of the recommendations it answers. " + MULTI,
    "list",
    field="recommendations",
)
MEASURE_KEYS = (
    AREA_KEY,
    _c("Measure reference", "The measure's reference, if it has one.", field="measure"),
    _c(
        "Measure",
        "The measure's name, exactly as on the Measures sheet.",
        required=True,
        field="measure",
    ),
)

SHEETS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "Plan": (
        "The plan itself: one row.",
        (
            _c(
                "Slug",
                "Short name used in addresses and commands, e.g. southampton-2020.",
                field="slug",
            ),
            _c("Organisation", "The council or partnership.", required=True, field="organisation"),
            _c("Title", "The plan's title.", required=True, field="title"),
            _c(
                "Framework",
                "Inspection framework.",
                "choice",
                Plan.Framework.choices,
                field="framework",
            ),
            _c("Inspection date", "Date of the inspection.", "date", field="inspection_date"),
            _c(
                "Judgement",
                "Overall judgement.",
                "choice",
                Plan.Judgement.choices,
                field="judgement",
            ),
            _c("Starts", "First month the plan covers.", "date", field="starts"),
            _c("Ends", "Last month the plan covers.", "date", field="ends"),
            _c("Status", "Draft, Active or Closed.", "choice", Plan.Status.choices, field="status"),
            _c("Summary", "A short description.", field="summary"),
            _c(
                "Council code",
                "The council's three-digit DfE code, e.g. 852 for Southampton: its published "
                "figures, region and statistical neighbours are the plan's comparators.",
                field="council",
            ),
            _c(
                "Neighbour model",
                "The DfE statistical neighbour model to compare with.",
                "choice",
                NeighbourModel.choices,
                field="neighbour_model",
            ),
        ),
    ),
    "Periods": (
        "Reporting periods: one row per month.",
        (
            _c(
                "Month",
                "The month reported on (any day of it).",
                "date",
                required=True,
                field="month",
            ),
            _c("Deadline", "When returns are due.", "date", field="deadline"),
            _c(
                "Status",
                "Open or Locked.",
                "choice",
                ReportingPeriod.Status.choices,
                field="status",
            ),
            _c("Locked by", "User name of who locked it.", field="locked_by"),
            _c("Locked at", "When it was locked.", "datetime", field="locked_at"),
        ),
    ),
    "Areas": (
        "Service areas: one row per area.",
        (
            _c("Area", "The area's name, unique within the plan.", required=True, field="name"),
            _c("Order", "Position on the board's reports (1 first).", "int", field="order"),
            _c("Lead", "Role title of the lead.", field="lead"),
            _c("Responsible officers", "One per line.", field="responsible_officers"),
            _c("Linked plans", "Linked service plans, one per line.", field="linked_plans"),
            RECOMMENDATIONS,
            _c(
                "Managers",
                "User names of the service managers who update it. " + MULTI,
                "list",
                field="managers",
            ),
        ),
    ),
    "Outcomes": (
        "What each area is trying to achieve; outcomes group actions.",
        (
            AREA_KEY,
            _c("Outcome", "The outcome.", required=True, field="title"),
            _c("Order", "Position within the area.", "int", field="order"),
        ),
    ),
    "Recommendations": (
        "Recommendations from inspections and reviews: one row each.",
        (
            _c(
                "Reference",
                'As the source numbers it, e.g. "1" or "REC 4".',
                required=True,
                field="reference",
            ),
            _c(
                "Source",
                "Where it comes from.",
                "choice",
                Recommendation.Source.choices,
                field="source",
            ),
            _c("Recommendation", "Its wording.", required=True, field="text"),
            _c(
                "Report reference",
                'Where in the report, e.g. "Pg 3 Para 2".',
                field="report_reference",
            ),
            _c("Timeframe", 'e.g. "Immediately", "Within three months".', field="timeframe"),
            _c("Order", "Position in lists.", "int", field="order"),
        ),
    ),
    "Actions": (
        "Actions (priorities): one row each.",
        (
            AREA_KEY,
            _c(
                "Reference",
                'e.g. "2.1.3". Used to find the action again when re-importing.',
                field="reference",
            ),
            _c("Action", "What will be done.", required=True, field="text"),
            _c("Outcome", "The outcome it serves (from the Outcomes sheet).", field="outcome"),
            _c("Target date", "The date it is due.", "date", field="target_date"),
            _c(
                "Target date wording",
                'When there is no exact date: "Ongoing", "TBC", "Oct-20".',
                field="target_date_text",
            ),
            _c("Lead", "Who leads it.", field="lead"),
            _c("Key partners", "Partners involved.", field="key_partners"),
            _c("Success measure", "How success is measured.", field="success_measure"),
            _c(
                "Status", "Progress of the action.", "choice", ACTION_STATUS_CHOICES, field="status"
            ),
            _c("Cost", "Cost or resources.", field="cost"),
            _c("Still to do", "What still needs doing.", field="still_to_do"),
            RECOMMENDATIONS,
            _c(
                "Manual RAG",
                "Overrides the calculated BRAG.",
                "choice",
                ACTION_RAG_CHOICES,
                field="manual_rag",
            ),
            _c(
                "Manual RAG reason", "Why, when the BRAG is set by hand.", field="manual_rag_reason"
            ),
            _c("Notes", "Notes, including cells an import could not read.", field="notes"),
            _c(
                "Needs attention",
                "Why the action should be checked (e.g. its text was cut off); blank when not.",
                field="needs_attention",
            ),
            _c("Order", "Position within the area.", "int", field="order"),
        ),
    ),
    "Progress updates": (
        "Dated progress entries on actions.",
        (
            AREA_KEY,
            _c("Action reference", "The action's reference, if it has one.", field="action"),
            _c(
                "Action",
                "The action's wording, exactly as on the Actions sheet.",
                required=True,
                field="action",
            ),
            _c("Date", "When the update was made.", "datetime", required=True, field="created_at"),
            _c("Period", "The reporting month it belongs to.", "date", field="period"),
            _c(
                "Status",
                "The action's status at the time.",
                "choice",
                ACTION_STATUS_CHOICES,
                field="status",
            ),
            _c("Progress", "Progress made.", field="progress"),
            _c("Impact", "Impact on children and families.", field="impact"),
            _c("Evidence", "The evidence.", field="evidence"),
            _c("Evidence link", "A web address for the evidence.", field="evidence_url"),
            _c("Author", "User name of who wrote it.", field="author"),
            _c(
                "Update ID",
                "The update's number in the tracker, written by the export so that importing "
                "the workbook back finds the same update. Leave it blank for a new update.",
                "int",
                field="id",
            ),
        ),
    ),
    "Measures": (
        "Measures (KPIs): one row each.",
        (
            AREA_KEY,
            _c("Reference", "The measure's reference, if it has one.", field="reference"),
            _c("Measure", "Its name.", required=True, field="name"),
            _c("Unit", "What kind of figure it is.", "choice", UNIT_CHOICES, field="unit"),
            _c(
                "Unit label",
                'What is counted, e.g. "per 10,000 children aged 0-17".',
                field="unit_label",
            ),
            _c(
                "Direction",
                "Which direction is better.",
                "choice",
                DIRECTION_CHOICES,
                field="direction",
            ),
            _c("Decimal places", "Decimal places shown.", "int", field="decimal_places"),
            _c(
                "Baseline",
                "The starting figure (percentages as 0-100).",
                "number",
                field="baseline",
            ),
            _c("Baseline date", "When the baseline was measured.", "date", field="baseline_date"),
            _c(
                "Baseline wording",
                "The baseline as first written, when it had words.",
                field="baseline_text",
            ),
            _c(
                "Amber tolerance %",
                "How far short of target, as % of it, is still Amber.",
                "number",
                field="tolerance_pct",
            ),
            _c(
                "Frequency",
                "How often it is reported.",
                "choice",
                Frequency.choices(),
                field="frequency",
            ),
            _c("Data source", "Where the figures come from.", field="data_source"),
            _c(
                "Local indicator",
                "Yes when no published comparator exists.",
                "bool",
                field="local_indicator",
            ),
            _c("Outcome", "The outcome this measure evidences.", field="outcome_text"),
            _c(
                "National indicator",
                "The code of the national indicator it is, as the DfE's catalogue (LAIT) names "
                "it, e.g. ReReferral: its published figures become its comparators.",
                field="indicator",
            ),
            _c("Notes", "Notes, including cells an import could not read.", field="notes"),
            _c("Order", "Position within the area.", "int", field="order"),
        ),
    ),
    "Targets": (
        "Targets, which may change over the plan: one row per target and start date.",
        (
            *MEASURE_KEYS,
            _c(
                "Effective from",
                "First month the target applies.",
                "date",
                required=True,
                field="effective_from",
            ),
            _c(
                "Target",
                "The target figure (percentages as 0-100).",
                "number",
                required=True,
                field="value",
            ),
            _c(
                "Upper", "Upper bound, for measures judged within a range.", "number", field="upper"
            ),
            _c(
                "Strict",
                'Yes when only a better figure meets the target ("above 95%"); No or blank '
                'when an equal one does ("95% or more").',
                "bool",
                field="strict",
            ),
            _c(
                "Trajectory",
                "Yes when the target is reached month by month in a straight line from the "
                "target before it (or the baseline); No or blank when it applies from its date.",
                "bool",
                field="trajectory",
            ),
            _c("Note", "Notes on the target, e.g. its wording as first written.", field="note"),
        ),
    ),
    "Actuals": (
        "Monthly figures: one row per measure and month.",
        (
            *MEASURE_KEYS,
            _c(
                "Month",
                "The month the figure is for (any day of it).",
                "date",
                required=True,
                field="period",
            ),
            _c(
                "Value",
                "The figure (percentages as 0-100); blank when missing.",
                "number",
                field="value",
            ),
            _c("Missing reason", "Why there is no figure this month.", field="missing_reason"),
            _c("Commentary", "Commentary on the figure.", field="commentary"),
            _c(
                "Illustrative",
                "Yes for made-up demonstration figures.",
                "bool",
                field="illustrative",
            ),
            _c("Entered by", "User name of who entered it.", field="entered_by"),
        ),
    ),
    "Benchmarks": (
        "Comparators: statistical neighbours, regional and national figures.",
        (
            *MEASURE_KEYS,
            _c(
                "Kind",
                "Which comparator.",
                "choice",
                Benchmark.Kind.choices,
                required=True,
                field="kind",
            ),
            _c(
                "Year",
                "The year it relates to; blank when the source does not say.",
                "int",
                field="year",
            ),
            _c("Value", "The comparator figure.", "number", required=True, field="value"),
            _c("Source", "Where it comes from.", field="source"),
        ),
    ),
    "Exception reports": (
        "Monthly exception reports: one row per area and month.",
        (
            AREA_KEY,
            _c(
                "Period",
                "The reporting month it is for (any day of it).",
                "date",
                required=True,
                field="period",
            ),
            _c("Previous RAG", "Last month's rating.", "choice", RAG_CHOICES, field="previous_rag"),
            _c(
                "Suggested RAG",
                "The rating the figures and actions suggest.",
                "choice",
                RAG_CHOICES,
                field="suggested_rag",
            ),
            _c("Current RAG", "This month's rating.", "choice", RAG_CHOICES, field="current_rag"),
            _c(
                "Reason",
                "Why the current RAG differs from the suggested one; also keeps a RAG an "
                "import could not read.",
                field="reason",
            ),
            _c("Key developments", "Key developments this month.", field="key_developments"),
            _c("Key risks", "Key risks.", field="key_risks"),
            _c("Progress", "Analysis of progress.", field="progress"),
            _c("Risks", "Analysis of risks.", field="risks"),
            _c("Evidence", "The evidence.", field="evidence"),
            _c(
                "Status",
                "Draft, Submitted or Returned for changes.",
                "choice",
                ExceptionReport.Status.choices,
                field="status",
            ),
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
    """Write a value so that Excel shows exactly it (safety.set_cell): text safe for a cell
    and never run as a formula, a figure as a number with the decimals it has."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        value = value.replace(microsecond=0)
    cell = set_cell(sheet.cell(row=row, column=column), value)
    if isinstance(value, Decimal):
        cell.number_format = figure_format(value)
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


def write_rows(book, name, rows):
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


def write_notes(book):
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


def save_workbook(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def blank_template() -> bytes:
    """The template: every sheet with its headings, and the Notes sheet."""
    book = NewWorkbook()
    book.remove(book.active)
    for name in SHEETS:
        _start_sheet(book, name)
    write_notes(book)
    return save_workbook(book)
