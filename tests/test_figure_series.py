"""The figures the SPC readings are worked out from, as the board's pages read them
(measures.series: one row per measure, aggregated by the database)."""

import datetime
from decimal import Decimal

import pytest

from measures import spc
from measures.scorecard import _series, plan_scorecard

from . import factories

pytestmark = pytest.mark.django_db

FIGURES = [52, 54, 51, 53, 50, 49, 50, 49, 50, 49, 50, 49]  # Jan-Dec 2020


def read(plan, period, plan_periods=None):
    return _series(plan.areas.in_bulk(), period, plan_periods)


def test_figures_are_read_in_month_order_as_the_exact_floats_of_what_was_typed(plan, periods, area):
    typed = ["0.1", "-3.3333", "1234567890.1234", "0", "99.9999", "7"]
    measure = factories.make_measure(area, "Visits")
    for period, value in zip(periods, typed, strict=False):
        factories.make_actual(measure, period, Decimal(value))

    series = read(plan, periods[5])

    assert series.values[measure.pk] == tuple(float(Decimal(v)) for v in typed)
    assert series.months == tuple(p.month for p in periods[:6])


def test_a_month_with_no_row_or_no_figure_is_none_and_later_months_are_left_out(
    plan, periods, area
):
    measure = factories.make_measure(area, "Visits")
    factories.make_actual(measure, periods[0], 10)
    factories.make_actual(measure, periods[2], None, missing_reason="System down")
    factories.make_actual(measure, periods[3], 12)
    factories.make_actual(measure, periods[6], 99)  # after the period read: left out
    no_figures = factories.make_measure(area, "New this year")

    series = read(plan, periods[4], plan_periods=periods)

    assert series.values[measure.pk] == (10.0, None, None, 12.0, None)
    assert no_figures.pk not in series.values  # the reading says "no figures"


def test_months_whose_periods_were_made_out_of_order_are_read_in_month_order(plan, area):
    """An admin may add the earlier months later: the periods' ids are then not in month
    order, and the readings must still take the figures month by month."""
    late = factories.make_periods(plan, first=datetime.date(2020, 7, 1), count=6)
    early = factories.make_periods(plan, first=datetime.date(2020, 1, 1), count=6)
    measure = factories.make_measure(area, "Visits on time", target=60)
    for period, value in zip(early + late, FIGURES, strict=True):
        factories.make_actual(measure, period, value)

    series = read(plan, late[-1])
    [summary] = plan_scorecard(plan, late[-1], readings=True)

    assert series.values[measure.pk] == tuple(map(float, FIGURES))
    reading = summary.measures[0].reading
    assert reading.variation_text == "Special cause, concerning: 8 months in a row below the mean"
    assert reading.chart == spc.xmr(FIGURES, better="higher", target=60)


def test_each_measure_has_its_own_figures(plan, periods, area, other_area):
    first = factories.make_measure(area, "Visits")
    second = factories.make_measure(other_area, "Assessments")
    for i, period in enumerate(periods[:3]):
        factories.make_actual(first, period, i)
        factories.make_actual(second, period, 100 + i)

    series = read(plan, periods[2])

    assert series.values == {first.pk: (0.0, 1.0, 2.0), second.pk: (100.0, 101.0, 102.0)}


def test_a_plan_with_no_areas_has_no_figures(plan, periods):
    assert read(plan, periods[-1]).values == {}


def test_figures_entered_in_any_order_are_read_in_month_order(plan, periods, area):
    """A council may type the latest month first and fill in the history after: the rows'
    order in the table is not the months' order."""
    measure = factories.make_measure(area, "Visits")
    started_late = factories.make_measure(area, "Assessments")
    for i in reversed(range(6)):
        factories.make_actual(measure, periods[i], 10 + i)
    for i in (5, 3, 4):  # no rows for the first three months
        factories.make_actual(started_late, periods[i], 20 + i)

    series = read(plan, periods[5], plan_periods=periods)

    assert series.values[measure.pk] == (10.0, 11.0, 12.0, 13.0, 14.0, 15.0)
    assert series.values[started_late.pk] == (None, None, None, 23.0, 24.0, 25.0)


def test_a_month_without_a_row_is_placed_by_which_month_it_is(plan, periods, area):
    """This month's figures not in yet, or a month missed in the middle: the other months
    keep their places."""
    latest_missing = factories.make_measure(area, "Visits")
    middle_missing = factories.make_measure(area, "Assessments")
    for i in range(5):
        factories.make_actual(latest_missing, periods[i], i)
    for i in (0, 1, 3, 4, 5):
        factories.make_actual(middle_missing, periods[i], 10 + i)

    series = read(plan, periods[5], plan_periods=periods)

    assert series.values[latest_missing.pk] == (0.0, 1.0, 2.0, 3.0, 4.0, None)
    assert series.values[middle_missing.pk] == (10.0, 11.0, None, 13.0, 14.0, 15.0)
