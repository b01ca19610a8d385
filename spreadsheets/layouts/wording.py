"""The council's wording of statuses, units, directions, recommendations and months.

Plain functions and word tables, no database: what a cell of a council's own layout says
in our terms.
"""

from __future__ import annotations

import datetime
import re

from ..cells import norm, parse_date_cell, parse_period_heading

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
STATUS_WORDS = {
    "complete": "complete",
    "completed": "complete",
    "done": "complete",
    "achieved": "complete",
    "closed": "complete",
    "in progress": "in_progress",
    "on track": "in_progress",
    "ongoing": "in_progress",
    "on going": "in_progress",
    "started": "in_progress",
    "underway": "in_progress",
    "not started": "not_started",
    "not yet started": "not_started",
    "planned": "not_started",
    "at risk": "at_risk",
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


def month_only_text(value, number_format: str) -> str:
    """An Excel date shown without its day ("mmmm yyyy") as the council sees it."""
    if not isinstance(value, datetime.datetime | datetime.date):
        return ""
    fmt = (number_format or "").lower()
    if not fmt or "d" in fmt.replace("[$-", "") or "m" not in fmt or "y" not in fmt:
        return ""
    month = value.strftime("%B") if "mmmm" in fmt else value.strftime("%b")
    year = value.strftime("%Y") if "yyyy" in fmt else value.strftime("%y")
    separator = "-" if "-" in fmt else " "
    return f"{month}{separator}{year}"


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


def unit_named(text: str) -> str | None:
    """The unit a cell's wording names ("%", "Number", "Rate per 10,000"), or None."""
    unit = UNIT_WORDS.get(norm(text).strip(" ."))
    if unit is None and ("10,000" in text or "10000" in text):
        return "rate"
    return unit


def direction_named(text: str) -> str | None:
    """Which way is better, as a cell words it ("Lower is better", "Reduce"), or None."""
    return DIRECTION_WORDS.get(norm(text).strip(" ."))


def frequency_named(text: str) -> str | None:
    return FREQUENCY_WORDS.get(norm(text).strip(" ."))
