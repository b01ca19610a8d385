"""Figures in cells: a plain number, an Excel percentage, or text with words and
comparators ("82 SN 48/ Reg 44 / Nat 41", "14.14 days Local Indicator").

The one reading of a figure cell for every import. A figure is read only when everything
typed beside it is understood: its unit, comparators, "Local Indicator", a bracketed note
that does not hedge it, or words the measure's own wording already uses. Words that change
what the number means ("7 in progress", "approx 40", "12 (provisional)", "200 by 2023")
give no figure: the cell is kept as text and a warning says so. Of several labelled
figures ("5% social worker; 9% overall") the one the measure's wording names is taken.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .dates import MONTH_RE as _MONTH_RE
from .figure_parts import (
    DAYS,
    FIGURE_RE,
    NUMBER,
    PERCENT,
    RATE,
    SCORE,
    decimal_from_number,
    decimal_from_text,
    figure,
    tidy,
)
from .labels import KEPT, content_words, hedges, pick_labelled_figure
from .text import cell_text as _cell_text
from .text import collapse as _collapse
from .text import quote as _quote

__all__ = ["DAYS", "PERCENT", "RATE", "SCORE", "NumberCell", "parse_number_cell"]

_NOT_APPLICABLE = {"n/a", "na", "n.a.", "n.a", "n/k", "not applicable", "-", "--", "n / a"}

_LOCAL_INDICATOR_RE = re.compile(r"\blocal\s+indicators?\b", re.IGNORECASE)
_BRACKETS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_RATE_RE = re.compile(
    r"\bper\s+(?:100,000|100000|10,000|10000|1,000|1000|100|10k|1k)(?!\d)", re.IGNORECASE
)
# "2 per month": how often, not what of; the figure's unit stays as the measure has it.
_PER_PERIOD_RE = re.compile(r"\bper\s+(?:month|week|year|annum|quarter|day)\b", re.IGNORECASE)
_COMPARATOR_LABEL = (
    r"(?<![a-z])(?P<label>statistical\s+neighbours?|stat\.?\s+neighbours?|s\.?n\.?|"
    r"regional|region|reg|national|nat|england|eng)(?![a-z])\.?"
)
_COMPARATOR_RE = re.compile(
    rf"{_COMPARATOR_LABEL}\s*(?:[-:=]\s*)?(?:<=|>=|[<>≤≥~])?\s*(?P<num>{NUMBER})\s*%?",
    re.IGNORECASE,
)
# A comparator named with no figure ("76% SN": the target is the neighbours' level).
_BARE_COMPARATOR_RE = re.compile(rf"{_COMPARATOR_LABEL}(?!\s*[-:=]?\s*\d)", re.IGNORECASE)
# By first letter of the label: SN / statistical neighbours, Reg(ional), Nat(ional) / England.
_COMPARATOR_FIELDS = {"s": "sn", "r": "regional", "n": "national", "e": "national"}
# Dates and years inside a figure cell ("From Sept 2020", "200 by 2023") are words,
# not figures: the number is for another time, so it is not taken.
_DATE_WORDS_RE = re.compile(
    rf"(?<![a-z])(?:{_MONTH_RE})(?![a-z])\.?\s*[-/']?\s*(?:\d{{4}}|\d{{2}})(?!\d)"
    r"|\b(?:by|in|from|until|till|to|before|since|after|during)\s+(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
# A cell that is the figure alone, as text ("93%", "1,234", "<0.3"): nothing to keep.
_PLAIN_FIGURE_RE = re.compile(r"^[<>≤≥=]?\s*£?\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d*)\.?\d+\s*%?$")
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

    @property
    def plain(self) -> bool:
        """Whether the cell is the figure alone, so its text need not be kept beside it."""
        return not self.text or bool(_PLAIN_FIGURE_RE.match(self.text))

    def warning_kept(self, place: str) -> str:
        """The warning, saying where the cell's text was kept ("as the baseline wording")."""
        return self.warning.replace(KEPT, f"The cell's text was kept {place}.")


def parse_number_cell(value, *, number_format: str = "", wording: str = "") -> NumberCell:
    """Read a figure cell: a plain number, an Excel percentage, or text with words.

    `wording` is the measure's own wording (its name): words in the cell that it also
    uses do not stop a figure being read, and it names the figure to take of several.

    >>> parse_number_cell("82 SN 48/ Reg 44 / Nat 41")
    NumberCell(value=Decimal('82'), unit='', sn=Decimal('48'), regional=Decimal('44'), \
national=Decimal('41'), local_indicator=False, text='82 SN 48/ Reg 44 / Nat 41', warning='')
    """
    try:
        return _parse_number_cell(value, number_format, wording)
    except Exception:  # a cell must never stop an import
        text = _cell_text(value)
        return NumberCell(None, text=text, warning=_not_a_figure(text))


def _not_a_figure(text: str) -> str:
    return f"Could not read {_quote(text)} as a figure. {KEPT}"


def _parse_number_cell(value, number_format: str, wording: str) -> NumberCell:
    if value is None:
        return NumberCell(None)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            text = _cell_text(value)
            return NumberCell(None, text=text, warning=_not_a_figure(text))
        number = decimal_from_number(value)
        if "%" in (number_format or ""):
            return NumberCell(tidy(number * 100), unit=PERCENT)
        return NumberCell(number)
    text = _cell_text(value)
    if not text:
        return NumberCell(None)
    if not isinstance(value, str):
        return NumberCell(None, text=text, warning=_not_a_figure(text))
    return _parse_number_text(text, wording)


def _blank_out(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


@dataclass
class _Reading:
    """A figure cell's text as it is read: `search` is where figures are looked for,
    `leftover` collects the words not understood (blanked in step, so positions stay
    aligned) and `labels` is the text around the figures, for telling them apart."""

    work: str
    search: str = ""
    leftover: str = ""
    labels: str = ""
    unit: str = ""
    local_indicator: bool = False
    dated: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.search = self.leftover = self.work

    def understood(self, match: re.Match[str]) -> None:
        self.search = _blank_out(self.search, match.start(), match.end())
        self.leftover = _blank_out(self.leftover, match.start(), match.end())


def _parse_number_text(text: str, wording: str) -> NumberCell:
    work = _collapse(text)
    if work.lower() in _NOT_APPLICABLE:
        return NumberCell(None, text=text)
    reading = _Reading(work)
    hedged = hedges(work)
    for match in _LOCAL_INDICATOR_RE.finditer(work):
        reading.local_indicator = True
        reading.understood(match)
    # A bracketed note is kept in `text` only: it says what was counted ("(5 custodial
    # sentences)"); one that hedges the figure ("(provisional)") is in `hedged`.
    while match := _BRACKETS_RE.search(reading.search):
        reading.understood(match)
    for match in _RATE_RE.finditer(reading.search):
        reading.unit = RATE
        reading.understood(match)
    for match in _PER_PERIOD_RE.finditer(reading.search):
        reading.understood(match)
    comparators: dict[str, Decimal] = {}
    for match in _COMPARATOR_RE.finditer(reading.search):
        kind = _COMPARATOR_FIELDS[match["label"][0].lower()]
        if kind not in comparators:
            comparators[kind] = decimal_from_text(match["num"])
            reading.understood(match)
    for match in _BARE_COMPARATOR_RE.finditer(reading.search):
        reading.understood(match)
    for match in _DATE_WORDS_RE.finditer(reading.search):
        reading.dated.append(match.group(0))
        reading.search = _blank_out(reading.search, match.start(), match.end())
    reading.labels = reading.search

    figures: list[tuple[Decimal, str]] = []
    for match in FIGURE_RE.finditer(reading.search):
        found = figure(match)
        if found is not None:
            figures.append(found)
            reading.understood(match)

    leftover_words = " ".join(_CONNECTIVES_RE.sub(" ", reading.leftover).split())
    leftover_words = leftover_words.strip(" .,;:/&+-")
    if figures:
        value_, unit, warning = _judge(text, wording, reading, figures, hedged, leftover_words)
    else:
        value_, unit = None, reading.unit
        warning = _no_figure_warning(
            text, leftover_words, reading.local_indicator, bool(comparators)
        )
    return NumberCell(
        value_,
        unit=unit,
        sn=comparators.get("sn"),
        regional=comparators.get("regional"),
        national=comparators.get("national"),
        local_indicator=reading.local_indicator,
        text=text,
        warning=warning,
    )


def _judge(text, wording, reading, figures, hedged, leftover_words):
    """(value, unit, warning) from the figures found and the words beside them."""
    units = {figure_unit for _number, figure_unit in figures}
    unit = (units.pop() if len(units) == 1 else "") or reading.unit
    if hedged:
        said = ", ".join(_quote(word) for word in hedged)
        return (
            None,
            unit,
            f"No figure was read from {_quote(text)}: the words beside the number ({said}) "
            f"say it is not a settled figure. {KEPT}",
        )
    if reading.dated:
        return (
            None,
            unit,
            f"No figure was read from {_quote(text)}: it names a date "
            f"({', '.join(_quote(d) for d in reading.dated)}), so the number is not a "
            f"figure for now. {KEPT}",
        )
    if len(figures) > 1:
        picked = pick_labelled_figure(reading.labels, wording)
        return picked.value, picked.unit or unit, picked.warning(text)
    number, figure_unit = figures[0]
    unit = figure_unit or reading.unit
    unexplained = content_words(leftover_words) - content_words(wording)
    if unexplained:
        return (
            None,
            unit,
            f"No figure was read from {_quote(text)}: it has words beside the number "
            f"({_quote(leftover_words)}) that may change what it means. {KEPT}",
        )
    return number, unit, ""


def _no_figure_warning(text, leftover_words, local_indicator, comparators) -> str:
    """What was not understood in a figure cell's text holding no figure."""
    has_words = bool(re.search(r"\w", leftover_words))
    if has_words and (local_indicator or comparators):
        return f"No figure in {_quote(text)}; did not understand {_quote(leftover_words)}. {KEPT}"
    if comparators:
        return f"No figure in {_quote(text)}, only comparators. {KEPT}"
    return "" if local_indicator else _not_a_figure(text)
