"""A linked measure's published comparators as the board reads them: the council's published
figure, its statistical neighbours' mean, its region and England, with the year, the rank
and the quartile band in words, and where they come from.

Published figures are shown as published; a figure worked out from them (the neighbours'
mean and median) is rounded to the indicator's published decimal places (one place when the
catalogue gives none). `comparators.comparisons` works the comparison out.
"""

from dataclasses import dataclass

from comparators.comparisons import mean_places

from . import rules
from .models import SHORT_KIND_LABELS


@dataclass(frozen=True)
class Line:
    """One comparator as a scorecard row lists it: "SN mean: 21.5%" (2025)."""

    label: str
    value: str
    year: str
    typed: bool = False


def as_published(unit, value, symbol=""):
    if value is None:
        return f"not published ({symbol})" if symbol else "not published"
    return rules.format_value(value, unit, None)


def worked_out(unit, value, places):
    if value is None:
        return "none published"
    return rules.format_value(value, unit, mean_places(places))


def published_lines(measure, comparison) -> list[Line]:
    """The council's published figure, the neighbours' mean, the region and England."""
    unit, year = measure.unit, comparison.year
    sn_label = f"SN mean ({comparison.sn_count} of {len(comparison.neighbours)})"
    return [
        Line(comparison.la_name, as_published(unit, comparison.value, comparison.symbol), year),
        Line(
            sn_label if comparison.sn_mean is not None else "SN",
            worked_out(unit, comparison.sn_mean, comparison.decimal_places),
            year,
        ),
        Line(comparison.region_name or "Region", as_published(unit, comparison.region_value), year),
        Line("England", as_published(unit, comparison.england_value), year),
    ]


def typed_lines(measure, benchmarks) -> list[Line]:
    """Comparators typed in for the measure (local indicators, or before figures are loaded),
    labelled as typed."""
    return [
        Line(
            SHORT_KIND_LABELS[b.kind],
            measure.format(b.value),
            rules.comparator_year(b.year),
            typed=True,
        )
        for b in benchmarks
    ]


def rank_words(comparison) -> str:
    """ "Ranked 12th of 152 councils (1 = best)"; "" without a rank."""
    if comparison.rank is None:
        return ""
    return f"Ranked {ordinal(comparison.rank)} of {comparison.of} councils (1st is best)"


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
