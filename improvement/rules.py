"""Judgements about a plan's actions and periods, and the ratings every page shares.

Plain functions with no Django imports, so they can be tested without a database. Wherever
an enum is accepted its plain string value is accepted too. The measure rules build on
these (`measures/rules.py`), and the area rules on both (`exceptions/rules.py`).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

DUE_SOON_DAYS = 30

_LABELS = {}  # value -> label: pages ask for thousands of labels


class Labelled(StrEnum):
    """A string enum whose members read as words: "no_data" -> "No data"."""

    @property
    def label(self) -> str:
        try:
            return _LABELS[self.value]
        except KeyError:
            label = _LABELS[self.value] = self.value.replace("_", " ").capitalize()
            return label

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs, e.g. for a model field's choices."""
        return [(m.value, m.label) for m in cls]


def member(cls, value):
    """cls(value), without Enum's slow call for the plain strings the database gives."""
    try:
        return cls._value2member_map_[value]
    except (KeyError, TypeError):
        return cls(value)  # raises ValueError for an unknown value


class RAG(Labelled):
    BLUE = "blue"  # action complete
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no_data"  # no actual: never Green
    NOT_RATED = "not_rated"  # monitor-only measure, or no target in force

    @property
    def severity(self) -> int:
        """Higher is worse: RED 3, AMBER 2, GREEN 1; BLUE, NO_DATA, NOT_RATED 0."""
        return _SEVERITY.get(self, 0)

    @property
    def rank(self) -> int:
        """Sort key, worst first: RED 0, AMBER 1, GREEN 2, BLUE 3, the rest 4."""
        return _RANK.get(self, 4)


_SEVERITY = {RAG.GREEN: 1, RAG.AMBER: 2, RAG.RED: 3}
_RANK = {RAG.RED: 0, RAG.AMBER: 1, RAG.GREEN: 2, RAG.BLUE: 3}
# The ratings a person gives an area or an action, worst first.
JUDGED_RAGS = (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE)


class Trend(Labelled):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    UP = "up"  # monitor-only measure went up (no judgement)
    DOWN = "down"  # monitor-only measure went down
    NO_DATA = "no_data"  # either value missing: a change needs a figure in both periods

    @property
    def label(self) -> str:
        """As Labelled, but a trend without two figures says "Not enough data"."""
        return "Not enough data" if self is Trend.NO_DATA else Labelled.label.fget(self)

    @property
    def symbol(self) -> str:
        return _SYMBOLS.get(self, "–")


_SYMBOLS = {
    Trend.IMPROVING: "▲",
    Trend.WORSENING: "▼",
    Trend.NO_CHANGE: "►",
    Trend.UP: "↑",
    Trend.DOWN: "↓",
}


class ActionStatus(Labelled):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    AT_RISK = "at_risk"
    COMPLETE = "complete"


def as_rag(value) -> RAG | None:
    """The RAG a stored value names, or None for blank or an unknown word."""
    if not value:
        return None
    try:
        return member(RAG, value)
    except ValueError:
        return None


def as_status(value) -> ActionStatus:
    """The ActionStatus a stored value names (its label is how every page shows it)."""
    return member(ActionStatus, value)


def worst_rag(rags) -> RAG | None:
    """The worst of some ratings by `RAG.rank` (Red, Amber, Green, Blue); None if none."""
    known = [rag for rag in map(as_rag, rags) if rag is not None]
    return min(known, key=lambda rag: rag.rank) if known else None


def rag_change(before, now) -> Trend:
    """Direction of travel between two judgements: Green after Amber is improving."""
    before, now = as_rag(before), as_rag(now)
    if before not in JUDGED_RAGS or now not in JUDGED_RAGS:
        return Trend.NO_DATA
    if now.rank > before.rank:
        return Trend.IMPROVING
    if now.rank < before.rank:
        return Trend.WORSENING
    return Trend.NO_CHANGE


# Actions ------------------------------------------------------------------------------


def judged_at(*, today: date, period_end: date | None = None) -> date:
    """The date actions are judged at: the end of the period shown, or today if earlier
    (pages that show no period judge at today)."""
    return today if period_end is None else min(today, period_end)


def is_overdue(*, status: ActionStatus | str, target_date: date | None, today: date) -> bool:
    """Past its target date and not complete."""
    return (
        member(ActionStatus, status) is not ActionStatus.COMPLETE
        and target_date is not None
        and target_date < today
    )


def action_rag(
    *,
    status: ActionStatus | str,
    target_date: date | None,
    today: date,
    manual_rag: RAG | str | None = None,
) -> RAG:
    """BRAG for an action; a manual RAG overrides the rules."""
    if manual_rag:
        return member(RAG, manual_rag)
    status = member(ActionStatus, status)
    if status is ActionStatus.COMPLETE:
        return RAG.BLUE
    if is_overdue(status=status, target_date=target_date, today=today):
        return RAG.RED
    if status is ActionStatus.AT_RISK:
        return RAG.AMBER
    due_soon = target_date is not None and target_date <= today + timedelta(days=DUE_SOON_DAYS)
    if status is ActionStatus.NOT_STARTED and due_soon:
        return RAG.AMBER
    return RAG.GREEN


def is_complete(status: ActionStatus | str) -> bool:
    return member(ActionStatus, status) is ActionStatus.COMPLETE


def target_date_words(target_date: date | None, words: str = "") -> str:
    """How an action's target date reads: the wording it was given ("Ongoing", "Oct-20"),
    else the date ("30 Nov 2020"), else "No date"."""
    if words:
        return words
    return _day(target_date) if target_date else "No date"


@lru_cache(maxsize=4096)  # lists of actions name the same few hundred dates many times
def _day(day: date) -> str:
    return day.strftime("%d %b %Y")


def date_words(day: date) -> str:
    """A date as the product writes it: "31 Jul 2020"."""
    return _day(day)


def long_date_words(day: date) -> str:
    """A date in full, as a letter or a meeting's name gives it: "14 August 2020"."""
    return f"{day.day} {day:%B %Y}"


def manual_rag_reason_required(manual_rag, reason: str) -> bool:
    """A BRAG set by hand carries a reason."""
    return bool(manual_rag) and not (reason or "").strip()


# Periods ------------------------------------------------------------------------------


def month_end(month: date) -> date:
    """The last day of the month that `month` falls in."""
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def next_month(month: date) -> date:
    """The first day of the month after `month`."""
    return month_end(month) + timedelta(days=1)


def latest_period(months, *, today: date):
    """The month the board looks at by default: the latest that has begun, else the
    earliest. `months` are the first days of a plan's periods, in any order."""
    months = sorted(months)
    begun = [month for month in months if month <= today]
    if begun:
        return begun[-1]
    return months[0] if months else None


class PeriodBasis(Labelled):
    """Why a page opens on the month it shows when no month was asked for."""

    LOCKED = "locked"  # the latest locked month
    SUBMITTED = "submitted"  # the latest month with a submitted return
    BEGUN = "begun"  # nothing submitted or locked yet: the latest month that has begun
    EARLIEST = "earliest"  # no month has begun yet: the plan's first
    LATEST_FIGURE = "latest_figure"  # a measure's page: the latest month with its figure


@dataclass(frozen=True)
class BoardPeriod:
    month: date
    basis: PeriodBasis
    # Later months that have begun, their returns still being completed, oldest first.
    in_progress: tuple = ()


def board_period(periods, *, today: date) -> BoardPeriod | None:
    """The month the board's pages open on: the latest that is locked or has at least one
    submitted return, so that a month still being filled in is not shown as the board's;
    when there is none, the latest that has begun (`latest_period`). `periods` are
    (month, is_locked, has_submitted_return) tuples in any order."""
    periods = sorted(periods)
    if not periods:
        return None
    ready = [
        (month, is_locked) for month, is_locked, submitted in periods if is_locked or submitted
    ]
    if ready:
        month, is_locked = ready[-1]
        basis = PeriodBasis.LOCKED if is_locked else PeriodBasis.SUBMITTED
    else:
        month = latest_period([month for month, *_ in periods], today=today)
        basis = PeriodBasis.BEGUN if month <= today else PeriodBasis.EARLIEST
    later = tuple(other for other, *_ in periods if month < other <= today)
    return BoardPeriod(month, basis, later)


def working_period(periods, *, today: date):
    """The month managers are working on: the latest open one that has begun, else the
    first open one, else (every period locked) the latest. `periods` are (month, is_open)
    pairs in any order."""
    periods = sorted(periods)
    open_months = [month for month, is_open in periods if is_open]
    begun = [month for month in open_months if month <= today]
    if begun:
        return begun[-1]
    if open_months:
        return open_months[0]
    return periods[-1][0] if periods else None


def latest_with_value(history):
    """The last (key, value) pair whose value is not None in (key, value) pairs in time
    order, or None: "the latest period with figures" of a measure."""
    for key, value in reversed(list(history)):
        if value is not None:
            return key, value
    return None
