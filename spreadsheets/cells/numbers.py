"""Figures in cells: a plain number, an Excel percentage, or text with words and
comparators ("82 SN 48/ Reg 44 / Nat 41", "14.14 days Local Indicator")."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .dates import MONTH_RE as _MONTH_RE
from .text import cell_text as _cell_text
from .text import collapse as _collapse
from .text import quote as _quote

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
        figure = _figure(match)
        if figure is not None:
            figures.append(figure)
            understood(match)

    leftover_words = " ".join(_CONNECTIVES_RE.sub(" ", leftover).split())
    leftover_words = leftover_words.strip(" .,;:/&+-")
    value_ = None
    if figures:
        value_, figure_unit = figures[0]
        unit = figure_unit or unit
    return NumberCell(
        value_,
        unit=unit,
        sn=comparators.get("sn"),
        regional=comparators.get("regional"),
        national=comparators.get("national"),
        local_indicator=local_indicator,
        text=text,
        warning=_number_warning(
            text,
            figures,
            unit,
            leftover_words,
            local_indicator=local_indicator,
            comparators=bool(comparators),
        ),
    )


def _figure(match: re.Match[str]) -> tuple[Decimal, str] | None:
    """(number, unit) of a figure found in a cell's text; None for "16m" (not money)."""
    number = _decimal_from_text(match["num"])
    if match["mult"]:
        if not match["cur"]:
            return None  # "16m" is not money: leave it to the leftover words
        number = _tidy(number * _MULTIPLIERS[match["mult"].lower()])
    unit_word = (match["unit"] or "").lower()
    if unit_word == "%" or unit_word.startswith("per"):
        return number, PERCENT
    if "day" in unit_word:
        return number, DAYS
    if unit_word in {"point", "points", "pts"}:
        return number, SCORE
    return number, ""


def _number_warning(text, figures, unit, leftover_words, *, local_indicator, comparators) -> str:
    """What was not understood in a figure cell's text ("" when all of it was)."""
    has_words = bool(re.search(r"\w", leftover_words))
    if figures:
        shown = _format_figure(figures[0][0], unit)
        if len(figures) > 1:
            return (
                f"Found more than one figure in {_quote(text)}; used the first ({shown}) and "
                "kept the text."
            )
        if has_words:
            return (
                f"Read {shown} from {_quote(text)}; did not understand "
                f"{_quote(leftover_words)}, kept as text."
            )
        return ""
    if has_words and (local_indicator or comparators):
        return (
            f"No figure in {_quote(text)}; did not understand {_quote(leftover_words)}, "
            "kept as text."
        )
    if comparators:
        return f"No figure in {_quote(text)}, only comparators; kept as text."
    return "" if local_indicator else _not_a_figure(text)
