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

Rates and percentages (the DfE's rule: a rate or percentage is suppressed when the count it
is worked out from is 1 to 5): the tracker stores no numerator or base for a rate, and no
measure is linked to the count it is worked out from. The nearest the model comes is the area
and the unit: a rate or percentage measure is taken to be worked out from a count measure of
the same area when it is about what that count counts, i.e. the count's unit ("children",
"foster carers"; "children per social worker" counts children; a count that does not say is
taken to count children, as the rule for counts does) is named in the rate's name or unit
label ("per 10,000 children aged 0-17", "% of children seen..."), singular or plural. In a
month where such a count is shown as c, the rate or percentage is shown as c too
(`worked_from_small_counts`), with its gap, change and reading hidden as for a count; a rate
whose counts are all shown, or with no count in its area about the same people, is shown as
reported (the public pack says so: the tracker cannot see a small count it does not hold).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from measures.rules import Unit

SUPPRESSED = "c"
WORKED_OUT = frozenset({Unit.PERCENT.value, Unit.RATE.value})  # rates and percentages
DEFAULT_COUNTED = "children"  # what a count whose unit does not say counts
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


def counted(unit_label) -> str:
    """What a count measure counts, from its unit label: the words before "per" ("children
    per social worker": "children"), lower case; "children" when the label says nothing."""
    words = re.split(r"\bper\b", str(unit_label or ""), maxsplit=1, flags=re.IGNORECASE)[0]
    return " ".join(words.split()).lower() or DEFAULT_COUNTED


def _forms(noun):
    """The noun and its singular: children/child, people/person, carers/carer."""
    irregular = {"children": "child", "people": "person"}
    last = noun.rsplit(" ", 1)[-1]
    if last in irregular:
        return {noun, noun[: -len(last)] + irregular[last]}
    return {noun, noun[:-1]} if noun.endswith("s") and len(noun) > 1 else {noun}


def about(noun, *words) -> bool:
    """Whether any of `words` (a measure's name, its unit label) names `noun` (a count's
    `counted`), as a whole word or words, singular or plural, in any case."""
    text = " ".join(str(w or "") for w in words).lower()
    return any(re.search(rf"\b{re.escape(form)}\b", text) for form in _forms(noun))


@dataclass(frozen=True)
class AreaMeasure:
    """What the rule for rates reads of one measure of an area."""

    key: object  # the caller's, given back
    unit: str
    name: str
    unit_label: str
    values: dict  # {period key: value or None}
    baseline: object = None


def worked_from_small_counts(measures) -> dict:
    """{key of a rate or percentage measure: (the period keys where it is shown as c, whether
    its baseline is)}, for the measures of one area (AreaMeasure): the months where a count
    of the area about the same people (`counted`, `about`) is 1 to 5, and its baseline when
    such a count's baseline is. Measures with nothing to hide are left out."""
    counts = [
        (
            counted(m.unit_label),
            {p for p, v in m.values.items() if is_small(v, m.unit)},
            is_small(m.baseline, m.unit),
        )
        for m in measures
        if str(m.unit) == Unit.COUNT.value
    ]
    hidden = {}
    for m in measures:
        if str(m.unit) not in WORKED_OUT:
            continue
        linked = [
            (months, base) for noun, months, base in counts if about(noun, m.name, m.unit_label)
        ]
        months = frozenset(p for small, _ in linked for p in small if m.values.get(p) is not None)
        baseline = m.baseline is not None and any(base for _, base in linked)
        if months or baseline:
            hidden[m.key] = (months, baseline)
    return hidden


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


def series(values, unit, *, keep_total=False, also=()) -> Series:
    """The suppression of one series on a page. By default (our pages) a series' mean and
    limits are not shown when any figure is hidden; `keep_total` shows them and hides the
    next smallest figure instead, or, with one figure only, hides the total after all.
    `also`: indexes hidden for another reason (a rate worked out from a small count)."""
    values = list(values)
    hidden = primary(values, unit) | set(also)
    if not hidden:
        return Series(frozenset(), True)
    if not keep_total:
        return Series(frozenset(hidden), False)
    hidden = secondary(values, hidden, total_shown=True)
    return Series(frozenset(hidden), len(hidden) >= 2)
