"""The board pack as a workbook (.xlsx): what the performance team would have made, and
what a councillor using a screen reader can navigate.

Sheets, in the pack's order (as the PDF reads): Contents (the plan, meeting, period, date
published, and a link to every sheet), RAG at a glance, Exception reports, one sheet per
area (its measures, then its actions), Overdue actions, Recommendations.

Every table has one real header row (bold, shaded, frozen, printed on every page), no
merged cells and no blank rows; a RAG cell holds the word and is filled with its colour;
figures are numbers in their unit's format (packs.workbook_cells); every sheet prints
landscape, fitted to the page's width. The public version (content.public) leaves out
people's names (leads) and progress notes, and says on the Contents sheet what it left out
(content.notes).
"""

import io
from datetime import date

from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook

from improvement.models import Action, ActionUpdate
from improvement.rules import RAG, as_status, date_words
from measures.models import KIND_ORDER, SHORT_KIND_LABELS
from measures.rules import Unit, comparator_year

from .workbook_cells import (
    BOLD,
    SUBTITLE,
    Figure,
    Link,
    Rag,
    SheetWriter,
    sheet_names,
)

CONTENTS = "Contents"
GLANCE = "RAG at a glance"
REPORTS = "Exception reports"
OVERDUE = "Overdue actions"
RECOMMENDATIONS = "Recommendations"
FIXED_SHEETS = (CONTENTS, GLANCE, REPORTS, OVERDUE, RECOMMENDATIONS)
LANGUAGE = "en-GB"

MEASURE_HEADERS = [
    "Measure",
    "Unit",
    "Baseline",
    "Latest figure",
    "Month of latest figure",
    "Target",
    "Gap to target",
    "RAG",
    "Change since last month",
    "Variation (SPC)",
    "Assurance (SPC)",
    "Statistical neighbours",
    "Region",
    "England",
    "Comparators' year",
    "Comparators from",
]
MEASURE_WIDTHS = [45, 14, 11, 11, 13, 28, 30, 11, 15, 40, 40, 13, 11, 11, 14, 20]


def render_xlsx(content, *, published_on=None) -> bytes:
    """The pack (packs.content.PackContent) as an .xlsx workbook's bytes; `published_on`
    (the day it is published: today by default) is printed on its Contents sheet."""
    published_on = published_on or timezone.localdate()
    pack = content.pack
    summaries = pack.summaries
    area_sheets = sheet_names([s.area.name for s in summaries], taken=FIXED_SHEETS)
    sheet_of = {s.area.pk: name for s, name in zip(summaries, area_sheets, strict=True)}
    details = ActionDetails.read(content)

    wb = Workbook()
    _properties(wb, content)
    contents = wb.active
    contents.title = CONTENTS
    _glance(wb.create_sheet(GLANCE), content, sheet_of)
    _exception_reports(wb.create_sheet(REPORTS), content, sheet_of)
    for number, (summary, name) in enumerate(zip(summaries, area_sheets, strict=True), 1):
        _area(wb.create_sheet(name), number, summary, content, details)
    _overdue(wb.create_sheet(OVERDUE), content, details, sheet_of)
    _recommendations(wb.create_sheet(RECOMMENDATIONS), content)
    _contents(contents, content, published_on, area_sheets)
    wb.active = 0

    out = io.BytesIO()
    wb.save(out)
    wb.close()
    return out.getvalue()


def _properties(wb, content):
    plan, period = content.plan, content.period
    public = " (public version)" if content.public else ""
    props = wb.properties
    props.title = f"{plan.organisation}: Improvement Board pack, {period.label}{public}"
    props.subject = content.meeting or plan.title
    props.creator = plan.organisation
    props.lastModifiedBy = plan.organisation
    props.description = f"{plan.title}: the board pack for {period.label}."
    props.keywords = "improvement plan; board pack; RAG; performance"
    props.language = LANGUAGE


def _about(writer, content, heading):
    """The sheet's heading and the line that says which pack it is from."""
    writer.title(heading)
    writer.line(_pack_words(content))


def _pack_words(content):
    plan, period = content.plan, content.period
    meeting = f", {content.meeting}" if content.meeting else ""
    return f"{plan.organisation}: {plan.title}. {period.label}{meeting}."


def _rag_words(rag, none="Not set"):
    return Rag(rag or "", none)


# Contents ---------------------------------------------------------------------------------


def _contents(ws, content, published_on, area_sheets):
    plan, pack = content.plan, content.pack
    writer = SheetWriter(ws, [30, 90])
    writer.title(f"{plan.organisation}: {plan.title}")
    writer.title(
        f"Improvement Board pack: {content.period.label}"
        + (" (public version)" if content.public else ""),
        font=SUBTITLE,
    )
    for label, value in (
        ("Meeting", content.meeting or "Not named"),
        ("Period", content.period.label),
        ("Date published", date_words(published_on)),
        ("Actions judged at", date_words(pack.as_of)),
        ("Areas", len(pack.summaries)),
    ):
        writer.line(label, value)
        ws.cell(row=writer.row, column=1).font = BOLD
    writer.blank()
    writer.title("Sheets in this workbook", font=SUBTITLE)
    writer.header(["Sheet", "What it holds"])
    rows = [
        (GLANCE, "Each area's RAG: previous, what the data suggests, current; measures' RAG"),
        (
            REPORTS,
            f"Exception reports of the {len(pack.reported)} areas that moved or are Red or Amber",
        ),
    ]
    rows += [
        (name, f"Measures and actions of {s.area.name}")
        for s, name in zip(pack.summaries, area_sheets, strict=True)
    ]
    rows += [
        (OVERDUE, f"{len(pack.overdue)} actions past their target date and not complete"),
        (RECOMMENDATIONS, "Each recommendation and the BRAG of the actions that answer it"),
    ]
    for name, words in rows:
        writer.line(Link(name, name), words)
    writer.end_table("Sheets")
    writer.blank()
    writer.title("How to read it", font=SUBTITLE)
    writer.header(["RAG", "Meaning"])
    for rag, words in RAG_KEY:
        writer.line(Rag(rag), words)
    writer.end_table("RAG_key")
    writer.blank()
    writer.line(
        None,
        "A figure is the number as entered; a percentage is an Excel percentage (93.5% is "
        "0.935). The RAG word is always in the cell, not only its colour.",
    )
    if content.public:
        writer.blank()
        writer.title("About this public version", font=SUBTITLE)
        for note in [*content.notes, *PUBLIC_LEFT_OUT]:
            writer.line(None, note)
    writer.page_setup(None)


# The product's RAG key (templates/includes/rag_key.html), and the measures' "not rated".
RAG_KEY = (
    (RAG.BLUE, "Action complete"),
    (RAG.GREEN, "On or better than target; action on track"),
    (
        RAG.AMBER,
        "Short of target by no more than the tolerance; action due within 30 days and not "
        "started, or at risk",
    ),
    (RAG.RED, "Further from target than the tolerance; action past its target date"),
    (RAG.NO_DATA, "No figure for the period"),
    (RAG.NOT_RATED, "No target in force, or a measure that is only monitored"),
)
PUBLIC_LEFT_OUT = [
    "People's names (the leads of actions) and the progress notes on actions are left out."
]


# RAG at a glance ---------------------------------------------------------------------------


def _glance(ws, content, sheet_of):
    pack = content.pack
    as_of = date_words(pack.as_of)
    writer = SheetWriter(ws, [40, 13, 16, 13, 16, 11, 11, 11, 11, 11, 14])
    _about(writer, content, f"RAG at a glance: {content.period.label}")
    header = writer.header(
        [
            "Area",
            "Previous RAG",
            "RAG the data suggests",
            "Current RAG",
            "Direction of travel",
            "Measures Red",
            "Measures Amber",
            "Measures Green",
            "Measures with no data",
            "Measures not rated",
            f"Actions overdue at {as_of}",
        ]
    )
    for s in pack.summaries:
        counts = s.rag_counts
        writer.line(
            Link(s.area.name, sheet_of[s.area.pk]),
            _rag_words(s.previous_rag),
            s.no_suggestion or Rag(s.suggested_rag),  # "Awaiting figures": no colour
            _rag_words(s.current_rag),
            s.direction_of_travel.label,
            counts["red"],
            counts["amber"],
            counts["green"],
            counts["no_data"],
            counts["not_rated"],
            len(s.overdue_actions),
        )
    writer.end_table("RAG_at_a_glance")
    writer.freeze_below(header)
    writer.page_setup(f"1:{header}")


# Exception reports -------------------------------------------------------------------------

REPORT_FIELDS = [
    ("reason", "Why the RAG differs from the data"),
    ("key_developments", "Key developments"),
    ("key_risks", "Key risks"),
    ("progress", "Analysis of progress"),
    ("risks", "Analysis of risks"),
    ("evidence", "Evidence"),
]


def _exception_reports(ws, content, sheet_of):
    pack = content.pack
    writer = SheetWriter(ws, [30, 13, 16, 13, *[50] * len(REPORT_FIELDS), 22])
    _about(writer, content, f"Exception reports: {content.period.label}")
    writer.line("Areas whose RAG changed since last period or is Red or Amber.")
    header = writer.header(
        [
            "Area",
            "Previous RAG",
            "RAG the data suggested",
            "Current RAG",
            *[label for _, label in REPORT_FIELDS],
            "Report status",
        ]
    )
    for s in pack.reported:
        report = s.report
        if report is None:
            writer.line(
                Link(s.area.name, sheet_of[s.area.pk]),
                _rag_words(s.previous_rag),
                _rag_words(s.suggested_rag, s.no_suggestion),
                _rag_words(s.current_rag),
                *[""] * len(REPORT_FIELDS),
                f"No exception report for {content.period.label} yet",
            )
            continue
        status = report.get_status_display()
        if report.submitted_at:
            status += f", submitted {date_words(timezone.localdate(report.submitted_at))}"
        writer.line(
            Link(s.area.name, sheet_of[s.area.pk]),
            _rag_words(report.previous_rag or s.previous_rag),
            _rag_words(report.suggested_rag, "No RAG (no rated figures)"),
            _rag_words(report.current_rag),
            *[_report_text(report, name) for name, _ in REPORT_FIELDS],
            status,
        )
    if not pack.reported:
        writer.line("No area changed RAG and none is Red or Amber.")
    writer.end_table("Exception_reports")
    writer.freeze_below(header)
    writer.page_setup(f"1:{header}")


def _report_text(report, name):
    text = getattr(report, name)
    if name == "reason":
        return text  # blank when the RAG is the data's
    return text or "None given"


# An area -----------------------------------------------------------------------------------


def _area(ws, number, summary, content, details):
    writer = SheetWriter(ws, MEASURE_WIDTHS)
    writer.title(summary.area.name)  # in full: the sheet's name may be shortened
    shown = f"Current RAG: {RAG(summary.current_rag).label if summary.current_rag else 'not set'}"
    writer.line(
        f"{shown}; previous: "
        f"{RAG(summary.previous_rag).label if summary.previous_rag else 'not set'}; "
        f"the data suggests: {summary.no_suggestion or RAG(summary.suggested_rag).label}. "
        f"Figures for {content.period.label}; actions judged at {date_words(content.pack.as_of)}."
    )
    header = writer.header(MEASURE_HEADERS)
    for row in summary.measures:
        writer.line(*_measure_values(row, content.period))
    if not summary.measures:
        writer.line("This area has no measures.")
    writer.end_table(f"Measures_{number}")
    writer.blank()
    writer.title(f"Actions of {summary.area.name}", font=SUBTITLE)
    headers = _action_headers(content)
    writer.header(headers)
    for row in summary.actions:
        values = _action_values(row, content, details)
        writer.line(*[values[h] for h in headers])
    if not summary.actions:
        writer.line("This area has no actions.")
    writer.end_table(f"Actions_{number}")
    writer.freeze_below(header)
    writer.page_setup(f"1:{header}")


def _measure_values(row, period):
    measure = row.measure
    unit = measure.unit
    value, month = row.value, period
    if value is None and row.last_known:
        month, actual = row.last_known
        value = actual.value
    if value is None:
        reason = row.actual.missing_reason if row.actual else ""
        value = f"No data: {reason}" if reason else "No data"
    baseline = measure.baseline if measure.baseline is not None else measure.baseline_text
    target = row.target_text if row.target is not None else row.later_target_text or "No target"
    reading = row.reading
    return [
        measure.title,
        measure.unit_label or Unit(measure.unit).label,
        Figure(baseline, unit) if baseline not in (None, "") else None,
        Figure(value, unit),
        month.label,
        target,
        row.gap_text,
        Rag(row.rag),
        row.trend.label,
        reading.variation_text if reading else "",
        reading.assurance_text if reading else "",
        *_comparators(row, unit),
    ]


def _comparators(row, unit):
    """SN, region and England as numbers, their year, and where they are from: the
    published ones of a linked measure, else those typed in."""
    published = row.published
    if published is not None:
        values = [
            published.sn_mean_shown,
            published.region_value,
            published.england_value,
        ]
        return [
            *[Figure("Not published" if v is None else v, unit) for v in values],
            published.year,
            "Published (DfE)",
        ]
    benchmarks = [row.benchmarks.get(kind) for kind in KIND_ORDER]
    if not any(benchmarks):
        return [None, None, None, None, "No comparators"]
    years = {comparator_year(b.year) for b in benchmarks if b is not None}
    if len(years) > 1:
        years = {
            "; ".join(
                f"{SHORT_KIND_LABELS[b.kind]} {comparator_year(b.year)}" for b in benchmarks if b
            )
        }
    return [
        *[Figure(b.value, unit) if b is not None else None for b in benchmarks],
        years.pop(),
        "Typed",
    ]


def _action_headers(content):
    headers = [
        "Reference",
        "Action",
        "Outcome",
        "Lead",
        "Target date",
        "Status",
        "BRAG",
        "Why the BRAG was set by hand",
        "Overdue",
        "Latest progress",
    ]
    return [h for h in headers if h not in _left_out(content)]


def _left_out(content):
    """The columns the public version leaves out: people's names, progress notes."""
    return {"Lead", "Latest progress"} if content.public else set()


def _action_values(row, content, details):
    action = row.action
    values = {
        "Reference": action.reference,
        "Action": action.text,
        "Outcome": getattr(action, "outcome__title", None) or "",
        "Lead": action.lead,
        "Target date": _target_date(action),
        "Status": as_status(action.status).label,
        "BRAG": Rag(row.rag),
        "Why the BRAG was set by hand": details.reasons.get(action.id, ""),
        "Overdue": "Yes" if row.overdue else "No",
        "Latest progress": details.progress.get(action.id, ""),
    }
    return values


def _target_date(action):
    if action.target_date_text:
        return action.target_date_text
    return action.target_date or "No date"


class ActionDetails:
    """What a pack shows of its actions beyond their rows (improvement.action_rows): the
    reason a BRAG was set by hand, and the latest progress note to the period, read in one
    query each."""

    def __init__(self, reasons, progress):
        self.reasons = reasons  # {action id: reason}
        self.progress = progress  # {action id: "Jul 2020: text"}

    @classmethod
    def read(cls, content):
        plan, period = content.plan, content.period
        reasons = dict(
            Action.objects.filter(area__plan=plan)
            .exclude(manual_rag="")
            .order_by()
            .values_list("pk", "manual_rag_reason")
        )
        progress = {}
        if not content.public:
            updates = (
                ActionUpdate.objects.filter(action__area__plan=plan)
                .filter(
                    Q(period__month__lte=period.month)
                    | Q(period__isnull=True, created_at__date__lte=content.pack.as_of)
                )
                .exclude(progress="")
                .order_by("action_id", "-created_at", "-pk")
                .values_list("action_id", "period__month", "created_at", "progress")
            )
            for action_id, month, created_at, text in updates:
                if action_id not in progress:
                    when = month or timezone.localdate(created_at)
                    progress[action_id] = f"{when:%b %Y}: {text}"
        return cls(reasons, progress)


# Overdue actions ---------------------------------------------------------------------------


def _overdue(ws, content, details, sheet_of):
    pack = content.pack
    as_of = pack.as_of
    columns = [h for h in _action_headers(content) if h != "Overdue"]
    at = columns.index("Target date") + 1
    columns.insert(at, DAYS_OVERDUE)
    widths = {"Action": 60, "Latest progress": 60, "Why the BRAG was set by hand": 30}
    writer = SheetWriter(
        ws, [30, *[widths.get(h, 25 if h in ("Outcome", "Lead") else 13) for h in columns]]
    )
    _about(writer, content, f"Overdue actions at {date_words(as_of)}")
    writer.line("Actions past their target date and not complete.")
    header = writer.header(
        ["Area", *[f"{h} at {date_words(as_of)}" if h == DAYS_OVERDUE else h for h in columns]]
    )
    for row in pack.overdue:
        values = _action_values(row, content, details)
        target = row.action.target_date
        values[DAYS_OVERDUE] = (as_of - target).days if isinstance(target, date) else None
        writer.line(Link(row.area.name, sheet_of[row.area.pk]), *[values[h] for h in columns])
    if not pack.overdue:
        writer.line(f"No action was overdue at {date_words(as_of)}.")
    writer.end_table("Overdue_actions")
    writer.freeze_below(header, columns=2)
    writer.page_setup(f"1:{header}")


DAYS_OVERDUE = "Days overdue"


# Recommendations ---------------------------------------------------------------------------


def _recommendations(ws, content):
    writer = SheetWriter(ws, [25, 11, 60, 18, 18, 45, 10, 10, 10, 12])
    _about(writer, content, "Recommendations and their progress")
    writer.line(f"Actions judged at {date_words(content.pack.as_of)}.")
    header = writer.header(
        [
            "Source",
            "Reference",
            "Recommendation",
            "Where in the report",
            "Timeframe",
            "Actions that answer it, with their BRAG",
            "Actions",
            "Complete",
            "Overdue",
            "Worst BRAG",
        ]
    )
    for source, progress_list in content.recommendations:
        for progress in progress_list:
            recommendation = progress.recommendation
            writer.line(
                source,
                recommendation.reference,
                recommendation.text,
                recommendation.report_reference,
                recommendation.timeframe,
                "\n".join(_linked_action(row) for row in progress.rows) or "No actions linked",
                progress.total,
                progress.complete,
                progress.overdue,
                Rag(progress.worst_rag or "", "None"),
            )
    if not content.recommendations:
        writer.line("The plan has no recommendations.")
    writer.end_table("Recommendations")
    writer.freeze_below(header)
    writer.page_setup(f"1:{header}")


def _linked_action(row):
    overdue = ", overdue" if row.overdue else ""
    reference = row.action.reference or row.action.text[:60]
    return f"{reference} ({row.area.name}): {RAG(row.rag).label}{overdue}"
