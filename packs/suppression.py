"""Small numbers in the public version of a pack, by the DfE's convention: the rules, as pure
functions over plain values (packs.public applies them to a pack's data).

- Primary: a count of children (a measure whose unit is `Unit.COUNT`) of 1 to 5 is shown as
  "c". A 0 is shown, as the DfE shows zeros; other units are never suppressed here.
- Secondary: on one page, the figures that would let a suppressed one be worked out are
  hidden too. A total or mean of a series gives back its one hidden figure, so when one
  would be shown the next smallest figure is hidden as well (at least two hidden, or none);
  our pages choose instead not to show a series' mean and limits when any of its figures is
  hidden (`Series.total_shown`). A difference between two figures ("up 2", "3 above
  target") gives back a hidden one: a change is shown only when neither figure is hidden.

Rates and percentages: the tracker stores no numerators, and no measure is linked to the
count it is worked out from, so a percentage or rate cannot be traced to a suppressed count
here; it is shown as reported (a limitation: a link from a rate to its count would let
`primary` be applied to the count and the rate hidden with it).
"""

from dataclasses import dataclass
from decimal import Decimal

from measures.rules import Unit

SUPPRESSED = "c"
SMALLEST, LARGEST = 1, 5  # counts of children shown as "c", inclusive

NOTE = (
    "Figures of 1 to 5 children are shown as c (suppressed to protect confidentiality), as are "
    "figures that would let one be worked out; people's names are left out; commentary marked "
    "internal is left out."
)


def is_small(value, unit) -> bool:
    """Whether one figure is a count of children from 1 to 5 (None, 0 and other units: no)."""
    if value is None or str(unit) != Unit.COUNT.value:
        return False
    return SMALLEST <= Decimal(str(value)) <= LARGEST


def primary(values, unit) -> set[int]:
    """The indexes of the figures suppressed for themselves: counts of 1 to 5."""
    return {i for i, value in enumerate(values) if is_small(value, unit)}


def secondary(values, suppressed, *, total_shown=True) -> set[int]:
    """Every index to hide, `suppressed` included: when a total (or mean) of the values is
    shown and exactly one figure is hidden, the next smallest figure too (the earliest of
    equals), so the total cannot give the hidden one back. With no other figure to hide
    the total itself must go: see `Series.total_shown`."""
    hidden = set(suppressed)
    if not total_shown or len(hidden) != 1:
        return hidden
    others = [
        (Decimal(str(value)), i)
        for i, value in enumerate(values)
        if value is not None and i not in hidden
    ]
    if others:
        hidden.add(min(others)[1])
    return hidden


def change_shown(first, second, hidden) -> bool:
    """Whether a change between the figures at two indexes (a difference, a direction, a gap)
    may be shown: not when either is hidden."""
    return first not in hidden and second not in hidden


def shown(text, suppressed):
    """What the page prints of a figure: "c" when it is suppressed, else its text."""
    return SUPPRESSED if suppressed else text


@dataclass(frozen=True)
class Series:
    """What a page may show of a series of figures (one measure's months)."""

    hidden: frozenset  # indexes of the figures shown as "c"
    total_shown: bool  # whether a total, mean or limits of the series may be shown

    def changes(self, count):
        """For each figure after the first, whether its change from the one before may be
        shown."""
        return [change_shown(i - 1, i, self.hidden) for i in range(1, count)]


def series(values, unit, *, keep_total=False) -> Series:
    """The suppression of one series on a page. By default (our pages) a series' mean and
    limits are not shown when any figure is hidden; `keep_total` shows them and hides the
    next smallest figure instead, or, with one figure only, hides the total after all."""
    values = list(values)
    hidden = primary(values, unit)
    if not hidden:
        return Series(frozenset(), True)
    if not keep_total:
        return Series(frozenset(hidden), False)
    hidden = secondary(values, hidden, total_shown=True)
    return Series(frozenset(hidden), len(hidden) >= 2)
