"""Downloads: the filtered action tracker (CSV, .xlsx) and the board's scorecard (.xlsx).

Every value goes through spreadsheets.safety: text loses the characters a workbook cannot
hold, and text a spreadsheet would read as a formula (starting with = + - @, tab or carriage
return) is written as text: in .xlsx as a string cell with Excel's quote prefix, in CSV
with a leading apostrophe. A figure is written as a number showing the decimals it has.
"""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from improvement.rules import RAG, as_status, date_words
from measures.rules import Unit
from spreadsheets.safety import cell_text, csv_safe, figure_format, looks_like_formula, set_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TRACKER_HEADERS = [
    "Area",
    "Reference",
    "Action",
    "BRAG",
    "Overdue",
    "Status",
    "Target date",
    "Lead",
    "Key partners",
    "How success is measured",
    "Still to do",
    "Recommendations",
]


def tracker_headers(judged_on):
    """The tracker's headings, BRAG and overdue naming the date they are judged at."""
    on = date_words(judged_on)
    return [
        f"BRAG at {on}" if h == "BRAG" else f"Overdue at {on}" if h == "Overdue" else h
        for h in TRACKER_HEADERS
    ]


def _tracker_values(row):
    action = row.action
    return [
        row.area.name,
        action.reference,
        action.text,
        RAG(row.rag).label,
        "Yes" if row.overdue else "No",
        as_status(action.status).label,
        action.target_date if action.target_date else action.target_date_display,
        action.lead,
        action.key_partners,
        action.success_measure,
        action.still_to_do,
        row.recommendations_text,
    ]


def tracker_csv(rows, *, judged_on) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(tracker_headers(judged_on))
    for row in rows:
        values = _tracker_values(row)
        writer.writerow([csv_safe(v.isoformat() if hasattr(v, "isoformat") else v) for v in values])
    return out.getvalue()


BOLD = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")


def _styled(ws, value, font=None, number_format=None, alignment=None):
    cell = set_cell(WriteOnlyCell(ws), value)
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _sheet(ws, headers, rows, widths=None, date_columns=()):
    """Headers in bold, then the rows: a write-only sheet (streamed: quicker for big ones)
    with the header row frozen, the columns' widths and a filter over every row."""
    ws.freeze_panes = "A2"
    for col, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.append([_styled(ws, header, font=BOLD) for header in headers])
    last_row, last_column = 1, len(headers)
    for values in rows:
        cells = []
        for col, raw in enumerate(values, start=1):
            value = cell_text(raw)
            number_format = None
            if col in date_columns and hasattr(value, "isoformat"):
                number_format = "dd/mm/yyyy"
            elif isinstance(value, Decimal):
                number_format = figure_format(value)  # the figure as entered
            long_text = isinstance(value, str) and (len(value) > 60 or "\n" in value)
            if number_format or long_text or looks_like_formula(value):
                alignment = WRAPPED if long_text else None
                value = _styled(ws, value, number_format=number_format, alignment=alignment)
            cells.append(value)
        ws.append(cells)
        last_row += 1
        last_column = max(last_column, len(values))
    ws.auto_filter.ref = f"A1:{get_column_letter(last_column)}{last_row}"


def _workbook_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    wb.close()
    return out.getvalue()


def tracker_xlsx(rows, *, judged_on) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Actions")
    _sheet(
        ws,
        tracker_headers(judged_on),
        [_tracker_values(row) for row in rows],
        widths=[22, 10, 60, 18, 18, 13, 13, 25, 25, 30, 30, 25],
        date_columns=(7,),
    )
    return _workbook_bytes(wb)


SCORECARD_HEADERS = [
    "Area",
    "Measure",
    "Unit",
    "Baseline",
    "Latest actual",
    "Period",
    "Target",
    "Gap to target",
    "RAG",
    "Trend",
    "Statistical neighbours",
    "Regional",
    "National",
    "Source",
]


def _scorecard_values(area, row, period):
    measure = row.measure
    actual_value, actual_period = row.value, period
    if actual_value is None:
        known = row.last_known
        if known:
            actual_period, actual = known
            actual_value = actual.value
    unit = measure.unit_label or Unit(measure.unit).label
    baseline = measure.baseline if measure.baseline is not None else measure.baseline_text
    # The target in words ("above 95%", "95% or more"), or the next one when none is in force.
    target = row.target_text if row.target is not None else row.later_target_text or "No target"
    benchmarks = [row.benchmarks.get(kind) for kind in ("sn", "regional", "national")]
    comparators = [b.value if b is not None else None for b in benchmarks]
    if row.published is not None:  # a linked measure: the latest published figures
        p = row.published
        comparators = [p.sn_mean_shown, p.region_value, p.england_value]
    return [
        area.name,
        measure.title,
        unit,
        baseline,
        actual_value if actual_value is not None else "No data",
        actual_period.label if actual_value is not None else period.label,
        target,
        row.gap_text,
        RAG(row.rag).label,
        row.trend.label,
        *comparators,
        measure.source_label,
    ]


_AFTER_TREND = SCORECARD_HEADERS.index("Trend") + 1


def _after_trend(values, extra):
    return [*values[:_AFTER_TREND], *extra, *values[_AFTER_TREND:]]


def _reading_words(row):
    """A measure's SPC readings in words (measures.spc_words); blank when it has none."""
    reading = row.reading
    return [reading.variation_text, reading.assurance_text] if reading else ["", ""]


def scorecard_xlsx(summaries, period) -> bytes:
    """Every area's measures in one sheet (with their SPC readings when the summaries were
    read with them), and each area's RAG in a second."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Scorecard")
    measure_rows = [(summary.area, row) for summary in summaries for row in summary.measures]
    rows = [_scorecard_values(area, row, period) for area, row in measure_rows]
    headers, widths = SCORECARD_HEADERS, [22, 50, 14, 10, 12, 14, 12, 30, 10, 12, 12, 10, 10, 25]
    if any(row.reading is not None for _, row in measure_rows):
        headers = _after_trend(headers, ["Variation", "Assurance"])
        widths = _after_trend(widths, [40, 40])
        rows = [
            _after_trend(values, _reading_words(row))
            for values, (_, row) in zip(rows, measure_rows, strict=True)
        ]
    _sheet(ws, headers, rows, widths=widths)
    areas = wb.create_sheet("Areas")
    _sheet(
        areas,
        [
            "Area",
            "Previous RAG",
            "Current RAG",
            "RAG the data suggests",
            "Direction of travel",
            "Measures Red",
            "Measures Amber",
            "Measures Green",
            "Measures no data",
            f"Overdue actions at {date_words(period.judged_on())}",
        ],
        [
            [
                s.area.name,
                RAG(s.previous_rag).label if s.previous_rag else "Not set",
                RAG(s.current_rag).label if s.current_rag else "Not set",
                s.no_suggestion or RAG(s.suggested_rag).label,
                s.direction_of_travel.label,
                s.rag_counts["red"],
                s.rag_counts["amber"],
                s.rag_counts["green"],
                s.rag_counts["no_data"],
                len(s.overdue_actions),
            ]
            for s in summaries
        ],
        widths=[30, 14, 14, 20, 18, 12, 14, 14, 16, 14],
    )
    return _workbook_bytes(wb)
