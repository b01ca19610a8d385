"""Unit and property tests for measures.rules (plain pytest, no database)."""

from collections import namedtuple
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from improvement.rules import RAG, ActionStatus, Trend
from measures.rules import (
    DEFAULT_TOLERANCE_PCT,
    Direction,
    Frequency,
    Unit,
    awaiting_figure,
    commentary_required,
    decimal_places_of,
    describe_gap,
    figure_is_missing,
    format_value,
    gap_to_target,
    is_due,
    later_target_words,
    measure_rag,
    next_target,
    rag_moved,
    strict_from_words,
    target_in_force,
    target_words,
    trend,
    validate_value,
)

H, L, R, M = Direction.HIGHER, Direction.LOWER, Direction.RANGE, Direction.MONITOR
TODAY = date(2025, 6, 1)

# --- enums -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (RAG.BLUE, "Blue"),
        (RAG.GREEN, "Green"),
        (RAG.AMBER, "Amber"),
        (RAG.RED, "Red"),
        (RAG.NO_DATA, "No data"),
        (RAG.NOT_RATED, "Not rated"),
        (Trend.IMPROVING, "Improving"),
        (Trend.WORSENING, "Worsening"),
        (Trend.NO_CHANGE, "No change"),
        (Trend.UP, "Up"),
        (Trend.DOWN, "Down"),
        (Trend.NO_DATA, "Not enough data"),
        (ActionStatus.NOT_STARTED, "Not started"),
        (ActionStatus.IN_PROGRESS, "In progress"),
        (ActionStatus.AT_RISK, "At risk"),
        (ActionStatus.COMPLETE, "Complete"),
        (Direction.HIGHER, "Higher"),
        (Unit.PERCENT, "Percent"),
    ],
)
def test_labels(member, label):
    assert member.label == label


def test_enums_are_strings_and_have_choices():
    assert RAG("green") is RAG.GREEN
    assert RAG.GREEN == "green"
    assert ("no_data", "No data") in RAG.choices()
    assert len(ActionStatus.choices()) == 4


# --- target_in_force ---------------------------------------------------------

Target = namedtuple("Target", "effective_from value upper")


class TargetObj:
    def __init__(self, effective_from, value, upper=None):
        self.effective_from, self.value, self.upper = effective_from, value, upper


TUPLES = [
    (date(2024, 4, 1), D("80"), None),
    (date(2025, 4, 1), D("85"), None),
    (date(2023, 4, 1), D("75"), None),
]


@pytest.mark.parametrize(
    ("on", "expected_value"),
    [
        (date(2023, 3, 31), None),  # none in force yet
        (date(2023, 4, 1), D("75")),  # exactly on effective_from
        (date(2024, 3, 31), D("75")),
        (date(2024, 4, 1), D("80")),
        (date(2025, 3, 31), D("80")),
        (date(2026, 1, 1), D("85")),
    ],
)
def test_target_in_force_tuples(on, expected_value):
    found = target_in_force(TUPLES, on)
    assert (found[1] if found else None) == expected_value


@pytest.mark.parametrize("make", [TargetObj, Target])
def test_target_in_force_objects(make):
    targets = [make(date(2024, 4, 1), D("10"), D("20")), make(date(2024, 10, 1), D("12"), D("18"))]
    found = target_in_force(targets, date(2024, 12, 1))
    assert (found.value, found.upper) == (D("12"), D("18"))


def test_target_in_force_empty_and_tie():
    assert target_in_force([], TODAY) is None
    first, second = (date(2024, 4, 1), D("1"), None), (date(2024, 4, 1), D("2"), None)
    assert target_in_force([first, second], TODAY) is second


# --- measure_rag -------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "direction", "target", "upper", "tolerance", "expected"),
    [
        # no actual: checked first, never green
        (None, H, "80", None, None, RAG.NO_DATA),
        (None, M, None, None, None, RAG.NO_DATA),
        (None, R, "10", "20", None, RAG.NO_DATA),
        # not rated
        ("50", M, "80", None, None, RAG.NOT_RATED),
        ("50", H, None, None, None, RAG.NOT_RATED),
        ("50", R, None, "20", None, RAG.NOT_RATED),
        # higher is better, target 80, default tolerance 5% = 4
        ("90", H, "80", None, None, RAG.GREEN),
        ("80", H, "80", None, None, RAG.GREEN),  # exactly at target
        ("79.99", H, "80", None, None, RAG.AMBER),  # just short
        ("76", H, "80", None, None, RAG.AMBER),  # exactly at tolerance edge
        ("75.99", H, "80", None, None, RAG.RED),  # just beyond
        ("10", H, "80", None, None, RAG.RED),
        # custom tolerances
        ("79.99", H, "80", None, "0", RAG.RED),
        ("72", H, "80", None, "10", RAG.AMBER),
        ("71.99", H, "80", None, 10, RAG.RED),
        # zero and negative targets: tolerance is % of |target|
        ("0", H, "0", None, None, RAG.GREEN),
        ("-0.01", H, "0", None, None, RAG.RED),
        ("-10.5", H, "-10", None, None, RAG.AMBER),
        ("-10.51", H, "-10", None, None, RAG.RED),
        # lower is better, target 20, tolerance 1
        ("10", L, "20", None, None, RAG.GREEN),
        ("20", L, "20", None, None, RAG.GREEN),
        ("20.01", L, "20", None, None, RAG.AMBER),
        ("21", L, "20", None, None, RAG.AMBER),
        ("21.01", L, "20", None, None, RAG.RED),
        ("30", L, "20", None, None, RAG.RED),
        # range [10, 20]: tolerance 0.5 below, 1 above
        ("15", R, "10", "20", None, RAG.GREEN),
        ("10", R, "10", "20", None, RAG.GREEN),
        ("20", R, "10", "20", None, RAG.GREEN),
        ("9.99", R, "10", "20", None, RAG.AMBER),
        ("9.5", R, "10", "20", None, RAG.AMBER),
        ("9.49", R, "10", "20", None, RAG.RED),
        ("20.01", R, "10", "20", None, RAG.AMBER),
        ("21", R, "10", "20", None, RAG.AMBER),
        ("21.01", R, "10", "20", None, RAG.RED),
        ("21.01", R, "20", "10", None, RAG.RED),  # bounds given the wrong way round
        ("15", R, "20", "10", None, RAG.GREEN),
        # range without upper bound behaves like higher
        ("1000", R, "80", None, None, RAG.GREEN),
        ("76", R, "80", None, None, RAG.AMBER),
        ("75.99", R, "80", None, None, RAG.RED),
        # plain strings, ints and floats accepted
        (80, "higher", 80, None, None, RAG.GREEN),
        (79.5, "lower", "80", None, None, RAG.GREEN),
    ],
)
def test_measure_rag(actual, direction, target, upper, tolerance, expected):
    rag = measure_rag(
        actual, direction=direction, target=target, target_upper=upper, tolerance_pct=tolerance
    )
    assert rag is expected


def test_default_tolerance():
    assert D("5") == DEFAULT_TOLERANCE_PCT


@pytest.mark.parametrize(
    "kwargs",
    [
        {"actual": "1", "direction": "sideways", "target": "1"},
        {"actual": "abc", "direction": H, "target": "1"},
        {"actual": "NaN", "direction": H, "target": "1"},
        {"actual": "Infinity", "direction": H, "target": "1"},
        {"actual": True, "direction": H, "target": "1"},
        {"actual": "1", "direction": H, "target": "1", "tolerance_pct": "-1"},
    ],
)
def test_measure_rag_rejects_bad_input(kwargs):
    actual = kwargs.pop("actual")
    with pytest.raises(ValueError):
        measure_rag(actual, **kwargs)


# --- trend -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "direction", "target", "upper", "expected"),
    [
        (None, "1", H, None, None, Trend.NO_DATA),
        ("1", None, L, None, None, Trend.NO_DATA),
        (None, None, M, None, None, Trend.NO_DATA),
        ("2", "1", H, None, None, Trend.IMPROVING),
        ("1", "2", H, None, None, Trend.WORSENING),
        ("1", "1", H, None, None, Trend.NO_CHANGE),
        ("1", "2", L, None, None, Trend.IMPROVING),
        ("2", "1", L, None, None, Trend.WORSENING),
        ("1.0", "1", L, None, None, Trend.NO_CHANGE),
        ("2", "1", M, None, None, Trend.UP),
        ("1", "2", M, None, None, Trend.DOWN),
        ("1", "1", M, None, None, Trend.NO_CHANGE),
        # range [10, 20]
        ("9", "8", R, "10", "20", Trend.IMPROVING),  # closer from below
        ("19", "25", R, "10", "20", Trend.IMPROVING),  # outside to inside
        ("8", "9", R, "10", "20", Trend.WORSENING),
        ("22", "21", R, "10", "20", Trend.WORSENING),
        ("22", "8", R, "10", "20", Trend.NO_CHANGE),  # same distance, other side
        ("12", "18", R, "10", "20", Trend.NO_CHANGE),  # both inside
        ("20", "10", R, "10", "20", Trend.NO_CHANGE),  # both on a bound
        ("9", "8", R, "20", "10", Trend.IMPROVING),  # bounds swapped
        # range without target: monitor; without upper: higher
        ("2", "1", R, None, None, Trend.UP),
        ("1", "2", R, None, "20", Trend.DOWN),
        ("90", "85", R, "80", None, Trend.IMPROVING),
        ("70", "85", R, "80", None, Trend.WORSENING),
        # target ignored for higher/lower
        ("2", "1", "higher", "100", None, Trend.IMPROVING),
        (2, 1.5, "lower", None, None, Trend.WORSENING),
    ],
)
def test_trend(current, previous, direction, target, upper, expected):
    result = trend(current, previous, direction=direction, target=target, target_upper=upper)
    assert result is expected


# --- area --------------------------------------------------------------------


# --- gaps ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "direction", "target", "upper", "expected"),
    [
        (None, H, "80", None, None),
        ("80", H, None, None, None),
        ("80", M, "80", None, None),
        ("74", H, "80", None, D("-6")),
        ("82.5", L, "80", None, D("2.5")),
        ("80", L, "80", None, D("0")),
        ("15", R, "10", "20", D("0")),
        ("20", R, "10", "20", D("0")),
        ("8", R, "10", "20", D("-2")),
        ("23", R, "10", "20", D("3")),
        ("23", R, "20", "10", D("3")),
        ("85", R, "80", None, D("5")),  # no upper: like higher
        (74, "higher", 80, None, D("-6")),
    ],
)
def test_gap_to_target(actual, direction, target, upper, expected):
    assert gap_to_target(actual, direction=direction, target=target, target_upper=upper) == expected


@pytest.mark.parametrize(
    ("actual", "direction", "target", "upper", "unit", "noun", "expected"),
    [
        ("74", H, "80", None, Unit.PERCENT, "", "6 percentage points below target"),
        ("82.5", H, "80", None, "percent", "", "2.5 percentage points above target"),
        ("81", H, "80", None, Unit.PERCENT, "", "1 percentage point above target"),
        ("80.04", H, "80", None, Unit.PERCENT, "", "0.04 percentage points above target"),
        ("80.05", H, "80", None, Unit.PERCENT, "", "0.05 percentage points above target"),
        ("538", L, "500", None, Unit.COUNT, "children", "38 children above target"),
        ("462", L, "500", None, Unit.COUNT, "", "38 below target"),
        ("17", L, "14", None, Unit.DAYS, "", "3 days above target"),
        ("15", L, "14", None, Unit.DAYS, "", "1 day above target"),
        ("117.4", L, "100.4", None, Unit.RATE, "", "17 per 10,000 above target"),
        ("117.45", L, "100", None, Unit.RATE, "", "17.45 per 10,000 above target"),
        ("0.95", H, "1", None, Unit.RATIO, "", "0.05 below target"),
        ("3.5", H, "4", None, Unit.SCORE, "", "0.5 below target"),
        ("80", H, "80", None, Unit.PERCENT, "", "On target"),
        ("15", R, "10", "20", Unit.PERCENT, "", "Within target range"),
        ("10", R, "10", "20", Unit.PERCENT, "", "Within target range"),
        ("8", R, "10", "20", Unit.PERCENT, "", "2 percentage points below target range"),
        ("22.25", R, "10", "20", Unit.DAYS, "", "2.25 days above target range"),
        ("80", R, "80", None, Unit.SCORE, "", "On target"),
        (None, H, "80", None, Unit.PERCENT, "", ""),
        ("80", M, "80", None, Unit.PERCENT, "", ""),
        ("80", H, None, None, Unit.PERCENT, "", ""),
        # the gap of the exact figures, as many decimals as it has (never rounded)
        ("79.5", H, "65", None, Unit.PERCENT, "", "14.5 percentage points above target"),
        ("79.5", H, "80", None, Unit.PERCENT, "", "0.5 percentage points below target"),
        ("26.25", L, "26", None, Unit.RATE, "", "0.25 per 10,000 above target"),
    ],
)
def test_describe_gap(actual, direction, target, upper, unit, noun, expected):
    text = describe_gap(
        actual,
        direction=direction,
        target=target,
        target_upper=upper,
        unit=unit,
        noun=noun,
    )
    assert text == expected


# --- values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (None, Unit.PERCENT, []),
        ("0", Unit.PERCENT, []),
        ("100", Unit.PERCENT, []),
        ("55.5", "percent", []),
        ("-0.1", Unit.PERCENT, ["A percentage must be between 0 and 100."]),
        ("100.1", Unit.PERCENT, ["A percentage must be between 0 and 100."]),
        ("0", Unit.COUNT, []),
        ("512", Unit.COUNT, []),
        ("512.0", Unit.COUNT, []),
        ("1.5", Unit.COUNT, ["A count must be a whole number."]),
        ("-1", Unit.COUNT, ["A count cannot be negative."]),
        (
            "-1.5",
            Unit.COUNT,
            ["A count must be a whole number.", "A count cannot be negative."],
        ),
        ("101.4", Unit.RATE, []),
        ("-0.1", Unit.RATE, ["A rate cannot be negative."]),
        ("0", Unit.DAYS, []),
        ("-1", Unit.DAYS, ["A number of days cannot be negative."]),
        ("-0.5", Unit.RATIO, ["A ratio cannot be negative."]),
        ("1.5", Unit.RATIO, []),
        ("-3", Unit.SCORE, []),
        (-3, "score", []),
    ],
)
def test_validate_value(value, unit, expected):
    assert validate_value(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "unit", "places", "expected"),
    [
        (None, Unit.PERCENT, 1, "No data"),
        (None, Unit.COUNT, 1, "No data"),
        ("93", Unit.PERCENT, 1, "93%"),
        ("93.00", Unit.PERCENT, 1, "93%"),
        ("8.8", Unit.PERCENT, 1, "8.8%"),
        # a figure as entered: the decimals it has, never padded, never rounded
        ("79.5", Unit.PERCENT, 2, "79.5%"),
        ("80.0000", Unit.PERCENT, 2, "80%"),
        ("26.25", Unit.RATE, 2, "26.25"),
        ("8.8", Unit.PERCENT, 2, "8.8%"),
        ("79.5", Unit.PERCENT, None, "79.5%"),
        ("79.5432", Unit.RATE, None, "79.5432"),
        ("512", Unit.COUNT, 1, "512"),
        ("1E+3", Unit.COUNT, 1, "1000"),
        ("101.4", Unit.RATE, 1, "101.4"),
        ("14.14", Unit.DAYS, 2, "14.14 days"),
        ("1", Unit.DAYS, 1, "1 day"),
        ("0", Unit.DAYS, 1, "0 days"),
        ("0.0000", Unit.RATE, 2, "0"),
        ("-2.5", Unit.SCORE, 1, "-2.5"),
        ("-0.0", Unit.SCORE, 1, "0"),
        (7, "count", 1, "7"),
        (8.8, "percent", 1, "8.8%"),
        # only a worked-out value (a trajectory's month) has more than the measure's places
        ("8.85", Unit.PERCENT, 1, "8.9%"),  # half up
        ("101.44", Unit.RATE, 1, "101.4"),
        ("66.6667", Unit.PERCENT, 0, "67%"),
        ("-0.04", Unit.SCORE, 1, "0"),
    ],
)
def test_format_value(value, unit, places, expected):
    assert format_value(value, unit, decimal_places=places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("79.5", 1), ("79.50", 1), ("80.0000", 0), ("26.25", 2), ("1E+3", 0), ("0", 0), (7, 0)],
)
def test_decimal_places_of_a_figure_ignores_trailing_zeros(value, expected):
    assert decimal_places_of(value) == expected


@pytest.mark.parametrize(
    ("value", "unit", "places", "expected"),
    [
        ("79.5", Unit.PERCENT, 1, []),
        ("79.50", Unit.PERCENT, 1, []),  # trailing zeros are not decimals
        ("80", Unit.PERCENT, 0, []),
        (
            "79.55",
            Unit.PERCENT,
            1,
            ["79.55 has 2 decimal places: this measure is recorded to 1 decimal place."],
        ),
        (
            "79.5",
            Unit.RATE,
            0,
            ["79.5 has 1 decimal place: this measure is recorded to whole numbers."],
        ),
        (
            "26.255",
            Unit.DAYS,
            2,
            ["26.255 has 3 decimal places: this measure is recorded to 2 decimal places."],
        ),
        ("1.5", Unit.COUNT, 0, ["A count must be a whole number."]),  # said once
        ("79.55", Unit.PERCENT, None, []),  # no measure's places given
    ],
)
def test_validate_value_refuses_more_decimals_than_the_measure_records(
    value, unit, places, expected
):
    assert validate_value(value, unit, decimal_places=places) == expected


# --- properties --------------------------------------------------------------

PROPERTY = settings(max_examples=300, database=None, deadline=None)
numbers = st.decimals(
    min_value=-1_000_000, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False
)
optional_numbers = st.none() | numbers
tolerances = st.none() | st.decimals(
    min_value=0, max_value=50, places=1, allow_nan=False, allow_infinity=False
)
fractions = st.decimals(min_value=0, max_value=1, places=2, allow_nan=False, allow_infinity=False)
rated = st.sampled_from([H, L])


@PROPERTY
@given(st.sampled_from(list(Direction)), optional_numbers, optional_numbers, tolerances)
def test_no_data_is_never_green(direction, target, upper, tolerance):
    rag = measure_rag(
        None, direction=direction, target=target, target_upper=upper, tolerance_pct=tolerance
    )
    assert rag is RAG.NO_DATA


@PROPERTY
@given(rated, numbers, numbers, fractions, tolerances)
def test_moving_towards_target_never_worse(direction, actual, target, fraction, tolerance):
    closer = actual + fraction * (target - actual)
    before = measure_rag(actual, direction=direction, target=target, tolerance_pct=tolerance)
    after = measure_rag(closer, direction=direction, target=target, tolerance_pct=tolerance)
    assert after.severity <= before.severity


@PROPERTY
@given(numbers, numbers, numbers, fractions, tolerances)
def test_moving_towards_range_never_worse(actual, low, high, fraction, tolerance):
    low, high = min(low, high), max(low, high)
    nearest = min(max(actual, low), high)
    closer = actual + fraction * (nearest - actual)
    kwargs = {"direction": R, "target": low, "target_upper": high, "tolerance_pct": tolerance}
    assert measure_rag(closer, **kwargs).severity <= measure_rag(actual, **kwargs).severity


@PROPERTY
@given(numbers, numbers, tolerances)
def test_higher_and_lower_are_mirror_images(actual, target, tolerance):
    higher = measure_rag(actual, direction=H, target=target, tolerance_pct=tolerance)
    lower = measure_rag(-actual, direction=L, target=-target, tolerance_pct=tolerance)
    assert higher is lower


@PROPERTY
@given(numbers, numbers, numbers, tolerances)
def test_range_is_its_own_mirror_image(actual, low, high, tolerance):
    rag = measure_rag(actual, direction=R, target=low, target_upper=high, tolerance_pct=tolerance)
    mirrored = measure_rag(
        -actual, direction=R, target=-high, target_upper=-low, tolerance_pct=tolerance
    )
    assert rag is mirrored


@PROPERTY
@given(optional_numbers, optional_numbers)
def test_trend_mirror_images(current, previous):
    def negate(value):
        return None if value is None else -value

    higher = trend(current, previous, direction=H)
    assert trend(negate(current), negate(previous), direction=L) is higher


@PROPERTY
@given(numbers, numbers)
def test_trend_higher_and_lower_judge_oppositely(current, previous):
    higher = trend(current, previous, direction=H)
    lower = trend(current, previous, direction=L)
    if current == previous:
        assert higher is lower is Trend.NO_CHANGE
    else:
        assert {higher, lower} == {Trend.IMPROVING, Trend.WORSENING}


@PROPERTY
@given(numbers, numbers, numbers, numbers)
def test_range_trend_follows_distance(current, previous, low, high):
    result = trend(current, previous, direction=R, target=low, target_upper=high)
    low, high = min(low, high), max(low, high)
    now = abs(gap_to_target(current, direction=R, target=low, target_upper=high))
    before = abs(gap_to_target(previous, direction=R, target=low, target_upper=high))
    expected = (
        Trend.IMPROVING if now < before else Trend.WORSENING if now > before else Trend.NO_CHANGE
    )
    assert result is expected


@PROPERTY
@given(rated, numbers, numbers, tolerances)
def test_green_exactly_when_gap_is_on_the_good_side(direction, actual, target, tolerance):
    rag = measure_rag(actual, direction=direction, target=target, tolerance_pct=tolerance)
    gap = gap_to_target(actual, direction=direction, target=target)
    good_side = gap >= 0 if direction is H else gap <= 0
    assert (rag is RAG.GREEN) == good_side
    assert rag in {RAG.GREEN, RAG.AMBER, RAG.RED}


@PROPERTY
@given(numbers, st.sampled_from(list(Unit)))
def test_format_value_round_trips_two_places(value, unit):
    text = format_value(value, unit, decimal_places=2)
    number = text.removesuffix("%").removesuffix(" days").removesuffix(" day")
    assert D(number) == value


# --- what a monthly return must hold -----------------------------------------


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        (Frequency.MONTHLY, True),
        ("monthly", True),
        (Frequency.QUARTERLY, False),
        ("annual", False),
    ],
)
def test_only_monthly_measures_are_due_every_month(frequency, expected):
    assert is_due(frequency) is expected


@pytest.mark.parametrize(
    ("value", "reason", "expected"),
    [
        (None, "", True),
        (None, "   ", True),  # spaces are not a reason
        (None, None, True),
        (None, "Data system outage", False),
        (D("0"), "", False),  # nought is a figure
        (D("12.5"), "", False),
    ],
)
def test_a_figure_is_missing_without_a_value_or_a_reason(value, reason, expected):
    assert figure_is_missing(value, reason) is expected


@pytest.mark.parametrize(
    ("rag", "expected"),
    [
        (RAG.RED, True),
        ("red", True),
        (RAG.AMBER, False),
        (RAG.GREEN, False),
        (RAG.NO_DATA, False),
        (RAG.NOT_RATED, False),
    ],
)
def test_only_a_red_figure_needs_commentary(rag, expected):
    assert commentary_required(rag) is expected


@pytest.mark.parametrize(
    ("actual", "target", "unit", "noun", "expected"),
    [
        ("2", "3", Unit.COUNT, "adoptions per month", "1 adoption per month below target"),
        ("1", "3", Unit.COUNT, "adoptions per month", "2 adoptions per month below target"),
        ("166", "165", Unit.COUNT, "foster carers", "1 foster carer above target"),
        ("21", "20", Unit.COUNT, "children per social worker",
         "1 child per social worker above target"),
        ("0.35", "0.3", Unit.RATE, "per 1,000 young people aged 10-17",
         "0.05 per 1,000 young people aged 10-17 above target"),
    ],
)  # fmt: skip
def test_describe_gap_words_a_count_of_one_and_says_what_a_rate_is_per(
    actual, target, unit, noun, expected
):
    text = describe_gap(actual, direction=L, target=target, unit=unit, noun=noun)
    assert text == expected


# --- strict targets ("above 95%" against "95% or more") ------------------------


@pytest.mark.parametrize(
    ("actual", "direction", "target", "upper", "strict", "expected"),
    [
        (95, H, 95, None, False, RAG.GREEN),  # "95% or more": 95 meets it
        (95, H, 95, None, True, RAG.AMBER),  # "above 95%": 95 does not
        (D("95.1"), H, 95, None, True, RAG.GREEN),
        (80, H, 95, None, True, RAG.RED),
        (20, L, 20, None, False, RAG.GREEN),  # "20 or fewer"
        (20, L, 20, None, True, RAG.AMBER),  # "below 20"
        (19, L, 20, None, True, RAG.GREEN),
        (10, R, 10, 20, True, RAG.AMBER),  # a strict range excludes its bounds
        (20, R, 10, 20, True, RAG.AMBER),
        (15, R, 10, 20, True, RAG.GREEN),
        (10, R, 10, 20, False, RAG.GREEN),
        (0, H, 0, None, True, RAG.RED),  # "above 0": no tolerance around nought
        (95, M, 95, None, True, RAG.NOT_RATED),
        (None, H, 95, None, True, RAG.NO_DATA),
    ],
)
def test_a_strict_target_is_met_only_by_a_better_figure(
    actual, direction, target, upper, strict, expected
):
    rag = measure_rag(actual, direction=direction, target=target, target_upper=upper, strict=strict)
    assert rag is expected


def test_a_strict_target_with_no_tolerance_is_red_when_equal():
    assert measure_rag(95, direction=H, target=95, strict=True, tolerance_pct=0) is RAG.RED


@pytest.mark.parametrize(
    ("actual", "direction", "target", "upper", "strict", "expected"),
    [
        (95, H, 95, None, False, "On target"),
        (95, H, 95, None, True, "At target; needs to be above it"),
        (20, L, 20, None, True, "At target; needs to be below it"),
        (10, R, 10, 20, True, "At the edge of the target range; needs to be inside it"),
        (15, R, 10, 20, True, "Within target range"),
        (10, R, 10, 20, False, "Within target range"),
    ],
)
def test_describe_gap_says_when_an_equal_figure_misses_a_strict_target(
    actual, direction, target, upper, strict, expected
):
    words = describe_gap(
        actual,
        direction=direction,
        target=target,
        target_upper=upper,
        unit=Unit.PERCENT,
        strict=strict,
    )
    assert words == expected


@pytest.mark.parametrize(
    ("value", "direction", "unit", "upper", "strict", "places", "expected"),
    [
        (95, H, Unit.PERCENT, None, True, 1, "above 95%"),
        (95, H, Unit.PERCENT, None, False, 1, "95% or more"),
        (D("14.5"), H, Unit.PERCENT, None, False, 1, "14.5% or more"),
        (20, L, Unit.COUNT, None, True, 0, "below 20"),
        (20, L, Unit.COUNT, None, False, 0, "20 or fewer"),
        (20, L, Unit.DAYS, None, False, 0, "20 days or fewer"),
        (D("6.5"), L, Unit.RATE, None, False, 1, "6.5 or less"),
        (10, R, Unit.PERCENT, 20, False, 1, "10% to 20%"),
        (20, R, Unit.PERCENT, 10, True, 1, "above 10% and below 20%"),  # bounds swapped
        (10, R, Unit.PERCENT, None, False, 1, "10% or more"),  # a range without a top
        (200, M, Unit.COUNT, None, False, 0, "200"),
        (None, H, Unit.PERCENT, None, False, 1, "No target"),
        ("200", H, "count", None, "", 0, "200 or more"),
    ],
)
def test_target_words(value, direction, unit, upper, strict, places, expected):
    words = target_words(
        value,
        direction=direction,
        unit=unit,
        upper=upper,
        strict=strict,
        decimal_places=places,
    )
    assert words == expected


def test_later_target_words():
    assert (
        later_target_words("200 or more", date(2023, 4, 1))
        == "Target of 200 or more from April 2023"
    )


# --- later targets and trajectories --------------------------------------------------

TRAJECTORY = [
    Target(date(2020, 4, 1), D("150"), None),
    Target(date(2021, 4, 1), D("175"), None),
    Target(date(2023, 4, 1), D("200"), None),
]


@pytest.mark.parametrize(
    ("targets", "on", "in_force", "next_value"),
    [
        ([TRAJECTORY[2]], date(2020, 8, 1), None, D("200")),  # "200 by 2023" before its date
        ([TRAJECTORY[2]], date(2023, 4, 1), D("200"), None),
        (TRAJECTORY, date(2020, 3, 1), None, D("150")),
        (TRAJECTORY, date(2020, 8, 1), D("150"), D("175")),  # the trajectory's step applies
        (TRAJECTORY, date(2022, 1, 1), D("175"), D("200")),
        (TRAJECTORY[::-1], date(2022, 1, 1), D("175"), D("200")),  # any order
        ([], date(2022, 1, 1), None, None),
    ],
)
def test_a_later_target_is_not_this_months_target(targets, on, in_force, next_value):
    current, upcoming = target_in_force(targets, on), next_target(targets, on)
    assert (current.value if current else None) == in_force
    assert (upcoming.value if upcoming else None) == next_value


def test_a_later_target_leaves_the_month_not_rated():
    target = target_in_force([TRAJECTORY[2]], date(2020, 8, 1))
    rag = measure_rag(210, direction=H, target=target.value if target else None)
    assert rag is RAG.NOT_RATED


# --- what counts as a change, and what is awaited ------------------------------------


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        (RAG.GREEN, RAG.RED, True),
        ("amber", "green", True),
        (RAG.GREEN, RAG.GREEN, False),
        (RAG.GREEN, RAG.NO_DATA, False),  # a figure awaited is not a change
        (RAG.NO_DATA, RAG.RED, False),
        (RAG.NOT_RATED, RAG.GREEN, False),
        (RAG.AMBER, RAG.NOT_RATED, False),
        ("", RAG.RED, False),
        (None, None, False),
    ],
)
def test_a_rag_moves_only_between_two_ratings(before, now, expected):
    assert rag_moved(before, now) is expected


@pytest.mark.parametrize(
    ("value", "reason", "frequency", "expected"),
    [
        (None, "", Frequency.MONTHLY, True),
        (None, "  ", "monthly", True),
        (None, "Data system outage", Frequency.MONTHLY, False),  # explained, not awaited
        (D("0"), "", Frequency.MONTHLY, False),
        (None, "", Frequency.QUARTERLY, False),  # entered when available
        (None, "", Frequency.ANNUAL, False),
    ],
)
def test_a_figure_is_awaited_when_a_monthly_measure_has_none_and_no_reason(
    value, reason, frequency, expected
):
    assert awaiting_figure(value, reason, frequency) is expected


@pytest.mark.parametrize(
    ("current", "previous"),
    [(None, 80), (80, None), (None, None)],
)
@pytest.mark.parametrize("direction", [H, L, M])
def test_no_trend_without_both_figures(current, previous, direction):
    result = trend(current, previous, direction=direction, target=90)
    assert result is Trend.NO_DATA
    assert result.label == "Not enough data"


@PROPERTY
@given(st.sampled_from([H, L, R]), numbers, numbers, optional_numbers, tolerances)
def test_a_strict_target_differs_only_at_its_bounds(direction, actual, target, upper, tolerance):
    judged = {
        "direction": direction,
        "target": target,
        "target_upper": upper,
        "tolerance_pct": tolerance,
    }
    strict, lenient = measure_rag(actual, strict=True, **judged), measure_rag(actual, **judged)
    assert strict.severity >= lenient.severity  # never greener than "or more"
    if actual not in (target, upper):
        assert strict is lenient


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("above 95%", True),
        ("Above 95% of children", True),
        ("more than 90", True),
        ("> 90%", True),
        ("below 20", True),
        ("Less than 25 (PACT)", True),
        ("under 10%", True),
        ("95% or more", False),
        ("95% or above", False),
        ("at least 90%", False),
        ("20 or fewer", False),
        ("no more than 20 cases", False),
        ("≥ 85%", False),
        ("<= 14 days", False),
        ("95%", None),
        ("200 by 2023", None),
        ("", None),
        (None, None),
    ],
)
def test_strict_from_words(text, expected):
    assert strict_from_words(text) is expected
