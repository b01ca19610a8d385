"""Linking a measure to a national indicator: what the catalogue says of its better direction
and unit, filled in where the measure gives none and warned where it disagrees.

Pure rules: every write path (the Django admin, the template import, a council's layout)
calls `link_indicator` and does what it says.
"""

from __future__ import annotations

import re

from .rules import Direction, Unit

POLARITY_DIRECTIONS = {"higher": Direction.HIGHER.value, "lower": Direction.LOWER.value}

DIRECTION_WORDS = {
    "higher": "higher is better",
    "lower": "lower is better",
    "range": "within a range",
    "monitor": "monitor only",
}
UNIT_WORDS = {
    "percent": "a percentage",
    "count": "a count",
    "rate": "a rate",
    "days": "days",
    "ratio": "a ratio",
    "score": "a score",
}
_SCORE_WORDS = ("score", "point score")
_COUNT_WORDS = ("number", "entries", "total cases", "social workers")


def direction_for(polarity: str) -> str | None:
    """The measure direction a catalogue polarity gives; None for "neither"."""
    return POLARITY_DIRECTIONS.get(polarity)


def unit_for(published: str) -> tuple[str, str] | None:
    """The measure's unit and unit label from the catalogue's unit wording, or None when the
    wording does not say plainly ("Case Load", "Spend").

    "% of referrals" -> ("percent", "of referrals"); "Rate per 10,000" -> ("rate",
    "per 10,000"); "Number of Children Looked After" -> ("count", "Children Looked After").
    """
    text = " ".join(published.split())
    lower = text.lower()
    if lower.startswith("%") or lower.startswith("percentage"):
        label = re.sub(r"^(%|percentage)\s*", "", text, flags=re.IGNORECASE)
        return Unit.PERCENT.value, label
    if lower.startswith("rate per"):
        return Unit.RATE.value, text[len("rate ") :]
    if any(lower.startswith(word) for word in _COUNT_WORDS):
        label = re.sub(r"^number\s*(of\s*)?", "", text, flags=re.IGNORECASE)
        return Unit.COUNT.value, label if label != text else ""
    if any(lower.endswith(word) for word in _SCORE_WORDS):
        return Unit.SCORE.value, ""
    return None


def link_indicator(indicator, *, direction="", unit="", name="") -> tuple[dict, list[str]]:
    """What linking `indicator` does to a measure whose direction and unit are as given ("" =
    not given): the fields to fill in, and a warning for each that disagrees.

    Returns (fills, warnings): fills holds `direction`, `unit` and `unit_label` where the
    measure gave none and the catalogue says plainly; a warning names the indicator and
    both readings. "Within a range" and "monitor only" disagree with no polarity.
    """
    fills: dict = {}
    warnings: list[str] = []
    label = f'the national indicator {indicator.code} ("{indicator.name}")'
    who = f'"{name}"' if name else "The measure"
    wanted = direction_for(indicator.polarity)
    if wanted:
        if not direction:
            fills["direction"] = wanted
        elif direction != wanted:
            warnings.append(
                f"{who} is recorded as {DIRECTION_WORDS.get(direction, direction)}, but {label}"
                f" is {DIRECTION_WORDS[wanted]}."
            )
    published = unit_for(indicator.unit or "")
    if published:
        unit_value, unit_label = published
        if not unit:
            fills["unit"] = unit_value
            if unit_label and unit_value in (Unit.COUNT.value, Unit.RATE.value):
                fills["unit_label"] = unit_label[:100]
        elif unit != unit_value:
            warnings.append(
                f"{who} is recorded as {UNIT_WORDS.get(unit, unit)}, but {label} is published"
                f' as "{indicator.unit}".'
            )
    return fills, warnings
