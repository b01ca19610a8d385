"""The council's wording of recommendations, timeframes and the months in headings.

Plain functions, no database. The words for statuses, units, directions and frequencies
are in ``cells/words.py`` (read through ``cells.read_field``), named here too for the
readers that import them from this module.
"""

from __future__ import annotations

import datetime
import re

from ..cells import parse_date_cell, parse_period_heading
from ..cells.fields import month_only_text
from ..cells.words import (
    DIRECTION_WORDS,
    FREQUENCY_WORDS,
    STATUS_WORDS,
    UNIT_WORDS,
    direction_named,
    frequency_named,
    status_named,
    unit_named,
)

__all__ = [
    "COMPARISON_RE",
    "DIRECTION_WORDS",
    "FREQUENCY_WORDS",
    "SHORT_REFS_RE",
    "STATUS_WORDS",
    "UNIT_WORDS",
    "direction_named",
    "frequency_named",
    "header_month",
    "is_timeframe",
    "month_only_text",
    "split_recommendation",
    "status_named",
    "unit_named",
]

_RECOMMENDATION_RE = re.compile(
    r"^\s*(?:(?:recommendation|rec)\s*\.?\s*)?(?P<ref>\d{1,3}[a-z]?(?:\.\d{1,3})*)\s*[.):\-–]?\s+"
    r"(?P<text>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
SHORT_REFS_RE = re.compile(r"^\s*[\w.]{1,12}(?:\s*[,;&/]\s*[\w.]{1,12})*\s*$")
_TIMEFRAME_RE = re.compile(
    r"^(?:immediate(?:ly)?|within\b.*|(?:short|medium|long)[\s-]*term\b.*|.*\b(?:months?|weeks?)"
    r"\b.*|by (?:the )?end of\b.*|ongoing)$",
    re.IGNORECASE,
)
COMPARISON_RE = re.compile(r"^\s*(<=|>=|=<|=>|<|>|≤|≥)")


def split_recommendation(text: str) -> tuple[str, str]:
    """("1", "Ensure that ...") from "1. Ensure that ..."; ("", text) when unnumbered."""
    match = _RECOMMENDATION_RE.match(text)
    if match:
        return match["ref"], match["text"].strip()
    if len(text) <= 15 and " " not in text.strip():
        return text.strip(), ""
    return "", text.strip()


def is_timeframe(text: str) -> bool:
    wording = " ".join(text.split())
    if _TIMEFRAME_RE.match(wording):
        return True
    cell = parse_date_cell(wording)
    return cell.date is not None and not cell.warning


def header_month(header: str) -> datetime.date | None:
    """The month a heading names: "Actual (July 2020)" -> 2020-07-01."""
    if not header:
        return None
    candidates = re.findall(r"\(([^()]*)\)", header)
    words = header.split(None, 1)
    if len(words) == 2:
        candidates.append(words[1])
    candidates.append(header)
    for candidate in candidates:
        month = parse_period_heading(candidate.strip(" ():-"))
        if month:
            return month
    return None
