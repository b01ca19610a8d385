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


# --- rates and percentages worked out from a small count ---------------------------------


@pytest.mark.parametrize(
    ("unit_label", "noun"),
    [
        ("children", "children"),
        ("Children per social worker", "children"),  # an average of children: children
        ("foster carers", "foster carers"),
        ("adoptions per month", "adoptions"),
        ("", "children"),  # a count that does not say counts children, as `primary` takes it
        (None, "children"),
    ],
)
def test_what_a_count_counts_is_its_unit_before_per(unit_label, noun):
    assert suppression.counted(unit_label) == noun


@pytest.mark.parametrize(
    ("noun", "name", "unit_label", "named"),
    [
        ("children", "Rate of looked after children", "per 10,000 children aged 0-17", True),
        ("children", "Looked after rate", "per 10,000 children aged 0-17", True),  # the unit
        ("children", "% of Children with a care plan", "", True),  # any case
        ("children", "% of child protection plans reviewed on time", "", True),  # singular
        ("children", "Staff turnover (rolling year)", "", False),  # about staff, not children
        ("children", "% of childminders inspected", "", False),  # a whole word only
        ("foster carers", "% of foster carers approved in 6 months", "", True),
        ("foster carers", "% of foster carer reviews on time", "", True),
        ("adoptions", "% of adoptions within 14 months", "", True),
        ("referrals", "% of children re-referred", "", False),
    ],
)
def test_a_rate_is_about_a_count_when_it_names_what_the_count_counts(noun, name, unit_label, named):
    assert suppression.about(noun, name, unit_label) is named


def area_measure(key, unit, name, values, unit_label="", baseline=None):
    return suppression.AreaMeasure(
        key=key,
        unit=unit,
        name=name,
        unit_label=unit_label,
        values=dict(enumerate(values)),
        baseline=baseline,
    )


LAC = area_measure("count", COUNT, "Looked after children", [8, 4, 0, 5], "children", 3)
LAC_RATE = area_measure(
    "rate", RATE, "LAC rate", [9.1, 4.5, 0, 5.7], "per 10,000 children aged 0-17", 3.4
)
LAC_PERCENT = area_measure("percent", PERCENT, "% of children with a care plan", [90, 75, None, 80])
STAFF = area_measure("staff", PERCENT, "Staff turnover", [12, 11, 10, 9])
CARERS = area_measure("carers", COUNT, "Foster carers", [3, 20, 20, 20], "foster carers")


@pytest.mark.parametrize(
    ("measures", "hidden"),
    [
        # The months whose count of children is 4 and 5 (not 8, not 0), and the baseline of 3.
        ([LAC, LAC_RATE], {"rate": ({1, 3}, True)}),
        # A month without a figure has nothing to hide; no baseline, none to hide.
        ([LAC, LAC_PERCENT], {"percent": ({1, 3}, False)}),
        # Not about children: shown as reported.
        ([LAC, STAFF], {}),
        # A small count of foster carers hides nothing about children.
        ([CARERS, LAC_RATE], {}),
        # No count in the area: shown as reported.
        ([LAC_RATE, LAC_PERCENT, STAFF], {}),
        # No small count: nothing hidden.
        ([area_measure("big", COUNT, "Children in care", [40, 41, 42, 43]), LAC_RATE], {}),
    ],
)
def test_a_rate_is_c_in_the_months_a_count_of_the_same_people_is(measures, hidden):
    found = suppression.worked_from_small_counts(measures)
    assert {key: (set(months), base) for key, (months, base) in found.items()} == hidden


def test_the_months_a_rate_hides_are_hidden_in_its_series_with_its_mean():
    plan = suppression.series([Decimal("9.1"), Decimal("4.5"), 0], RATE, also={1})
    assert plan == Series(frozenset({1}), False)
    assert plan.changes(3) == [False, False]
