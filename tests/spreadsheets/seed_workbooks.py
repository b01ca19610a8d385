"""Workbooks typed up from the seed plans (/work/shared/seeds) as a council would have typed
them: each seed's real structure and figures, our own wording, role titles not names.

000 Southampton 2020-21: the "Measures that matter" scorecard (comparators typed beside
     the figure) and the plan's actions by area and outcome.
001 Southampton 2012 action plan: timeframe sections, recommendation heading rows (a
     number and wording merged across the row), actions numbered 1.1, 1.2 typed as numbers
     under "Rec.", rows whose action text was cut off or lost, the header row repeated
     after a page break (printed from Word).
003 West Sussex 2019: rows grouped per recommendation (its number and wording merged down),
     action numbers kept in the text, "Due" cells holding several dates, Improvement
     Outcomes typed below each recommendation, the header row repeated after a page break.
004 Southwark 2017: Recommendation, Action, Progress (which holds the leads), Timetable
     End date, RAG, Key points to note.
"""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _append(sheet, row, merge_across=None, merge_from=None) -> int:
    """Append a row; merge_across=(first, last) columns (1-based) merges them on this row."""
    sheet.append(list(row))
    number = sheet.max_row
    if merge_across:
        first, last = merge_across
        sheet.merge_cells(f"{get_column_letter(first)}{number}:{get_column_letter(last)}{number}")
    return number


def _merge_down(sheet, column: int, first: int, last: int) -> None:
    if last > first:
        letter = get_column_letter(column)
        sheet.merge_cells(f"{letter}{first}:{letter}{last}")


# --- 001: Southampton 2012 action plan -------------------------------------------------

HEADERS_001 = [
    "No.",
    "Rec.",
    "Action",
    "Progress",
    "Impact",
    "What do we still need to do",
    "Cost",
    "Lead person responsible",
]
REC_1 = (
    "Ensure that the quality of social work to safeguard children is of a consistently high "
    "standard."
)
REC_2 = (
    "Ensure that the quality of work to safeguard children is supported by regular, high "
    "quality supervision by managers."
)
REC_4 = (
    "Ensure that service users are made aware of complaints processes and that lessons "
    "learnt from complaints are used to inform service development."
)
REC_11 = "Ensure that children looked after can easily get help from an advocacy service."


# The sheet below its header, row by row: ("across", text) is a row merged across the
# table (a theme or a timeframe), ("heading", number, wording) a recommendation's heading
# row (its wording merged across), any other tuple the cells of a row.
ROWS_001 = [
    ("across", "QUALITY OF WORK TO SAFEGUARD CHILDREN"),
    ("across", "Immediately"),
    ("heading", 1, REC_1),
    (
        None,
        1.1,
        "Secure a permanent workforce with the experience and skills for the full range of "
        "statutory work",
        "Funding agreed for social workers and managers over establishment while the "
        "workforce is stabilised; recruitment fair held in July.",
        "All child protection cases allocated, with management oversight of all work.",
        "Seek agreement to the recruitment and retention strategy; reduce agency staff.",
        "c£1.7m, for agreement by Council 12/10/12",
        "Head of Safeguarding",
    ),
    (
        None,
        1.2,
        "Make sure the workforce has the experience and skills for the full range of "
        "statutory work",
        "Group interview pilot tested; learning and development priorities agreed for "
        "September 2012 to March 2013.",
        "High calibre applicants appointed.",
        "Monitor attendance on courses.",
        "Within existing resources",
        "Senior Manager, Safeguarding",
    ),
    (
        None,
        1.3,
        "Revise and implement the quality assurance framework and practice standards",
        "Framework being revised, to be signed off in November.",
        "Better quality of frontline practice.",
        "Relaunch the framework between December 2012 and January 2013.",
        "Within existing resources",
        "Senior Manager, Safeguarding",
    ),
    ("heading", 2, REC_2),
    (
        None,
        2.1,
        "Supervision is as frequent as the Supervision Policy requires and focuses on the child",
        "Task group reported; draft supervision standards written for launch in November.",
        "More frequent, better supervision.",
        "Reissue the standards with the policy.",
        "Within existing resources",
        "Senior Manager, Safeguarding",
    ),
    (
        None,
        2.2,
        "Apply the supervision standards: actions tracked between sessions, reflective "
        "supervision, development needs met",
        "Supervision audit held 23/08/12; most managers trained.",
        "Reflective practice and better decisions.",
        "Find enough supervision rooms with the right IT.",
        "Within existing resources",
        "Senior Manager, Safeguarding",
    ),
    # The action's number was lost; its text is whole.
    (
        None,
        None,
        "All work is recorded on the case system as the recording procedure says",
        "Training one day a week agreed with the training provider.",
        "Accurate, up to date records.",
        "Keep training until everyone uses the guidance.",
        None,
        "Service Manager, Children Looked After",
    ),
    # Row 14: the action's text was lost altogether; its progress, cost and lead are there.
    (
        None,
        None,
        None,
        "A redesign of the council's people services has been developed and was supported "
        "by the Management Board in September 2012.",
        "Sustainable, safe support and protection of vulnerable children.",
        "Take the model to the Change Programme Board.",
        "Within existing resources + 13/14 budget settlement",
        "Service Lead, Service Redesign",
    ),
    # Row 15: only the end of the action's text survived.
    (
        None,
        None,
        "to be signed off by the leadership team in October.",
        "Audit programme led by the Service Manager; 18 education plans audited, 8 satisfactory.",
        "54% completed in September.",
        "Train social workers and designated teachers.",
        "Within existing resources",
        "Virtual School Head",
    ),
    ("across", "Within three months"),
    ("heading", 4, REC_4),
    (
        None,
        4.1,
        "Publicise the complaints process and how to reach it",
        "Complaints leaflet updated and reprinted, with the advocacy service in it.",
        None,
        "Collate and learn from comments, compliments and complaints.",
        "Within existing resources",
        "Service Manager, Children Looked After",
    ),
    # Row 19: a page break; the document repeats its header row (in capitals, spaced).
    ("repeat",),
    # Row 20, after the page break: the still-to-do of 4.1 runs on in a row of its own.
    (
        None,
        None,
        None,
        None,
        None,
        "Send a quarterly report of lessons learnt from complaints to the management team.",
    ),
    ("across", "CHILDREN LOOKED AFTER AND CARE LEAVERS"),
    ("across", "Within six months"),
    ("heading", 11, REC_11),
    (
        None,
        11.1,
        "Publicise the advocacy service to children looked after",
        "Leaflet updated; current provision being reviewed by commissioners.",
        None,
        "Reviewing officers to offer advocacy at every statutory review.",
        "Within existing resources",
        "Service Manager, Children Looked After",
    ),
    (
        None,
        11.2,
        "Advertise the service through the complaints leaflet and social work teams",
        "Funding confirmed; the contact number is in the complaints leaflet.",
        "All children looked after know how to complain.",
        "Commissioners to explore a better used advocacy service.",
        "£11k rising to £22k a year",
        "Commissioning Manager",
    ),
]
# The rows that are actions (not themes, timeframes, headings, a repeated header or a row
# running on).
ACTION_ROWS_001 = 11
REPEATED_HEADERS_001 = [" ".join(h.upper().split()).replace(" ", "  ") for h in HEADERS_001]


def southampton_2012(heading_column: int = 2) -> bytes:
    """heading_column: where a heading's wording starts (2 under "Rec.", 3 under "Action")."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    _append(sheet, ["Children's Services Improvement Action Plan (2012 inspection)"])
    _append(sheet, [])
    _append(sheet, HEADERS_001)
    for row in ROWS_001:
        if row[0] == "repeat":
            _append(sheet, REPEATED_HEADERS_001)
        elif row[0] == "across":
            _append(sheet, [row[1]], merge_across=(1, 8))
        elif row[0] == "heading":
            cells = [row[1]] + [None] * (heading_column - 2) + [row[2]]
            _append(sheet, cells, merge_across=(heading_column, 8))
        else:
            _append(sheet, row)
    return _save(book)


# --- 003: West Sussex 2019 -------------------------------------------------------------

HEADERS_003 = [
    "Ref",
    "Objectives / what needs to improve",
    "Ofsted Ref",
    "Action Required",
    "Due",
    "Leads",
    "Key Performance indicators/measure of success",
]
REC_WS_2 = (
    "The quality of social work practice, to assess, support and protect children who "
    "experience neglect."
)
REC_WS_3 = (
    "The effectiveness of assessment and planning for children in private fostering "
    "arrangements and 16- and 17-year-old homeless young people."
)
REC_WS_7 = "The quality and timeliness of life-story work."
KPIS_WS_2 = (
    "12. % of neglect cases referred using the neglect tool. Target 70% by Jan 2020\n"
    "14. % of children with CP plans for neglect with a graded care profile by the first "
    "review. Target: 80%\n"
    "16. % of repeat CP plans for neglect. Target: 25%"
)
OUTCOMES_WS_2 = (
    "The partnership identifies and responds to neglect in good time, and practitioners "
    "understand what life is like for children living with neglect."
)
OUTCOMES_WS_3 = (
    "Children presenting as homeless know their entitlements and are placed in suitable "
    "accommodation with the right support."
)
OUTCOMES_WS_7 = "Children in care have meaningful life stories, prepared at the right time."
ACTIONS_WS_2 = [
    (
        "2.1.0. With the Safeguarding Children Partnership, update and launch the neglect "
        "strategy, with a focus on prevention and early help.",
        "Nov 2019",
        "Director of Children's Social Care\nPartnership Business Manager",
    ),
    (
        "2.1.1. Social care to have its own neglect action plan, including the graded care "
        "profile and its review.",
        "Sept 2019 / Dec 2019",
        "Head of Safeguarding",
    ),
    (
        "2.1.2. Run a multi-agency audit of neglect cases and agree actions across the "
        "partnership.",
        "Jan 2020",
        "Head of QA",
    ),
    (
        "2.2. Hold neglect learning events using live case examples.",
        "Aug 2019",
        "Head of QA",
    ),
    (
        "2.3. Train staff to write analytical chronologies that show chronic neglect.",
        "Dec 2019",
        "Learning and Development Manager",
    ),
]
# Several actions typed in one cell, their dates together in one "Due" cell.
GROUPED_WS_3 = (
    "3.1. Run an awareness programme across the partnership (workshops, leaflets, videos).\n"
    "3.2. Train staff on private fostering and on homeless 16-17 year olds.\n"
    "3.3. Set out their requirements in the practice standards."
)
GROUPED_DUE_WS_3 = "Sept 2019 / Dec 2019 / Mar 2020"
ACTIONS_WS_7 = [
    (
        "7.1. Train social workers, managers and foster carers in life story work.",
        "Sep 2019",
        "Head of Service, Children Looked After",
    ),
    (
        "7.1.2. Set out in procedures when and how life story work is done, with a toolkit.",
        "Dec 2019",
        "Head of Service, Children Looked After",
    ),
]
ACTION_ROWS_003 = len(ACTIONS_WS_2) + 1 + len(ACTIONS_WS_7)
# Row 14, after a page break: the header row again, typed a little differently.
REPEATED_HEADERS_003 = [f" {h.lower()} " for h in HEADERS_003]


def _west_sussex_group(sheet, ref, wording, ofsted_ref, rows, kpis, outcomes):
    first = sheet.max_row + 1
    for index, (action, due, leads) in enumerate(rows):
        if index == 0:
            _append(sheet, [ref, wording, ofsted_ref, action, due, leads, kpis])
        else:
            _append(sheet, [None, None, None, action, due, leads, None])
    last = sheet.max_row
    for column in (1, 2, 3, 7):
        _merge_down(sheet, column, first, last)
    _append(sheet, ["Improvement Outcomes"], merge_across=(1, 7))
    _append(sheet, [outcomes], merge_across=(1, 7))


def west_sussex_2019() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Practice Improvement Plan"
    _append(sheet, ["Children First: Practice Improvement Plan (draft, July 2019)"])
    _append(sheet, [])
    _append(sheet, HEADERS_003)
    _west_sussex_group(
        sheet, 2, REC_WS_2, "Pg 3 Para 2\nPg 4 Para 8", ACTIONS_WS_2, KPIS_WS_2, OUTCOMES_WS_2
    )
    _west_sussex_group(
        sheet,
        3,
        REC_WS_3,
        "Pg 5 Para 13,14",
        [(GROUPED_WS_3, GROUPED_DUE_WS_3, "Head of Early Help\nHead of Safeguarding")],
        "25. % of homeless 16-17 year olds with an assessment. Target: 100%",
        OUTCOMES_WS_3,
    )
    _append(sheet, REPEATED_HEADERS_003)
    _west_sussex_group(
        sheet,
        7,
        REC_WS_7,
        "Pg 7 Para 23",
        ACTIONS_WS_7,
        "40. Audit of quality of life story work. Target: TBC\n"
        "41. % of CLA audits that show children with life story work. Target: 85%",
        OUTCOMES_WS_7,
    )
    return _save(book)


# --- 004: Southwark 2017 ---------------------------------------------------------------

HEADERS_004 = [
    "Recommendation",
    "Action",
    "Progress",
    "Timetable End date",
    "RAG",
    "Key points to note",
]
REC_SW_1 = (
    "1. Ensure that prompt decisions are made to safeguard children affected by long-term, "
    "cumulative neglect."
)
REC_SW_2 = (
    "2. Work with partner agencies so that referrals contain enough information and "
    "parental consent has been obtained where needed."
)
REC_SW_3 = "3. Ensure that strategy discussions and meetings involve all relevant agencies."
ACTIONS_SW = [
    # (recommendation, action, leads, end date, RAG, key points)
    (
        REC_SW_1,
        "Introduce enhanced management oversight of children in need open for 12 months",
        "Director of Children's Social Care\nHead of Assessment",
        datetime.datetime(2018, 4, 30),
        "Amber",
        "New children in need workflow under development.",
    ),
    (
        REC_SW_2,
        "Run a multi-agency audit of the quality of referrals",
        "Director of Children's Social Care\nHead of Early Help",
        datetime.datetime(2018, 9, 30),
        "Red",
        "Audit yet to be scheduled by the safeguarding board.",
    ),
    (
        REC_SW_2,
        "Embed the new MASH and Early Help referral forms",
        "Director of Children's Social Care\nHead of Early Help",
        "September 2018",
        "Green",
        "Forms in use and review points set.",
    ),
    (
        REC_SW_3,
        "Joint audit of strategy meetings with the safeguarding board",
        "Director of Children's Social Care\nHead of Safeguarding",
        datetime.datetime(2017, 12, 31),
        "Blue",
        "Audit held in February 2018.",
    ),
    (
        REC_SW_3,
        "Review strategy meeting and MASH protocols",
        "Director of Children's Social Care\nHead of Safeguarding",
        datetime.datetime(2018, 4, 30),
        None,
        "New MASH manager appointed.",
    ),
]


def southwark_2017() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "SIF action plan"
    _append(sheet, ["Post Ofsted Single Inspection Framework Action Plan, October 2017"])
    _append(sheet, ["Appendix 1"])
    _append(sheet, HEADERS_004)
    first = None
    previous = None
    for rec, action, leads, end, rag, points in ACTIONS_SW:
        number = _append(sheet, [rec if rec != previous else None, action, leads, end, rag, points])
        if isinstance(end, datetime.datetime):
            sheet.cell(number, 4).number_format = "mmmm yyyy"
        if rec != previous:
            if first is not None:
                _merge_down(sheet, 1, first, number - 1)
            first = number
        previous = rec
    _merge_down(sheet, 1, first, sheet.max_row)
    return _save(book)


# --- 000: Southampton 2020-21 ------------------------------------------------------------

HEADERS_000_MEASURES = ["Area", "Measure", "Baseline", "Actual (July 2020)", "Target", "Outcomes"]
MEASURES_000 = [
    # (area, measure, baseline, actual with comparators, target, outcome)
    (
        "MASH / EDT",
        "Reduce the % of contacts that become new referrals of Children in Need to 21% or less",
        "35%",
        "26% Regional 21%",
        "21%",
        "Children and families get the help they need at the right time.",
    ),
    (
        "MASH / EDT",
        "Monitor the rate of new referrals of Children in Need per 10,000 (0-17 year olds)",
        215.6,
        "175.4 Regional 124.6",
        151.7,
        "Children get the right type and level of support.",
    ),
    (
        "Protection and Court",
        "Reduce the numbers of children subject to CP planning at month end to 328 or less",
        464,
        "426 SN 388/ Reg 527 / Nat 439",
        328,
        "Child protection plans are in place where multi-agency help is needed.",
    ),
    (
        "Protection and Court",
        "Reduce the rate of children subject to CP planning (per 10,000 0-17 years) to 65 or less",
        91,
        "82 SN 48/ Reg 44 / Nat 41",
        65,
        "Fewer children need child protection plans.",
    ),
    (
        "Looked after Children",
        "Safely reduce the total number of Looked After Children",
        516,
        "512 SN 496, Nat 514, Reg 541",
        420,
        "Children come into care only when there is no other safe choice.",
    ),
]
HEADERS_000_PLAN = [
    "Area",
    "Outcome",
    "Priorities/Actions",
    "Target date",
    "Performance measurement",
    "Key partners",
]
PLAN_000 = [
    # (area, outcome, action, target, measurement, partners)
    (
        "Leadership and Stability",
        "Social workers build long term relationships with children so that their plans progress",
        "Stabilise the number and % turnover of senior managers",
        "Oct-20",
        "5% turnover rate",
        "HR / Finance / EMT",
    ),
    (
        "Leadership and Stability",
        "Social workers build long term relationships with children so that their plans progress",
        "Establish a staff reference group to sense check the improvement plan",
        "Sep-20",
        "Annual staff survey benchmarked against previous years",
        "Principal Social Worker",
    ),
    (
        "Leadership and Stability",
        "An inclusive culture connects senior managers with practice",
        "Hold a quarterly meeting between the Chief Executive and the Principal Social Worker",
        "Sep-20",
        "Monitoring of meetings",
        "Principal Social Worker",
    ),
    (
        "Youth Justice",
        "Safe alternatives to custody are sought for young people who offend",
        "Reduce the custody rate",
        "Oct-20",
        "Rate below 0.3",
        "Youth Justice Management Board",
    ),
]


def _grouped_rows(sheet, rows, group_columns) -> None:
    """Rows whose grouping columns are merged down while they repeat (as a council types)."""
    starts = {column: None for column in group_columns}
    values = {column: None for column in group_columns}
    for row in rows:
        number = sheet.max_row + 1
        typed = list(row)
        for column in group_columns:
            if row[column - 1] == values[column]:
                typed[column - 1] = None
            else:
                if starts[column] is not None:
                    _merge_down(sheet, column, starts[column], number - 1)
                starts[column], values[column] = number, row[column - 1]
        _append(sheet, typed)
    for column in group_columns:
        _merge_down(sheet, column, starts[column], sheet.max_row)


def southampton_2020() -> bytes:
    book = Workbook()
    scorecard = book.active
    scorecard.title = "Measures that matter"
    _append(scorecard, ["Measures that matter"])
    _append(scorecard, HEADERS_000_MEASURES)
    _grouped_rows(scorecard, MEASURES_000, (1,))
    plan = book.create_sheet("Improvement plan")
    _append(plan, ["Our Improvement Plan 2020-21"])
    _append(plan, HEADERS_000_PLAN)
    _grouped_rows(plan, PLAN_000, (1, 2))
    return _save(book)
