"""Wording an exception report can borrow from the SPC charts of an area's measures.

Plain functions with no Django imports. `suggestions(measures, month="July 2020")` turns
each measure's reading (measures.spc_words.Reading) into a short sentence a manager can
keep, change or delete:

- "Average caseload: the July 2020 figure is within normal variation; the target is inside
  the normal range, so it will be hit and miss."
- "Staff turnover: special cause, improving: 8 months in a row below the mean since June
  2019 (new front door)."
- "Re-referrals: not enough months to judge variation yet (8 of 12)."

What needs looking into comes first: special cause concerning, then improving, then
neutral, then common cause, then measures with too few months. A measure with no figure
this month says nothing: its reading would be last month's.
"""

from dataclasses import dataclass
from datetime import date

from measures import spc, spc_words

# The order suggestions are listed in: what the board should look at first.
ORDER = ("concern", "improvement", "neutral", "common_cause", "not_enough")
ASSURANCE_CLAUSES = {
    "pass": "the target is outside the normal range, so it should be met every month",
    "fail": "the target is outside the normal range, so it will not be met without a change "
    "in how the service works",
    "hit_and_miss": "the target is inside the normal range, so it will be hit and miss",
}
# Rules read "since <month>" well: the mean they compare with is the new process's.
_RUN_RULES = ("run_above", "run_below")


@dataclass(frozen=True)
class MeasureReading:
    """One measure as the wording reads it: its name, its reading to the month (None when
    there is none) and, when its chart starts afresh at a rebase, the rebase's reason."""

    name: str
    reading: spc_words.Reading | None
    rebase_reason: str = ""


@dataclass(frozen=True)
class Suggestion:
    name: str
    kind: str  # one of ORDER
    text: str


def _has_figure_this_month(reading) -> bool:
    return bool(reading and reading.chart.points and reading.chart.points[-1].value is not None)


def _since(reading, reason: str) -> str:
    """ "June 2019 (new front door)": when the last segment began, and why."""
    started: date = reading.rebased_from
    why = f" ({reason.strip()})" if reason and reason.strip() else ""
    return f"{started:%B %Y}{why}"


def _last_rule(reading) -> str | None:
    return reading.chart.points[-1].rule


def _variation_clause(reading, month: str) -> str:
    """What the chart says of the month, e.g. "special cause, concerning: the July 2020
    figure is above the upper process limit"."""
    if reading.variation == "common_cause":
        return f"the {month} figure is within normal variation"
    label, _, detail = reading.variation_text.partition(": ")
    detail = detail.replace("the latest month", f"the {month} figure")
    return f"{label[0].lower()}{label[1:]}: {detail}"


def sentence(item: MeasureReading, *, month: str) -> Suggestion | None:
    """The suggestion for one measure, or None when it has no figure this month."""
    reading = item.reading
    if not _has_figure_this_month(reading):
        return None
    rebased = reading.rebased_from is not None
    if not reading.enough:
        since = f" since {_since(reading, item.rebase_reason)}" if rebased else ""
        text = (
            f"{item.name}: not enough months{since} to judge variation yet "
            f"({reading.size} of {spc.MIN_POINTS})."
        )
        return Suggestion(item.name, "not_enough", text)
    clause = _variation_clause(reading, month)
    if rebased:
        since = _since(reading, item.rebase_reason)
        joiner = " since " if _last_rule(reading) in _RUN_RULES else ", judged on the months since "
        clause += joiner + since
    if reading.assurance:
        clause += "; " + ASSURANCE_CLAUSES[reading.assurance]
    return Suggestion(item.name, reading.variation, f"{item.name}: {clause}.")


def suggestions(measures, *, month: str) -> list[Suggestion]:
    """A suggestion for each measure with a figure this month, in ORDER (the measures'
    own order within each kind)."""
    found = [s for s in (sentence(item, month=month) for item in measures) if s is not None]
    return sorted(found, key=lambda s: ORDER.index(s.kind))


def draft_text(found, *, limit: int) -> str:
    """The suggestions one to a line, as many whole ones as fit in `limit` characters."""
    lines, length = [], 0
    for suggestion in found:
        extra = len(suggestion.text) + (1 if lines else 0)
        if length + extra > limit:
            break
        lines.append(suggestion.text)
        length += extra
    return "\n".join(lines)
