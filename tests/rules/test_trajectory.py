"""Target trajectories (measures.trajectory): the straight line a month is judged against."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from measures import trajectory
from measures.rules import RAG, measure_rag


@dataclass
class T:
    effective_from: date
    value: Decimal
    upper: Decimal | None = None
    strict: bool = False
    trajectory: bool = False


def d(text):
    return Decimal(text)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2020, 1, 1), date(2020, 3, 1), 2),
        (date(2019, 11, 1), date(2020, 2, 1), 3),
        (date(2020, 5, 1), date(2020, 5, 20), 0),
    ],
)
def test_months_between_counts_calendar_months(start, end, months):
    assert trajectory.months_between(start, end) == months


@pytest.mark.parametrize(
    ("month", "places", "expected"),
    [
        (date(2020, 4, 1), 1, "60.0"),  # the start: the baseline
        (date(2020, 5, 1), 1, "61.7"),  # 60 + 20 x 1/12 = 61.666... rounded half up
        (date(2020, 10, 1), 1, "70.0"),  # half way
        (date(2021, 3, 1), 1, "78.3"),
        (date(2020, 5, 1), 0, "62"),
        (date(2020, 5, 1), 2, "61.67"),
    ],
)
def test_straight_line_is_rounded_to_the_measures_places(month, places, expected):
    value = trajectory.straight_line(60, date(2020, 4, 1), 80, date(2021, 4, 1), month, places)
    assert str(value) == expected


def test_before_a_trajectory_target_a_month_is_judged_against_the_line_from_the_baseline():
    targets = [T(date(2021, 4, 1), d("80"), trajectory=True)]
    point = trajectory.target_on(
        targets,
        date(2020, 10, 1),
        baseline=d("60"),
        baseline_date=date(2020, 4, 1),
        decimal_places=1,
    )
    assert trajectory.is_trajectory(point)
    assert point.value == d("70.0")
    assert point.toward is targets[0]
    assert point.start == date(2020, 4, 1)
    assert point.upper is None
    # 68 is short of the trajectory's 70 by less than 5% of it: Amber, though far from 80.
    assert measure_rag(68, direction="higher", target=point.value) is RAG.AMBER


def test_from_its_date_the_trajectory_target_is_a_plain_target():
    targets = [T(date(2021, 4, 1), d("80"), trajectory=True)]
    found = trajectory.target_on(
        targets, date(2021, 5, 1), baseline=d("60"), baseline_date=date(2020, 4, 1)
    )
    assert found is targets[0]
    assert not trajectory.is_trajectory(found)


def test_a_line_starts_at_the_target_in_force_before_it():
    targets = [
        T(date(2020, 1, 1), d("50")),
        T(date(2020, 11, 1), d("70"), trajectory=True),
    ]
    point = trajectory.target_on(targets, date(2020, 6, 1), decimal_places=0)
    assert point.value == d("60")
    assert point.start == date(2020, 1, 1)
    assert point.start_value == d("50")


@pytest.mark.parametrize(
    ("targets", "baseline", "baseline_date", "month"),
    [
        # an interim target typed as a step is not a line
        ([T(date(2020, 1, 1), d("50")), T(date(2020, 11, 1), d("70"))], None, None, 6),
        # no earlier target and no dated baseline: nowhere to start the line
        ([T(date(2020, 11, 1), d("70"), trajectory=True)], d("50"), None, 6),
        ([T(date(2020, 11, 1), d("70"), trajectory=True)], None, date(2020, 1, 1), 6),
        # the baseline is dated after the month
        ([T(date(2020, 11, 1), d("70"), trajectory=True)], d("50"), date(2020, 8, 1), 6),
        # a range is a step, never a line
        (
            [T(date(2020, 11, 1), d("70"), upper=d("80"), trajectory=True)],
            d("50"),
            date(2020, 1, 1),
            6,
        ),
    ],
)
def test_no_line_without_a_trajectory_and_a_start(targets, baseline, baseline_date, month):
    found = trajectory.target_on(
        targets, date(2020, month, 1), baseline=baseline, baseline_date=baseline_date
    )
    assert not trajectory.is_trajectory(found)
    assert found is trajectory.target_on(targets, date(2020, month, 1))


@pytest.mark.parametrize(
    ("direction", "actual", "strict", "expected"),
    [
        ("higher", "70", False, "On trajectory"),
        ("higher", "70", True, "At trajectory; needs to be better"),
        ("higher", "67.5", False, "Behind trajectory by 2.5 percentage points"),
        ("higher", "74", False, "Ahead of trajectory by 4 percentage points"),
        ("lower", "67.5", False, "Ahead of trajectory by 2.5 percentage points"),
        ("lower", "71", False, "Behind trajectory by 1 percentage point"),
    ],
)
def test_the_gap_to_a_trajectory_in_words(direction, actual, strict, expected):
    toward = T(date(2021, 4, 1), d("80"), strict=strict, trajectory=True)
    point = trajectory.TrajectoryPoint(
        date(2020, 10, 1), d("70"), toward, date(2020, 4, 1), d("60")
    )
    words = trajectory.trajectory_gap_words(d(actual), point, direction=direction, unit="percent")
    assert words == expected


def test_the_gap_to_a_trajectory_of_a_count_names_what_is_counted():
    toward = T(date(2021, 4, 1), d("20"), trajectory=True)
    point = trajectory.TrajectoryPoint(
        date(2020, 10, 1), d("25"), toward, date(2020, 4, 1), d("30")
    )
    words = trajectory.trajectory_gap_words(
        d("26"), point, direction="lower", unit="count", noun="children"
    )
    assert words == "Behind trajectory by 1 child"
