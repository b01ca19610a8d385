"""The parts of a figure typed in a cell: the number, its unit word and the sign before it.

Shared by the figure reader (numbers.py) and the reader of labelled figures (labels.py).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Units as measures.rules.Unit spells them. A cell's wording can say percent, rate
# ("per 10,000"), days or score (points); "count" and "ratio" are never guessed from
# a bare number, which reads with unit "" (unknown).
PERCENT, RATE, DAYS, SCORE = "percent", "rate", "days", "score"

NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
FIGURE_RE = re.compile(
    r"(?P<cmp><=|>=|=<|=>|[<>≤≥=~])?\s*(?P<cur>£)?\s*"
    rf"(?<![\w.])(?P<num>[-+]?(?:{NUMBER}))(?![\d])"
    r"(?:(?<=\d)(?P<mult>k|m|bn)(?![a-z]))?"
    r"(?:\s*(?P<unit>%|per\s*cent(?![a-z])|percent(?![a-z])|working\s+days?(?![a-z])|"
    r"days?(?![a-z])|points?(?![a-z])|pts(?![a-z])))?",
    re.IGNORECASE,
)
_MULTIPLIERS = {"k": Decimal(1000), "m": Decimal(1_000_000), "bn": Decimal(1_000_000_000)}


def tidy(number: Decimal) -> Decimal:
    """Drop trailing zeros without going to exponent form: 8.800 -> 8.8, 100 stays 100."""
    if not number.is_finite():
        raise InvalidOperation(str(number))
    if number == 0:
        return Decimal(0)
    number = number.normalize()
    if number.as_tuple().exponent > 0:
        return Decimal(int(number))
    return number


def decimal_from_number(value) -> Decimal:
    if isinstance(value, Decimal):
        return tidy(value)
    if isinstance(value, int):
        return Decimal(value)
    # 15 significant digits is what Excel keeps; it also drops float noise (0.1 + 0.2).
    return tidy(Decimal(format(value, ".15g")))


def decimal_from_text(text: str) -> Decimal:
    return tidy(Decimal(text.replace(",", "")))


def format_figure(value: Decimal, unit: str) -> str:
    return f"{value}%" if unit == PERCENT else str(value)


def figure(match: re.Match[str]) -> tuple[Decimal, str] | None:
    """(number, unit) of a figure found in a cell's text; None for "16m" (not money)."""
    number = decimal_from_text(match["num"])
    if match["mult"]:
        if not match["cur"]:
            return None  # "16m" is not money: leave it to the leftover words
        number = tidy(number * _MULTIPLIERS[match["mult"].lower()])
    unit_word = (match["unit"] or "").lower()
    if unit_word == "%" or unit_word.startswith("per"):
        return number, PERCENT
    if "day" in unit_word:
        return number, DAYS
    if unit_word in {"point", "points", "pts"}:
        return number, SCORE
    return number, ""
