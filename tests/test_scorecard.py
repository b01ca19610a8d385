import datetime

import pytest

from improvement.rules import RAG, Trend
from measures.scorecard import plan_scorecard

from . import factories

pytestmark = pytest.mark.django_db


def test_area_is_red_when_a_measure_is_red_and_shows_why(plan, periods, area):
    measure = factories.make_measure(area, "Visits on time", target=90)
    factories.make_actual(measure, periods[5], 70)
    factories.make_actual(measure, periods[6], 60)

    [summary] = plan_scorecard(plan, periods[6])

    row = summary.measures[0]
    assert row.rag == RAG.RED
    assert row.trend == Trend.WORSENING
    assert row.gap_text == "30 percentage points below target"
    assert summary.suggested_rag == RAG.RED
    assert summary.drivers == ["Measure: Visits on time"]


def test_actions_are_judged_at_the_end_of_the_period(plan, periods, area):
    factories.make_action(area, "Audit", reference="1.1", target_date=datetime.date(2020, 8, 31))
    july = periods[6]
    [summary] = plan_scorecard(plan, july)
    assert summary.actions[0].rag == RAG.GREEN
    [summary] = plan_scorecard(plan, periods[8])
    assert summary.actions[0].rag == RAG.RED
    assert summary.suggested_rag == RAG.RED
    assert summary.drivers == ["Action 1.1: overdue"]


def test_query_count_does_not_grow_with_the_plan():
    small, small_periods = factories.make_scaled_plan(scale=1)
    large, large_periods = factories.make_scaled_plan(scale=10)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_ctx:
        plan_scorecard(small, small_periods[-1])
    with CaptureQueriesContext(connection) as large_ctx:
        summaries = plan_scorecard(large, large_periods[-1])
    assert len(summaries) == 20
    assert len(large_ctx) == len(small_ctx)
