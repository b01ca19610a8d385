"""Dates in cells: target dates as typed ("Oct-20", "TBC", an Excel date) and the months
that head columns of monthly figures."""

from __future__ import annotations

import calendar
import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils.datetime import from_excel

from improvement.rules import month_end

from .text import cell_text as _cell_text
from .text import collapse as _collapse
from .text import quote as _quote

# Excel serial numbers outside these years are not dates anyone meant in a plan
# (a year typed as the number 2021 would otherwise become 13 July 1905).
PLAUSIBLE_YEARS = range(1950, 2101)

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR_RE = r"(?P<year>\d{4}|\d{2})(?![\d/.-]*\d)(?!st|nd|rd|th)"

# Each pattern names year, month and (for full dates) day. Searched, not anchored:
# the earliest and longest match in a cell is its date.
_DATE_PATTERNS: list[re.Pattern[str]] = [
    # 2020-08-14
    re.compile(r"(?<![\d/.-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d/.-]*\d)"),
    # 14/08/2020, 14/08/20, 14.08.2020, 14-08-20
    re.compile(r"(?<![\d/.-])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)" + _YEAR_RE),
    # 31st March 2021, 31-Mar-21, 1 Oct 2020
    re.compile(
        r"(?<![\w/.-])(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*[-/.]?\s*"
        rf"(?P<month>{MONTH_RE})(?![a-z])\.?\s*[-/,.']?\s*" + _YEAR_RE,
        re.IGNORECASE,
    ),
    # March 31st 2021, March 31, 2021 (four-digit year only: "July 21" is July 2021)
    re.compile(
        rf"(?<![a-z])(?P<month>{MONTH_RE})(?![a-z])\.?\s*[-/.]?\s*"
        r"(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)",
        re.IGNORECASE,
    ),
    # Oct-20, Dec -20, July 21, Sept 2020, March- 21, Oct '20
    re.compile(
        rf"(?<![a-z])(?P<month>{MONTH_RE})(?![a-z])\.?\s*[-/,.']?\s*'?" + _YEAR_RE,
        re.IGNORECASE,
    ),
    # 2020-07 (not 2020-21, a financial year: month 21 is rejected below)
    re.compile(r"(?<![\d/.-])(?P<year>\d{4})-(?P<month>\d{1,2})(?![\d/.-]*\d)"),
    # 08/2020
    re.compile(r"(?<![\d/.-])(?P<month>\d{1,2})/(?P<year>\d{4})(?![\d/.-]*\d)"),
]

_TIMESTAMP_RE = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?$"
)

# Words around a date that say nothing more than "by this date".
_DATE_FILLER_RE = re.compile(
    r"(?:(?:by|before|due|deadline|no later than|not later than|on or before|completed by|"
    r"complete by|to be completed by)\s+)?(?:(?:the\s+)?end(?:\s+of)?\s+)?"
)

# Wordings of a target date that are understood even though they name no date.
_KNOWN_NON_DATES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        r"tbc|tba|tbd|to be (?:confirmed|agreed|determined|decided|arranged)",
        r"on\s?-?\s?going|continuous|continual|continuing",
        r"immediate(?:ly)?|with immediate effect|now",
        r"within (?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"eighteen|twenty four|twenty-four) (?:working )?(?:days?|weeks?|months?|years?)",
        r".*\bbusiness cycle",
        r"annual(?:ly)?|quarterly|monthly|weekly",
        r"n/?a|not applicable",
    )
)


@dataclass(frozen=True)
class DateCell:
    """A target date as read from a cell.

    ``date`` is None when no date could be read. For month-only wording ("Oct-20")
    it is the last day of that month, because a target of October means by the end
    of October. ``text`` keeps the wording as typed and is "" for a real Excel date.
    """

    date: datetime.date | None
    text: str
    month_only: bool
    warning: str


@dataclass(frozen=True)
class _FoundDate:
    year: int
    month: int
    day: int | None  # None when only month and year were given
    extra: str  # words around the date that were not understood
    more_dates: bool  # another date appears in the same cell

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def date(self) -> datetime.date:
        if self.day is None:
            return month_end(self.first_day)
        return datetime.date(self.year, self.month, self.day)

    @property
    def label(self) -> str:
        month = calendar.month_name[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"


def _date_from_match(match: re.Match[str]) -> tuple[int, int, int | None] | None:
    parts = match.groupdict()
    year_text = parts["year"]
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
    day = int(parts["day"]) if parts.get("day") else None
    if year not in PLAUSIBLE_YEARS or not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            datetime.date(year, month, day)
        except ValueError:
            return None
    return year, month, day


def _find_dates(text: str) -> list[tuple[int, int, tuple[int, int, int | None]]]:
    """Every readable date in text as (start, end, (year, month, day)), earliest first."""
    found = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = _date_from_match(match)
            if parts is not None:
                found.append((match.start(), match.end(), parts))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen: list[tuple[int, int, tuple[int, int, int | None]]] = []
    for start, end, parts in found:
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, parts))
    return chosen


def _read_date_text(text: str) -> _FoundDate | None:
    text = _collapse(text)
    # A date and time written out by another program: "2020-08-14 00:00:00".
    text = _TIMESTAMP_RE.sub(r"\g<date>", text)
    dates = _find_dates(text)
    if not dates:
        return None
    start, end, (year, month, day) = dates[0]
    before = text[:start].strip(" ,;:-()").lower()
    after = text[end:].strip(" ,;:.()")
    extra_words = []
    if before and not _DATE_FILLER_RE.fullmatch(before + " "):
        extra_words.append(text[:start].strip())
    if after:
        extra_words.append(after)
    return _FoundDate(year, month, day, " ".join(extra_words), len(dates) > 1)


def _is_known_non_date(text: str) -> bool:
    wording = _collapse(text).lower().strip(" .;:!")
    return any(pattern.fullmatch(wording) for pattern in _KNOWN_NON_DATES)


def _date_from_serial(value: float) -> datetime.date | None:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value < 1:
        return None
    try:
        converted = from_excel(value)
    except (ValueError, OverflowError, TypeError):
        return None
    if not isinstance(converted, datetime.datetime) or converted.year not in PLAUSIBLE_YEARS:
        return None
    return converted.date()


def parse_date_cell(value) -> DateCell:
    """Read a target-date cell: an Excel date, an Excel serial number or typed text.

    >>> parse_date_cell("Oct-20")
    DateCell(date=datetime.date(2020, 10, 31), text='Oct-20', month_only=True, warning='')
    """
    try:
        return _parse_date_cell(value)
    except Exception:  # a cell must never stop an import
        text = _cell_text(value)
        return DateCell(None, text, False, _not_a_date(text))


def _not_a_date(text: str) -> str:
    return f"Could not read {_quote(text)} as a date; kept as the target-date wording."


def _parse_date_cell(value) -> DateCell:
    if value is None:
        return DateCell(None, "", False, "")
    if isinstance(value, datetime.datetime):
        return DateCell(value.date(), "", False, "")
    if isinstance(value, datetime.date):
        return DateCell(value, "", False, "")
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        serial = _date_from_serial(float(value))
        if serial is None:
            text = _cell_text(value)
            return DateCell(None, text, False, _not_a_date(text))
        return DateCell(serial, "", False, "")
    text = _cell_text(value)
    if not text:
        return DateCell(None, "", False, "")
    found = _read_date_text(text) if isinstance(value, str) else None
    if found is None:
        warning = "" if _is_known_non_date(text) else _not_a_date(text)
        return DateCell(None, text, False, warning)
    warning = ""
    if found.more_dates:
        warning = (
            f"Found more than one date in {_quote(text)}; used the first ({found.label}) "
            "and kept the wording."
        )
    elif found.extra:
        warning = (
            f"Read {_quote(text)} as {found.label}; the extra words {_quote(found.extra)} "
            "are kept in the target-date wording."
        )
    return DateCell(found.date, text, found.day is None, warning)


def parse_period_heading(value) -> datetime.date | None:
    """The month a column of monthly figures is for, as its first day; None if not a month.

    Reads an Excel date (whatever its day) or "Jul-20", "July 2020", "Jul 20", "2020-07".
    """
    try:
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        if isinstance(value, int | float | Decimal):
            serial = _date_from_serial(float(value))
            return serial.replace(day=1) if serial else None
        if not isinstance(value, str):
            return None
        found = _read_date_text(value)
        if found is None or found.extra or found.more_dates:
            return None
        return found.first_day
    except Exception:  # a heading that is not a month
        return None
