"""The DfE's small-number rules of the public pack (packs.suppression): pure, table-driven."""

from decimal import Decimal

import pytest

from packs import suppression
from packs.suppression import SUPPRESSED, Series

COUNT, PERCENT, RATE = "count", "percent", "rate"


@pytest.mark.parametrize(
    ("value", "unit", "small"),
    [
        (0, COUNT, False),  # the DfE shows zeros
        (1, COUNT, True),
        (3, COUNT, True),
        (5, COUNT, True),
        (Decimal("5.0000"), COUNT, True),  # as the database holds it
        (6, COUNT, False),
        (None, COUNT, False),
        (3, PERCENT, False),  # other units are never suppressed here
        (3, RATE, False),
        (3, "days", False),
    ],
)
def test_a_count_of_one_to_five_children_is_small(value, unit, small):
    assert suppression.is_small(value, unit) is small


@pytest.mark.parametrize(
    ("values", "unit", "suppressed"),
    [
        ([3, 8, 12, 0, 5], COUNT, {0, 4}),
        ([0, 6, None, 12], COUNT, set()),
        ([1, 2, 3], COUNT, {0, 1, 2}),
        ([3, 8, 12, 0, 5], PERCENT, set()),
        ([], COUNT, set()),
    ],
)
def test_primary_suppresses_small_counts(values, unit, suppressed):
    assert suppression.primary(values, unit) == suppressed


@pytest.mark.parametrize(
    ("values", "suppressed", "total_shown", "hidden"),
    [
        ([3, 8, 12, 7], {0}, True, {0, 3}),  # the next smallest, 7, goes too
        ([3, 8, 12, 0], {0}, True, {0, 3}),  # a 0 is the next smallest
        ([8, 3, 8, 12], {1}, True, {0, 1}),  # equals: the earliest
        ([3, None, 9], {0}, True, {0, 2}),  # a month without a figure is not hidden
        ([3, 8, 12, 7], {0}, False, {0}),  # no total shown: nothing more
        ([3, 4, 12], {0, 1}, True, {0, 1}),  # two hidden already
        ([3], {0}, True, {0}),  # nothing else to hide: the total must go (Series)
        ([8, 12], set(), True, set()),
    ],
)
def test_secondary_hides_the_next_smallest_when_a_total_is_shown(
    values, suppressed, total_shown, hidden
):
    assert suppression.secondary(values, suppressed, total_shown=total_shown) == hidden


@pytest.mark.parametrize(
    ("first", "second", "hidden", "shown"),
    [
        (0, 1, set(), True),
        (0, 1, {0}, False),  # "up 5" from a c gives it back
        (0, 1, {1}, False),
        (0, 1, {2}, True),
    ],
)
def test_a_change_involving_a_suppressed_figure_is_not_shown(first, second, hidden, shown):
    assert suppression.change_shown(first, second, hidden) is shown


@pytest.mark.parametrize(
    ("text", "suppressed", "printed"), [("3", True, SUPPRESSED), ("8", False, "8"), ("", False, "")]
)
def test_shown_prints_c_for_a_suppressed_figure(text, suppressed, printed):
    assert suppression.shown(text, suppressed) == printed


@pytest.mark.parametrize(
    ("values", "unit", "keep_total", "expected"),
    [
        # our pages: no mean or limits once a month is hidden
        ([3, 8, 12, 0, 5], COUNT, False, Series(frozenset({0, 4}), False)),
        ([8, 12, 0, 6], COUNT, False, Series(frozenset(), True)),
        ([3, 8, 12, 0, 5], PERCENT, False, Series(frozenset(), True)),
        # a page that keeps the total hides the next smallest instead
        ([8, 12, 0, 5], COUNT, True, Series(frozenset({2, 3}), True)),
        ([8, 12, 4, 5], COUNT, True, Series(frozenset({2, 3}), True)),
        ([5], COUNT, True, Series(frozenset({0}), False)),
    ],
)
def test_series_says_what_a_page_may_show(values, unit, keep_total, expected):
    assert suppression.series(values, unit, keep_total=keep_total) == expected


def test_series_changes_are_shown_only_between_shown_figures():
    plan = suppression.series([3, 8, 12, 0, 5], COUNT)
    assert plan.changes(5) == [False, True, True, False]


def test_the_note_says_so_on_the_page():
    assert "1 to 5 children are shown as c" in suppression.NOTE
    assert "people's names are left out" in suppression.NOTE
