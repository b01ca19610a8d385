"""Judgements about a service area in a period: the RAG its data suggests, when the
manager's own RAG needs a reason, and when the area needs an exception report in the pack.

Plain functions with no Django imports. Ratings are `improvement.rules.RAG` (or their
plain string values).
"""

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
