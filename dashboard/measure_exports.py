"""A measure's figures download (CSV, .xlsx): one row per month, oldest first, with what its
SPC chart (measures.spc) reads in each: the mean, the process limits, special cause and the
rule that found it, and where a new process (a rebase) starts.

The rows are built once from the measure page's read (dashboard.selectors.MeasureDetail)
and written by both formats. Every text cell goes through spreadsheets.safety, the one rule
for text in files; a figure is written as entered (a number showing its own decimals in
.xlsx); the mean and limits to one more decimal place than the measure's figures.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from improvement.rules import RAG
from measures import spc_words
from measures.rules import Unit, figure_text
from spreadsheets.safety import csv_safe, figure_format, set_cell

HEADERS = [
    "Month",
    "Figure",
    "Reason for no figure",
    "Target that month",
    "Target (number)",
    "RAG",
    "Mean",
    "Lower process limit",
    "Upper process limit",
    "Special cause",
    "Rule",
    "New process starts (rebase)",
    "Commentary",
]
WIDTHS = [11, 10, 30, 30, 10, 10, 10, 12, 12, 13, 40, 30, 60]
SPECIAL_WORDS = {"improvement": "Improvement", "concern": "Concern", "neutral": "Neutral"}
HOW_TO_READ = (
    "The mean and process limits come from the measure's statistical process control (SPC) "
    "chart. A month outside the limits, or in a long run on one side of the mean, is special "
    "cause: a change too big or too long to be chance. Other months are common cause: the "
    "normal ups and downs of the service."
)
BOLD = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")


class Limit(float):
    """A mean or a process limit, worked out from the figures: written to `places`."""

    places: int

    def __new__(cls, value, places):
        number = super().__new__(cls, round(value, places))
        number.places = places
        return number

    def text(self):
        return f"{self:.{self.places}f}"

    def number_format(self):
        return "0." + "0" * self.places if self.places else "0"


def about_rows(detail, period) -> list[list]:
    """The rows above the table: the measure, its unit and better direction, and its
    readings at the period."""
    measure, reading = detail.measure, detail.reading
    if reading is None:
        variation, assurance = "No figures yet", ""
    elif not reading.enough:
        variation, assurance = reading.variation_text, "Not enough months to judge assurance"
    else:
        variation = reading.variation_text
        assurance = reading.assurance_text or "No assurance reading: no single target to judge"
    return [
        ["Measure", measure.title],
        ["Unit", measure.unit_label or Unit(measure.unit).label],
        ["Better", measure.get_direction_display()],
        ["Figures to", period.label if period else "No reporting periods yet"],
        ["Variation", variation],
        ["Assurance", assurance],
        ["How to read it", HOW_TO_READ],
    ]


def _target_number(target):
    """The target's number, blank for a range (its words say both ends) or no target."""
    if target is None or target.upper is not None:
        return None
    return target.value


def month_rows(detail) -> list[list]:
    """One row per month, oldest first, with typed values: date, Decimal (a figure or
    target as entered), Limit (a mean or limit), text, or None for a blank cell."""
    measure, reading = detail.measure, detail.reading
    if reading is None:
        return []
    places = measure.decimal_places + 1
    new_process = {rebase.period.month: rebase.reason for rebase in detail.rebases}

    def limit(value):
        return Limit(value, places) if value is not None else None

    rows = []
    for row, point in zip(detail.points, reading.chart.points, strict=True):
        actual, month = row.actual, row.period.month
        no_figure = actual is None or actual.value is None
        reason = (actual.missing_reason or "No reason given") if actual else "Not entered"
        rebased = month in new_process
        rows.append(
            [
                month,
                None if no_figure else actual.value,
                reason if no_figure else "",
                measure.target_words(row.target) if row.target is not None else "No target",
                _target_number(row.target),
                RAG(row.rag).label,
                limit(point.mean),
                limit(point.lower),
                limit(point.upper),
                SPECIAL_WORDS.get(point.special, ""),
                spc_words.RULE_WORDS.get(point.rule, ""),
                f"Yes: {new_process[month]}" if rebased else "",
                actual.commentary if actual else "",
            ]
        )
    return rows


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Limit):
        return value.text()
    if isinstance(value, Decimal):
        return figure_text(value)
    if isinstance(value, date):
        return value.strftime("%Y-%m")
    return csv_safe(value)


def measure_csv(detail, period) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for label, text in about_rows(detail, period):
        writer.writerow([csv_safe(label), csv_safe(text)])
    writer.writerow([])
    writer.writerow(HEADERS)
    for values in month_rows(detail):
        writer.writerow([_csv_value(v) for v in values])
    return out.getvalue()


def _cell(ws, value, *, font=None):
    cell = set_cell(WriteOnlyCell(ws), value)
    if isinstance(value, Limit):
        cell.number_format = value.number_format()
    elif isinstance(value, Decimal):
        cell.number_format = figure_format(value)  # the figure as entered
    elif isinstance(value, date):
        cell.number_format = "mmm yyyy"
    elif isinstance(value, str) and (len(value) > 60 or "\n" in value):
        cell.alignment = WRAPPED
    if font is not None:
        cell.font = font
    return cell


def measure_xlsx(detail, period) -> bytes:
    """One sheet: the rows about the measure, a blank row, then the months' table with its
    heading row frozen and a filter over it."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Figures")
    about = about_rows(detail, period)
    header_row = len(about) + 2
    ws.freeze_panes = f"A{header_row + 1}"
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for label, text in about:
        ws.append([_cell(ws, label, font=BOLD), _cell(ws, text)])
    ws.append([])
    ws.append([_cell(ws, header, font=BOLD) for header in HEADERS])
    rows = month_rows(detail)
    for values in rows:
        ws.append([_cell(ws, value) for value in values])
    last = get_column_letter(len(HEADERS))
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + len(rows)}"
    out = io.BytesIO()
    wb.save(out)
    wb.close()
    return out.getvalue()


def filename(measure, period, kind) -> str:
    """E.g. "EH1-figures-2020-07.csv": the measure's reference (else its id) and the month."""
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in measure.reference.strip())
    month = f"-{period.month:%Y-%m}" if period else ""
    return f"{name.strip('-') or measure.pk}-figures{month}.{kind}"
