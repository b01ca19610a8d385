import datetime

import pytest

from improvement.rules import RAG, Trend
from measures.models import Target
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


def test_an_area_awaiting_its_figures_suggests_no_rag_and_no_direction(plan, periods, area):
    measure = factories.make_measure(area, "Visits on time", target=90)
    factories.make_actual(measure, periods[6], 95)
    factories.make_action(area, "Audit", reference="1.1", target_date=datetime.date(2020, 6, 1))
    factories.make_report(area, periods[6], current_rag="red")

    [summary] = plan_scorecard(plan, periods[7])  # August: no figure yet

    row = summary.measures[0]
    assert (row.previous_rag, row.rag) == (RAG.GREEN, RAG.NO_DATA)
    assert not row.rag_changed  # Green -> no figure is not a change of RAG
    assert row.awaiting_figure
    assert row.trend == Trend.NO_DATA
    assert summary.suggested_rag == RAG.NO_DATA  # the overdue action alone does not decide
    assert summary.no_suggestion == "Awaiting figures"
    assert summary.drivers == []
    assert summary.direction_of_travel == Trend.NO_DATA


def test_a_strict_target_is_read_with_the_scorecard(plan, periods, area):
    measure = factories.make_measure(area, "Personal Education Plans")
    Target.objects.create(
        measure=measure, effective_from=datetime.date(2020, 1, 1), value=95, strict=True
    )
    factories.make_actual(measure, periods[5], 96)
    factories.make_actual(measure, periods[6], 95)

    [summary] = plan_scorecard(plan, periods[6])

    row = summary.measures[0]
    assert (row.previous_rag, row.rag) == (RAG.GREEN, RAG.AMBER)
    assert row.rag_changed
    assert row.target_text == "above 95%"
    assert row.gap_text == "At target; needs to be above it"
    assert summary.suggested_rag == RAG.AMBER
