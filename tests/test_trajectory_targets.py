"""A target marked as a trajectory is a straight line to one figure from somewhere: Target.clean
refuses a trajectory to a range, and a first target with no dated baseline to start from."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from measures.models import Target

from . import factories

pytestmark = pytest.mark.django_db

START_FROM = (
    "Set the measure's baseline and its date, or an earlier target: the trajectory starts there."
)
MARCH_2021 = datetime.date(2021, 3, 1)


def trajectory_errors(measure, **fields):
    target = Target(
        measure=measure,
        effective_from=fields.pop("effective_from", MARCH_2021),
        value=fields.pop("value", Decimal("80")),
        trajectory=True,
        **fields,
    )
    try:
        target.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.fixture
def dated(area):
    """A measure with a baseline of 60% in April 2019 and no target yet."""
    return factories.make_measure(
        area, "Visits on time", baseline=Decimal("60"), baseline_date=datetime.date(2019, 4, 1)
    )


def test_a_trajectory_from_a_dated_baseline_is_accepted(dated):
    assert trajectory_errors(dated) == {}


def test_a_trajectory_to_a_range_is_refused(dated):
    errors = trajectory_errors(dated, upper=Decimal("90"))
    assert errors == {"trajectory": ["A trajectory leads to one figure: a range target is a step."]}


def test_a_range_that_is_a_step_is_accepted(dated):
    target = Target(measure=dated, effective_from=MARCH_2021, value=80, upper=90)
    target.full_clean()


@pytest.mark.parametrize(
    "baseline, baseline_date",
    [
        (None, None),
        (Decimal("60"), None),  # a baseline with no date: the line has no start month
        (None, datetime.date(2019, 4, 1)),
        (Decimal("60"), MARCH_2021),  # dated the target's own month: no months between
        (Decimal("60"), datetime.date(2022, 1, 1)),  # after the target
    ],
)
def test_a_first_trajectory_needs_a_baseline_dated_before_it(area, baseline, baseline_date):
    measure = factories.make_measure(area, baseline=baseline, baseline_date=baseline_date)
    assert trajectory_errors(measure) == {"trajectory": [START_FROM]}


def test_an_earlier_target_is_start_enough_without_a_baseline(area):
    measure = factories.make_measure(area, target=70)  # from January 2000, no baseline
    assert trajectory_errors(measure) == {}


def test_a_later_target_is_no_start(area):
    measure = factories.make_measure(area)
    Target.objects.create(measure=measure, effective_from=datetime.date(2022, 3, 1), value=90)
    assert trajectory_errors(measure) == {"trajectory": [START_FROM]}


def test_a_saved_first_trajectory_does_not_count_as_its_own_start(area):
    measure = factories.make_measure(area, target=70)
    target = measure.targets.get()
    target.trajectory = True
    with pytest.raises(ValidationError) as refused:
        target.full_clean()
    assert refused.value.message_dict == {"trajectory": [START_FROM]}
