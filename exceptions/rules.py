"""Judgements about a service area in a period: the RAG its data suggests, when the
manager's own RAG needs a reason, when the area needs an exception report in the pack, and
where its monthly return stands.

Plain functions with no Django imports. Ratings are `improvement.rules.RAG` (or their
plain string values).
"""

from datetime import date
from enum import StrEnum

from improvement.rules import JUDGED_RAGS, RAG, as_rag

# The ratings a manager gives an area (an area is never Blue).
AREA_RAGS = (RAG.GREEN, RAG.AMBER, RAG.RED)
# An area with either of these ratings is reported on in the board pack.
WATCHED_RAGS = (RAG.RED, RAG.AMBER)


# The ratings a figure against its target gets (not "No data", not "Not rated").
FIGURE_RAGS = (RAG.RED, RAG.AMBER, RAG.GREEN)
AWAITING_FIGURES = "Awaiting figures"
NOTHING_TO_JUDGE = "No data"


def _awaiting_figures(measure_rags) -> bool:
    """The area has measures, at least one still without a figure, and none rated yet."""
    return RAG.NO_DATA in measure_rags and not measure_rags & set(FIGURE_RAGS)


def suggested_rag(measure_rags, action_rags) -> RAG:
    """The RAG the data suggests for an area: Red if any measure is Red or any action is
    overdue (Red), Amber if any is Amber, else Green if anything is rated, else no data.

    The data suggests nothing while the period's figures are awaited (no measure rated yet
    and some without a figure): actions alone do not speak for the month's figures. An area
    with no measures, or whose figures are in but none can be rated, is judged by its
    actions."""
    measure_rags = {as_rag(r) for r in measure_rags}
    if _awaiting_figures(measure_rags):
        return RAG.NO_DATA
    rags = measure_rags | {as_rag(r) for r in action_rags}
    for rag in (RAG.RED, RAG.AMBER):
        if rag in rags:
            return rag
    if rags & {RAG.GREEN, RAG.BLUE}:
        return RAG.GREEN
    return RAG.NO_DATA


def no_suggestion_words(measure_rags, action_rags) -> str:
    """Why the data suggests no RAG, in words: "Awaiting figures" (the period's figures are
    not in), "No data" (nothing to judge); "" when it suggests one."""
    measure_rags = {as_rag(r) for r in measure_rags}
    if _awaiting_figures(measure_rags):
        return AWAITING_FIGURES
    if suggested_rag(measure_rags, action_rags) is RAG.NO_DATA:
        return NOTHING_TO_JUDGE
    return ""


def rag_drivers(items, rag) -> list:
    """Labels of the (label, RAG) pairs whose RAG is `rag`: why the suggestion is what it is
    (nothing when there is no suggestion)."""
    rag = as_rag(rag)
    if rag not in JUDGED_RAGS:
        return []
    return [label for label, item_rag in items if item_rag and as_rag(item_rag) is rag]


def reason_required(*, current, suggested) -> bool:
    """The manager's RAG needs a reason when the data suggests a rating and theirs differs."""
    current, suggested = as_rag(current), as_rag(suggested)
    return current is not None and suggested in JUDGED_RAGS and current is not suggested


def previous_rag(*, this_report_previous, last_report_current):
    """Last period's judgement of an area: what this period's report recorded it as, else the
    current RAG of last period's report, else blank."""
    return this_report_previous or last_report_current or ""


def needs_exception_report(*, previous, current) -> bool:
    """An area goes into the board pack's exception reports when its RAG moved since last
    period or it is Red or Amber (`current`: the manager's RAG, else the data's)."""
    previous, current = as_rag(previous), as_rag(current)
    moved = previous is not None and current is not None and previous is not current
    return moved or current in WATCHED_RAGS


# An area's monthly return: figures, action updates and the exception report.


class ReportStatus(StrEnum):
    """Where an area's exception report stands ("" or None: no report yet)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"


class ReturnStatus(StrEnum):
    COMPLETE = "complete"
    REPORT_SUBMITTED = "report_submitted"
    RETURNED = "returned"
    LATE = "late"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"

    @property
    def label(self) -> str:
        return _RETURN_LABELS[self]


_RETURN_LABELS = {
    ReturnStatus.COMPLETE: "Complete",
    ReturnStatus.REPORT_SUBMITTED: "Report submitted",
    ReturnStatus.RETURNED: "Returned for changes",
    ReturnStatus.LATE: "Late",
    ReturnStatus.IN_PROGRESS: "In progress",
    ReturnStatus.NOT_STARTED: "Not started",
}


def return_is_complete(*, figures_missing: int, actions_to_update: int, report_status) -> bool:
    """A return is complete only when every figure due is in (or explained), every open
    action is updated for the period and the exception report is submitted."""
    return not figures_missing and not actions_to_update and report_status == ReportStatus.SUBMITTED


def return_status(
    *,
    figures_missing: int,
    actions_to_update: int,
    report_status,
    started: bool,
    deadline: date | None,
    today: date,
) -> ReturnStatus:
    """Where an area's return stands. Complete when everything is done; otherwise Late once
    the deadline has passed; before it, "Report submitted" when only figures or action
    updates are left, "Returned for changes" when an admin sent the report back, else in
    progress or not started."""
    if return_is_complete(
        figures_missing=figures_missing,
        actions_to_update=actions_to_update,
        report_status=report_status,
    ):
        return ReturnStatus.COMPLETE
    if deadline is not None and today > deadline:
        return ReturnStatus.LATE
    if report_status == ReportStatus.SUBMITTED:
        return ReturnStatus.REPORT_SUBMITTED
    if report_status == ReportStatus.RETURNED:
        return ReturnStatus.RETURNED
    return ReturnStatus.IN_PROGRESS if started else ReturnStatus.NOT_STARTED


def return_to_do(*, figures_missing: int, actions_to_update: int, report_status) -> list[str]:
    """What is still missing from a return, in words (empty when it is complete)."""
    items = []
    if figures_missing:
        items.append(f"{_count(figures_missing, 'measure')} without a value")
    if actions_to_update:
        items.append(f"{_count(actions_to_update, 'action')} not updated this period")
    if report_status == ReportStatus.RETURNED:
        items.append("exception report returned for changes")
    elif report_status != ReportStatus.SUBMITTED:
        items.append("exception report not submitted")
    return items


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
