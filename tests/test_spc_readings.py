"""SPC readings and trajectories where the board's pages read them (measures.scorecard)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement.rules import RAG
from measures import spc
from measures.models import Rebase, Target
from measures.scorecard import plan_scorecard

from . import factories

pytestmark = pytest.mark.django_db

FIGURES = [52, 54, 51, 53, 50, 49, 50, 49, 50, 49, 50, 49]  # Jan-Dec 2020


def test_each_measure_row_has_the_reading_of_its_figures_to_the_period(plan, periods, area):
    measure = factories.make_measure(area, "Visits on time", target=60)
    for period, value in zip(periods, FIGURES, strict=True):
        factories.make_actual(measure, period, value)

    [summary] = plan_scorecard(plan, periods[-1], history_length=2, readings=True)

    reading = summary.measures[0].reading
    expected = spc.xmr(FIGURES, better="higher", target=60)
    assert [p.mean for p in reading.chart.points] == [p.mean for p in expected.points]
    assert reading.variation == expected.variation == "concern"
    assert reading.variation_text == "Special cause, concerning: 8 months in a row below the mean"
    assert reading.assurance == "fail"
    assert summary.measures[0].cells["reading"] is reading


def test_a_reading_reads_only_the_figures_to_the_period_it_shows(plan, periods, area):
    measure = factories.make_measure(area, "Visits on time", target=60)
    for period, value in zip(periods, FIGURES, strict=True):
        factories.make_actual(measure, period, value)

    [summary] = plan_scorecard(plan, periods[9], readings=True)

    assert summary.measures[0].reading.variation_text == (
        "Not enough months to judge variation (10 of 12)"
    )


def test_a_change_in_process_starts_a_new_segment(plan, periods, area):
    measure = factories.make_measure(area, "Visits on time", target=60)
    for period, value in zip(periods, FIGURES, strict=True):
        factories.make_actual(measure, period, value)
    Rebase.objects.create(measure=measure, period=periods[4], reason="New front door")

    [summary] = plan_scorecard(plan, periods[-1], readings=True)

    reading = summary.measures[0].reading
    assert reading.rebased_from == periods[4].month
    assert reading.size == 8
    assert reading.chart.points[4].mean == pytest.approx(sum(FIGURES[4:]) / 8)


def test_readings_cost_two_queries_whatever_the_size_of_the_plan():
    """As pages ask: with the plan's periods read already."""
    small, small_periods = factories.make_scaled_plan(scale=1)
    large, large_periods = factories.make_scaled_plan(scale=10)
    plan_scorecard(small, small_periods[-1], plan_periods=small_periods)  # one-off reads
    counts = []
    for plan, periods in ((small, small_periods), (large, large_periods)):
        for readings in (False, True):
            with CaptureQueriesContext(connection) as queries:
                plan_scorecard(plan, periods[-1], readings=readings, plan_periods=periods)
            counts.append(len(queries))
    assert counts[1] - counts[0] == 2
    assert counts[2:] == counts[:2]


def test_without_readings_asked_for_rows_have_none(plan, periods, area):
    measure = factories.make_measure(area, "Visits on time", target=60)
    factories.make_actual(measure, periods[-1], 50)
    [summary] = plan_scorecard(plan, periods[-1])
    assert summary.measures[0].reading is None


def test_a_month_on_a_trajectory_is_judged_against_the_line(plan, periods, area):
    measure = factories.make_measure(
        area,
        "Assessments in 45 days",
        baseline=Decimal("60"),
        baseline_date=datetime.date(2020, 1, 1),
    )
    Target.objects.create(
        measure=measure, effective_from=datetime.date(2021, 1, 1), value=80, trajectory=True
    )
    factories.make_actual(measure, periods[5], 68)  # June: the line is at 60 + 20 x 5/12

    [summary] = plan_scorecard(plan, periods[5])

    row = summary.measures[0]
    assert row.target.value == Decimal("68.3")
    assert row.rag == RAG.AMBER
    assert row.gap_text == "Behind trajectory by 0.3 percentage points"
    assert row.target_text == "68.3% or more (trajectory to 80% or more by January 2021)"
    assert row.later_target is None


def test_a_month_exactly_on_its_trajectory_is_green(plan, periods, area):
    measure = factories.make_measure(
        area, "Visits", baseline=Decimal("10"), baseline_date=datetime.date(2020, 1, 1)
    )
    Target.objects.create(
        measure=measure, effective_from=datetime.date(2020, 11, 1), value=20, trajectory=True
    )
    factories.make_actual(measure, periods[5], 15)

    [summary] = plan_scorecard(plan, periods[5])

    assert summary.measures[0].rag == RAG.GREEN
    assert summary.measures[0].gap_text == "On trajectory"


def test_the_measure_page_says_a_trajectory_target_is_reached_in_a_straight_line(
    client, board_user, plan, periods, area
):
    measure = factories.make_measure(
        area, "Visits", baseline=Decimal("10"), baseline_date=datetime.date(2020, 1, 1)
    )
    Target.objects.create(
        measure=measure, effective_from=datetime.date(2020, 11, 1), value=20, trajectory=True
    )
    factories.make_actual(measure, periods[5], 14)
    client.force_login(board_user)

    response = client.get(measure.get_absolute_url(), {"period": "2020-06"})

    text = " ".join(response.content.decode().split())
    assert (
        "20% or more by November 2020, reached month by month in a straight line from the baseline"
        in text
    )
    assert "Behind trajectory by 1 percentage point" in text


def test_the_measure_page_says_which_months_without_a_figure_its_chart_leaves_out(
    client, board_user, plan, periods, area
):
    measure = factories.make_measure(area, "Visits on time", target=60)
    for period, value in zip(periods, FIGURES, strict=True):
        if period.month.month == 3:
            factories.make_actual(measure, period, None, missing_reason="System down")
        else:
            factories.make_actual(measure, period, value)
    client.force_login(board_user)

    response = client.get(measure.get_absolute_url(), {"period": "2020-12"})

    text = " ".join(response.content.decode().split())
    assert "1 month without a figure is left out: March 2020." in text
