"""Words beside a figure: whether they change what the figure means, and which of several
labelled figures in one cell ("5% social worker; 9% overall") a measure is about.

Plain functions, no Django. A figure is taken only when nothing typed beside it says it is
something else: a word that hedges it ("7 in progress", "approx 40", "12 (provisional)"),
or a label the measure's own wording does not name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .figure_parts import FIGURE_RE, figure, format_figure
from .text import quote

KEPT = "The cell was kept as text."

# Words that say a number is not the settled figure for the month: it is an estimate, a
# count of work still going on, or provisional. A cell holding one gives no figure.
HEDGE_RE = re.compile(
    r"(?<![a-z])(?:provisional(?:ly)?|approx(?:imate(?:ly)?)?\.?|about|around|roughly|circa|"
    r"c\.(?=\s*\d)|estimated?|estimates?|est\.|draft|unvalidated|not\s+(?:yet\s+)?validated|"
    r"unconfirmed|to\s+be\s+(?:confirmed|validated|agreed)|tb[acd]|forecasts?|projected|"
    r"projections?|expected|anticipated|predicted|in\s+progress|on\s*going|pending|awaiting|"
    r"partial|incomplete|interim|so\s+far|to\s+date|ytd|year\s+to\s+date|not\s+final)"
    r"(?![a-z])|~|\?",
    re.IGNORECASE,
)
# Words that join or frame a figure without saying what it is of.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "for",
        "per",
        "to",
        "with",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "as",
        "this",
        "that",
    ]
)
# Abbreviations councils write in figure cells, read as the words a measure spells out.
_ABBREVIATIONS = {
    "lac": "looked after children",
    "cla": "children looked after",
    "cin": "children in need",
    "cp": "child protection",
    "cpp": "child protection plan",
    "sw": "social worker",
    "sws": "social workers",
    "yrs": "years",
    "yr": "year",
    "fte": "full time equivalent",
    "ehe": "elective home education",
}
_WORD_RE = re.compile(r"[a-z0-9]+(?:['&][a-z0-9]+)*")
_SEPARATOR_RE = re.compile(
    r"\s*(?:[;|/\n]|,(?!\d{3}(?!\d))|\b(?:and|but|while|whereas|vs)\b)\s*", re.IGNORECASE
)


def _stem(word: str) -> str:
    word = word.removesuffix("'s")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_words(text: str) -> frozenset[str]:
    """The words that say what a figure is of: abbreviations spelt out, plurals and
    joining words ("of", "in", "per") left out. "% of LAC" -> {looked, after, children}."""
    words: set[str] = set()
    for word in _WORD_RE.findall(text.casefold()):
        for part in _ABBREVIATIONS.get(word, word).split():
            if part not in _STOPWORDS and not part.isdigit():
                words.add(_stem(part))
    return frozenset(words)


def hedges(text: str) -> list[str]:
    """The words in a cell that say its number is not a settled figure."""
    return [match.group(0) for match in HEDGE_RE.finditer(text)]


@dataclass(frozen=True)
class LabelledFigure:
    """Which of a cell's labelled figures a measure is about.

    ``value`` is None when the measure's wording names none of the labels, or more than
    one, or the figures cannot be told apart. ``labels`` are each figure's label as typed
    ("" for a figure with none) and ``kept`` the figures not taken, as typed.
    """

    value: Decimal | None
    unit: str = ""
    label: str = ""
    labels: tuple[str, ...] = ()
    kept: str = ""

    def warning(self, text: str) -> str:
        """What a person checking the import needs to know about the cell `text`."""
        if self.value is not None:
            return (
                f"Read {format_figure(self.value, self.unit)} from {quote(text)}: the figure "
                f"for {quote(self.label)}, which the measure's wording names; the other "
                f"({quote(self.kept)}) was not used. {KEPT}"
            )
        named = ", ".join(quote(label) for label in self.labels if label)
        if not self.labels or not all(self.labels):
            reason = "its figures cannot be told apart by a label"
        elif self.label:
            reason = f"the measure's wording names more than one of their labels ({named})"
        else:
            reason = f"the measure's wording names none of their labels ({named})"
        return (
            f"No figure was read from {quote(text)}: it holds more than one figure and {reason}, "
            f"so it is not known which one the measure is about. {KEPT}"
        )


def pick_labelled_figure(text: str, wording: str) -> LabelledFigure:
    """The figure, of several labelled ones in `text`, whose label `wording` names.

    >>> pick_labelled_figure("5% social worker; 9% overall", "Staff turnover 5% overall")
    LabelledFigure(value=Decimal('9'), unit='percent', label='overall', \
labels=('social worker', 'overall'), kept='5% social worker')
    """
    parts: list[tuple[Decimal, str, str, str]] = []  # value, unit, label, segment
    before = ""  # words before the first figure label it
    for segment in _SEPARATOR_RE.split(text):
        segment = segment.strip()
        if not parts and before:
            segment, before = f"{before} {segment}", ""
        found = [(m, figure(m)) for m in FIGURE_RE.finditer(segment)]
        found = [(m, f) for m, f in found if f is not None]
        if not found:
            if segment and parts:  # words after a separator still label the figure before
                value, unit, label, typed = parts[-1]
                parts[-1] = (value, unit, f"{label} {segment}".strip(), f"{typed} {segment}")
            elif segment:
                before = segment
            continue
        if len(found) > 1:
            return LabelledFigure(None)
        match, (value, unit) = found[0]
        label = " ".join(f"{segment[: match.start()]} {segment[match.end() :]}".split())
        parts.append((value, unit, label.strip(" -:=,."), segment))
    # A label of joining words only ("15 per") labels nothing.
    labels = tuple(label if content_words(label) else "" for _v, _u, label, _s in parts)
    wording_words = content_words(wording)
    named = [
        part
        for part, label in zip(parts, labels, strict=True)
        if all(labels) and content_words(label) <= wording_words
    ]
    if len(named) != 1:
        label = named[0][2] if named else ""
        return LabelledFigure(None, label=label, labels=labels)
    value, unit, label, segment = named[0]
    kept = "; ".join(part[3] for part in parts if part is not named[0])
    return LabelledFigure(value, unit=unit, label=label, labels=labels, kept=kept)
