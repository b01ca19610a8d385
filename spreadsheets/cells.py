"""Read spreadsheet cells the way council officers type them.

Plain functions, no Django and no database: the importers call these on every cell
and turn the warnings into notes on the record and lines in the import report.
Nothing here raises on a cell's contents; what cannot be read comes back as
``None`` with the wording kept and a warning saying why.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openpyxl.utils.datetime import from_excel

__all__ = [
    "ACTION_FIELDS",
    "ACTUAL_FIELDS",
    "MEASURE_FIELDS",
    "DateCell",
    "NumberCell",
    "find_header_row",
    "is_section_row",
    "match_headers",
    "normalise_header",
    "parse_date_cell",
    "parse_number_cell",
    "parse_period_heading",
    "parse_rag_cell",
]

# Excel serial numbers outside these years are not dates anyone meant in a plan
# (a year typed as the number 2021 would otherwise become 13 July 1905).
PLAUSIBLE_YEARS = range(1950, 2101)


def _quote(text: str) -> str:
    return f'"{text}"'


def _collapse(text: str) -> str:
    """NFKC, one kind of dash and apostrophe, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[\u2018\u2019\u02bc]", "'", text)
    return " ".join(text.split())


def _cell_text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


# --- dates -------------------------------------------------------------------

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
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
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
        rf"(?P<month>{_MONTH_RE})(?![a-z])\.?\s*[-/,.']?\s*" + _YEAR_RE,
        re.IGNORECASE,
    ),
    # March 31st 2021, March 31, 2021 (four-digit year only: "July 21" is July 2021)
    re.compile(
        rf"(?<![a-z])(?P<month>{_MONTH_RE})(?![a-z])\.?\s*[-/.]?\s*"
        r"(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)",
        re.IGNORECASE,
    ),
    # Oct-20, Dec -20, July 21, Sept 2020, March- 21, Oct '20
    re.compile(
        rf"(?<![a-z])(?P<month>{_MONTH_RE})(?![a-z])\.?\s*[-/,.']?\s*'?" + _YEAR_RE,
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
            last = calendar.monthrange(self.year, self.month)[1]
            return datetime.date(self.year, self.month, last)
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


# --- numbers -----------------------------------------------------------------

# Units as measures.rules.Unit spells them. A cell's wording can say percent, rate
# ("per 10,000"), days or score (points); "count" and "ratio" are never guessed from
# a bare number, which reads with unit "" (unknown).
PERCENT, RATE, DAYS, SCORE = "percent", "rate", "days", "score"

_NOT_APPLICABLE = {"n/a", "na", "n.a.", "n.a", "n/k", "not applicable", "-", "--", "n / a"}

_LOCAL_INDICATOR_RE = re.compile(r"\blocal\s+indicators?\b", re.IGNORECASE)
_BRACKETS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_RATE_RE = re.compile(
    r"\bper\s+(?:100,000|100000|10,000|10000|1,000|1000|100|10k|1k)(?!\d)", re.IGNORECASE
)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_COMPARATOR_RE = re.compile(
    r"(?<![a-z])(?P<label>statistical\s+neighbours?|stat\.?\s+neighbours?|s\.?n\.?|"
    r"regional|region|reg|national|nat|england|eng)(?![a-z])\.?"
    rf"\s*(?:[-:=]\s*)?(?:<=|>=|[<>≤≥~])?\s*(?P<num>{_NUMBER})\s*%?",
    re.IGNORECASE,
)
# By first letter of the label: SN / statistical neighbours, Reg(ional), Nat(ional) / England.
_COMPARATOR_FIELDS = {"s": "sn", "r": "regional", "n": "national", "e": "national"}
# Dates and years inside a figure cell ("From Sept 2020", "200 by 2023") are words,
# not figures.
_DATE_WORDS_RE = re.compile(
    rf"(?<![a-z])(?:{_MONTH_RE})(?![a-z])\.?\s*[-/']?\s*(?:\d{{4}}|\d{{2}})(?!\d)"
    r"|\b(?:by|in|from|until|till|to|before|since|after|during)\s+(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_FIGURE_RE = re.compile(
    r"(?P<cmp><=|>=|=<|=>|[<>≤≥=~])?\s*(?P<cur>£)?\s*"
    rf"(?<![\w.])(?P<num>[-+]?(?:{_NUMBER}))(?![\d])"
    r"(?:(?<=\d)(?P<mult>k|m|bn)(?![a-z]))?"
    r"(?:\s*(?P<unit>%|per\s*cent(?![a-z])|percent(?![a-z])|working\s+days?(?![a-z])|"
    r"days?(?![a-z])|points?(?![a-z])|pts(?![a-z])))?",
    re.IGNORECASE,
)
_MULTIPLIERS = {"k": Decimal(1000), "m": Decimal(1_000_000), "bn": Decimal(1_000_000_000)}
# Joining words between understood parts are not worth a warning.
_CONNECTIVES_RE = re.compile(r"\b(?:and|or)\b", re.IGNORECASE)


@dataclass(frozen=True)
class NumberCell:
    """A figure as read from a cell, with any comparators typed beside it.

    ``value`` is None when no figure could be read. Percentages are 0-100 (an Excel
    0.5 shown as 50% reads as 50). ``text`` keeps what was typed ("" for a plain
    number) and ``warning`` says what was not understood.
    """

    value: Decimal | None
    unit: str = ""
    sn: Decimal | None = None
    regional: Decimal | None = None
    national: Decimal | None = None
    local_indicator: bool = False
    text: str = ""
    warning: str = ""


def _tidy(number: Decimal) -> Decimal:
    """Drop trailing zeros without going to exponent form: 8.800 -> 8.8, 100 stays 100."""
    if not number.is_finite():
        raise InvalidOperation(str(number))
    if number == 0:
        return Decimal(0)
    number = number.normalize()
    if number.as_tuple().exponent > 0:
        return Decimal(int(number))
    return number


def _decimal_from_number(value) -> Decimal:
    if isinstance(value, Decimal):
        return _tidy(value)
    if isinstance(value, int):
        return Decimal(value)
    # 15 significant digits is what Excel keeps; it also drops float noise (0.1 + 0.2).
    return _tidy(Decimal(format(value, ".15g")))


def _decimal_from_text(text: str) -> Decimal:
    return _tidy(Decimal(text.replace(",", "")))


def _format_figure(value: Decimal, unit: str) -> str:
    return f"{value}%" if unit == PERCENT else str(value)


def parse_number_cell(value, *, number_format: str = "") -> NumberCell:
    """Read a figure cell: a plain number, an Excel percentage, or text with words.

    >>> parse_number_cell("82 SN 48/ Reg 44 / Nat 41")
    NumberCell(value=Decimal('82'), unit='', sn=Decimal('48'), regional=Decimal('44'), \
national=Decimal('41'), local_indicator=False, text='82 SN 48/ Reg 44 / Nat 41', warning='')
    """
    try:
        return _parse_number_cell(value, number_format)
    except Exception:  # a cell must never stop an import
        text = _cell_text(value)
        return NumberCell(None, text=text, warning=_not_a_figure(text))


def _not_a_figure(text: str) -> str:
    return f"Could not read {_quote(text)} as a figure; kept as text."


def _parse_number_cell(value, number_format: str) -> NumberCell:
    if value is None:
        return NumberCell(None)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            text = _cell_text(value)
            return NumberCell(None, text=text, warning=_not_a_figure(text))
        number = _decimal_from_number(value)
        if "%" in (number_format or ""):
            return NumberCell(_tidy(number * 100), unit=PERCENT)
        return NumberCell(number)
    text = _cell_text(value)
    if not text:
        return NumberCell(None)
    if not isinstance(value, str):
        return NumberCell(None, text=text, warning=_not_a_figure(text))
    return _parse_number_text(text)


def _blank_out(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _parse_number_text(text: str) -> NumberCell:
    work = _collapse(text)
    if work.lower() in _NOT_APPLICABLE:
        return NumberCell(None, text=text)

    # Two copies of the cell, blanked in step so positions stay aligned: `search` is
    # where figures are looked for, `leftover` collects the words not understood.
    search = leftover = work
    local_indicator = False
    unit = ""
    comparators: dict[str, Decimal] = {}

    def understood(match: re.Match[str]) -> None:
        nonlocal search, leftover
        search = _blank_out(search, match.start(), match.end())
        leftover = _blank_out(leftover, match.start(), match.end())

    for match in _LOCAL_INDICATOR_RE.finditer(work):
        local_indicator = True
        understood(match)
    # Bracketed commentary is understood: it stays in `text` only.
    while match := _BRACKETS_RE.search(search):
        understood(match)
    for match in _RATE_RE.finditer(search):
        unit = RATE
        understood(match)
    for match in _COMPARATOR_RE.finditer(search):
        field = _COMPARATOR_FIELDS[match["label"][0].lower()]
        if field not in comparators:
            comparators[field] = _decimal_from_text(match["num"])
            understood(match)
    for match in _DATE_WORDS_RE.finditer(search):
        search = _blank_out(search, match.start(), match.end())

    figures: list[tuple[Decimal, str]] = []
    for match in _FIGURE_RE.finditer(search):
        number = _decimal_from_text(match["num"])
        if match["mult"]:
            if not match["cur"]:
                continue  # "16m" is not money: leave it to the leftover words
            number = _tidy(number * _MULTIPLIERS[match["mult"].lower()])
        figure_unit = ""
        unit_word = (match["unit"] or "").lower()
        if unit_word == "%" or unit_word.startswith("per"):
            figure_unit = PERCENT
        elif "day" in unit_word:
            figure_unit = DAYS
        elif unit_word in {"point", "points", "pts"}:
            figure_unit = SCORE
        figures.append((number, figure_unit))
        understood(match)

    leftover_words = " ".join(_CONNECTIVES_RE.sub(" ", leftover).split())
    leftover_words = leftover_words.strip(" .,;:/&+-")
    has_words = bool(re.search(r"\w", leftover_words))

    value_ = None
    warning = ""
    if figures:
        value_, figure_unit = figures[0]
        unit = figure_unit or unit
        if len(figures) > 1:
            warning = (
                f"Found more than one figure in {_quote(text)}; used the first "
                f"({_format_figure(value_, unit)}) and kept the text."
            )
        elif has_words:
            warning = (
                f"Read {_format_figure(value_, unit)} from {_quote(text)}; did not understand "
                f"{_quote(leftover_words)}, kept as text."
            )
    elif has_words and (local_indicator or comparators):
        warning = (
            f"No figure in {_quote(text)}; did not understand {_quote(leftover_words)}, "
            "kept as text."
        )
    elif comparators:
        warning = f"No figure in {_quote(text)}, only comparators; kept as text."
    elif not local_indicator:
        warning = _not_a_figure(text)

    return NumberCell(
        value_,
        unit=unit,
        sn=comparators.get("sn"),
        regional=comparators.get("regional"),
        national=comparators.get("national"),
        local_indicator=local_indicator,
        text=text,
        warning=warning,
    )


# --- RAG ---------------------------------------------------------------------

RAG_WORDS: dict[str, str] = {
    "blue": "blue",
    "b": "blue",
    "complete": "blue",
    "completed": "blue",
    "done": "blue",
    "green": "green",
    "g": "green",
    "amber": "amber",
    "a": "amber",
    "red": "red",
    "r": "red",
}
# Worst first: a split rating ("A/G") is read as the worse of the two.
_RAG_ORDER = ("red", "amber", "green", "blue")


def parse_rag_cell(value) -> tuple[str | None, str]:
    """Read a (B)RAG rating: ("green", "") for "G", (None, warning) for "?????"."""
    text = _cell_text(value)
    if not text:
        return None, ""
    wording = _collapse(text).lower().strip(" .!")
    if wording in RAG_WORDS:
        return RAG_WORDS[wording], ""
    parts = [part for part in re.split(r"\s*[/\\&+-]\s*|\s+", wording) if part]
    if len(parts) == 2 and all(part in RAG_WORDS for part in parts):
        ratings = {RAG_WORDS[part] for part in parts}
        rag = min(ratings, key=_RAG_ORDER.index)
        if len(ratings) == 1:
            return rag, ""
        return rag, f"Read {_quote(text)} as {rag}, the worse of the two ratings given."
    return None, f"Could not read {_quote(text)} as a RAG rating; kept as text."


# --- headers -----------------------------------------------------------------


def normalise_header(text) -> str:
    """Lower case, punctuation to spaces, single spaces.

    "Actual (July 2020)" -> "actual july 2020"; "Children's" -> "childrens"; None -> "".
    """
    if text is None:
        return ""
    wording = unicodedata.normalize("NFKC", str(text)).lower()
    wording = re.sub(r"['\u2018\u2019\u02bc]", "", wording)  # "children's" -> "childrens"
    wording = re.sub(r"[\W_]+", " ", wording)
    return " ".join(wording.split())


# Field -> header wordings, already normalised. Exact matches win; a header that starts
# with a wording and a space also matches ("actual july 2020" -> actual).
ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    "area": ("area", "service area", "theme", "workstream", "work stream", "areas"),
    "recommendation": (
        "recommendation",
        "recommendations",
        "rec",
        "ofsted recommendation",
        "recommendation ref",
        "core ofsted recommendation",
    ),
    "outcome": (
        "outcome",
        "outcomes",
        "objective",
        "objectives",
        "objectives what needs to improve",
        "what needs to improve",
        "improvement outcomes",
    ),
    "reference": (
        "ref",
        "no",
        "number",
        "action ref",
        "reference",
        "ref no",
        "action no",
        "action number",
    ),
    "action": (
        "action",
        "actions",
        "priority",
        "priorities",
        "action required",
        "actions required",
        "priorities actions",
        "what we will do",
    ),
    "target_date": (
        "target date",
        "due",
        "due date",
        "timetable end date",
        "timescale",
        "timescales",
        "deadline",
        "by when",
        "completion date",
        "end date",
        "target completion date",
        "timeframe",
        "date due",
        # The Southampton 2020 plan heads some target-date columns just "TARGET".
        "target",
    ),
    "lead": (
        "lead",
        "leads",
        "lead officer",
        "lead officers",
        "lead person responsible",
        "responsible officer",
        "responsible officers",
        "owner",
        "action owner",
        "responsible",
        "accountable officer",
    ),
    "key_partners": ("key partners", "partners"),
    "success_measure": (
        "performance measurement",
        "measure of success",
        "measures of success",
        "success measure",
        "success measures",
        "how will we measure success",
        "key performance indicators measure of success",
        "success criteria",
    ),
    "status": ("status",),
    "rag": ("rag", "rag status", "brag", "rag rating", "current rag", "brag rating"),
    "progress": ("progress", "progress update", "update", "analysis progress risks"),
    "impact": ("impact",),
    "still_to_do": ("what do we still need to do", "still to do", "next steps"),
    "cost": ("cost", "resources", "costs"),
    "notes": ("key points to note", "notes", "comments", "commentary"),
}

MEASURE_FIELDS: dict[str, tuple[str, ...]] = {
    "area": ("area", "service area", "theme", "workstream", "work stream"),
    "reference": ("ref", "no", "number", "reference", "measure ref", "kpi ref", "kpi no"),
    "measure": (
        "measure",
        "measures",
        "indicator",
        "kpi",
        "measure name",
        "performance indicator",
        "key performance indicator",
        "indicator name",
    ),
    "baseline": ("baseline", "baseline figure", "starting point"),
    "actual": ("actual", "latest", "current", "latest actual", "current performance"),
    "target": ("target", "target figure", "goal"),
    "outcome": ("outcome", "outcomes"),
    "unit": ("unit", "units", "unit of measure"),
    "direction": ("direction", "polarity", "good is", "direction of travel"),
    "data_source": ("source", "data source"),
    "frequency": ("frequency", "reporting frequency"),
}

ACTUAL_FIELDS: dict[str, tuple[str, ...]] = {
    "measure": (
        "measure",
        "indicator",
        "kpi",
        "measure name",
        "performance indicator",
        "indicator name",
    ),
    "reference": ("ref", "reference", "measure ref", "kpi ref", "no", "number"),
    "period": ("period", "month", "date", "reporting period", "month ending"),
    "value": ("value", "actual", "figure", "result"),
    "commentary": ("commentary", "comment", "comments", "narrative", "notes"),
}


def match_headers(
    headers: Sequence, fields: dict[str, tuple[str, ...]]
) -> tuple[dict[int, str], list[int]]:
    """Map header cells to fields: ({column index: field}, [unmatched column indexes]).

    Exact wordings first, then headers that start with a wording and a space. Each
    field goes to one column only (the first); blank headers are left out of both.
    """
    names = [normalise_header(header) for header in headers]
    exact: dict[str, str] = {}
    for field, synonyms in fields.items():
        for synonym in synonyms:
            exact.setdefault(synonym, field)

    matched: dict[int, str] = {}
    for index, name in enumerate(names):
        field = exact.get(name)
        if name and field and field not in matched.values():
            matched[index] = field
    for index, name in enumerate(names):
        if not name or index in matched:
            continue
        candidates = [
            (len(synonym), field)
            for field, synonyms in fields.items()
            if field not in matched.values()
            for synonym in synonyms
            if name.startswith(synonym + " ")
        ]
        if candidates:
            matched[index] = max(candidates, key=lambda item: item[0])[1]
    unmatched = [index for index, name in enumerate(names) if name and index not in matched]
    return dict(sorted(matched.items())), unmatched


def _non_empty(row: Iterable | None) -> list:
    return [cell for cell in (row or ()) if _cell_text(cell)]


def find_header_row(
    rows: Iterable[Sequence], fields: dict[str, tuple[str, ...]], *, max_scan: int = 20
) -> int | None:
    """Index of the header row: the first of the first max_scan rows with two known headers.

    A title row (one filled cell, such as "Measures that matter") is never the header.
    """
    for index, row in enumerate(itertools.islice(rows, max_scan)):
        cells = list(row or ())
        if len(_non_empty(cells)) < 2:
            continue
        matched, _unmatched = match_headers(cells, fields)
        if len(matched) >= 2:
            return index
    return None


def is_section_row(row: Sequence | None) -> str | None:
    """The text of a row's only filled cell ("Within three months"), else None."""
    cells = _non_empty(row)
    if len(cells) != 1:
        return None
    return _cell_text(cells[0])
