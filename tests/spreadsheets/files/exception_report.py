"""A council's monthly exception report workbook, shaped like seed 002 (Southampton, July
2020): title rows above the header, one row per area, RAG letters as typed, and the
ANALYSIS column either as a heading over "Progress" and "Risks" sub-columns or as one
column whose text says "Progress: ... Risks: ...".
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

TITLE = "RAG at a Glance and Key"
INTRO = (
    "In the subsequent pages attention is focused on areas where there has been progress "
    "against an action, or a lack of progress which places it at risk."
)
ROWS = [
    # area, lead, previous, current, key developments, key risks, progress, risks
    (
        "Leadership and Stability\nGrainne Siggins",
        "Executive Director",
        "A",
        "R",
        "Service has responded to the Partners in Practice critique of the plan.",
        "Management and leadership capacity to address critical improvement areas.",
        "Managers are appraised of staff absence (evidence - absence reports).",
        "Staff sickness has increased to 14.14 days (target 5 days).",
    ),
    (
        "Quality Assurance",
        "Stuart Webb",
        "Amber",
        "Y",
        "Practice guidance has been drafted.",
        "Practitioner capacity to engage in practice development.",
        "Audits show supervision is improving.",
        "Audit compliance is below the programme's expectation.",
    ),
    (
        "Youth Justice",
        "Head of Youth Justice",
        "?????",
        "G",
        "The custody rate is below target.",
        "",
        "Reoffending is falling.",
        "",
    ),
]


def build(rows=ROWS, *, split_columns=True) -> bytes:
    """The workbook: with ANALYSIS over two sub-columns, or (split_columns=False) one
    ANALYSIS column whose text holds both halves."""
    book = Workbook()
    sheet = book.active
    sheet.title = "July 2020"
    sheet.append([TITLE])
    sheet.append([])
    sheet.append([INTRO])
    headings = [
        "AREA",
        "Lead",
        "Previous RAG",
        "Current RAG",
        "Key developments",
        "Key risks",
    ]
    if split_columns:
        sheet.append([*headings, "ANALYSIS", None])
        sheet.merge_cells(start_row=4, start_column=7, end_row=4, end_column=8)
        sheet.append([None] * 6 + ["Progress", "Risks"])
    else:
        sheet.append([*headings, "ANALYSIS (Progress/Risks)"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for area, lead, previous, current, developments, risks, progress, analysis_risks in rows:
        cells = [area, lead, previous, current, developments, risks]
        if split_columns:
            sheet.append([*cells, progress, analysis_risks])
        else:
            text = f"Progress: {progress}" + (f" Risks: {analysis_risks}" if analysis_risks else "")
            sheet.append([*cells, text])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
