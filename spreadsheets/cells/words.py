"""Words for a field's value as councils type them: statuses, units, directions, frequencies.

Word tables and the plain functions that look a cell's wording up in them ("Lower is
better" -> "lower"); None when the wording names nothing known. Our own values and their
labels ("in_progress", "In progress") are read too, so the template's choices and a
council's words go through the same table. RAG words are in ratings.py.
"""

from __future__ import annotations

from .text import norm

STATUS_WORDS = {
    "complete": "complete",
    "completed": "complete",
    "done": "complete",
    "achieved": "complete",
    "closed": "complete",
    "in progress": "in_progress",
    "in_progress": "in_progress",
    "on track": "in_progress",
    "ongoing": "in_progress",
    "on going": "in_progress",
    "started": "in_progress",
    "underway": "in_progress",
    "not started": "not_started",
    "not_started": "not_started",
    "not yet started": "not_started",
    "planned": "not_started",
    "at risk": "at_risk",
    "at_risk": "at_risk",
    "delayed": "at_risk",
    "off track": "at_risk",
    "overdue": "at_risk",
}
DIRECTION_WORDS = {
    "higher": "higher",
    "higher is better": "higher",
    "high": "higher",
    "high is good": "higher",
    "up": "higher",
    "increase": "higher",
    "lower": "lower",
    "lower is better": "lower",
    "low": "lower",
    "low is good": "lower",
    "down": "lower",
    "decrease": "lower",
    "reduce": "lower",
    "range": "range",
    "within a range": "range",
    "monitor": "monitor",
    "monitor only": "monitor",
    "none": "monitor",
}
UNIT_WORDS = {
    "%": "percent",
    "percent": "percent",
    "percentage": "percent",
    "count": "count",
    "number": "count",
    "no": "count",
    "rate": "rate",
    "rate per 10000": "rate",
    "days": "days",
    "day": "days",
    "ratio": "ratio",
    "score": "score",
}
FREQUENCY_WORDS = {
    "monthly": "monthly",
    "month": "monthly",
    "quarterly": "quarterly",
    "quarter": "quarterly",
    "annual": "annual",
    "annually": "annual",
    "yearly": "annual",
}


def _key(text) -> str:
    return norm(text).strip(" .!")


def status_named(text: str) -> str | None:
    """The action status a cell's wording names ("On track" -> "in_progress"), or None."""
    return STATUS_WORDS.get(_key(text))


def unit_named(text: str) -> str | None:
    """The unit a cell's wording names ("%", "Number", "Rate per 10,000"), or None."""
    unit = UNIT_WORDS.get(_key(text))
    if unit is None and ("10,000" in text or "10000" in text):
        return "rate"
    return unit


def direction_named(text: str) -> str | None:
    """Which way is better, as a cell words it ("Lower is better", "Reduce"), or None."""
    return DIRECTION_WORDS.get(_key(text))


def frequency_named(text: str) -> str | None:
    return FREQUENCY_WORDS.get(_key(text))
