"""Measure page: the chart against target and comparators, and the figures beneath it."""

import json
import re

import pytest
from django.urls import reverse

from tests import factories

from .helpers import page_text, table_row

pytestmark = pytest.mark.django_db


def measure_url(board, measure=None, period=None):
    url = reverse("dashboard:measure", args=[board.plan.slug, (measure or board.visits).pk])
    return f"{url}?period={period}" if period else url


def figure_of(content):
    match = re.search(
        r'<script id="measure-figure" type="application/json">(.*?)</script>', content, re.S
    )
    assert match, "the page carries the chart's figure as JSON"
    return json.loads(match.group(1))


def traces(figure):
    return {trace["name"]: trace for trace in figure["data"]}


def test_the_table_beneath_the_chart_gives_every_periods_figures(board, board_client):
    content = board_client.get(measure_url(board)).content.decode()

    december = table_row(content, 'data-period="2020-12"')
    assert december == (
        "December 2020 84% 90% or more Red 6 percentage points below target "
        "80.67% 74.38% 86.95% Special cause, improving: 7 or more months in a row above the mean "
        "Commentary for December 2020"
    )
    june = table_row(content, 'data-period="2020-06"')
    assert june.startswith(
        "June 2020 81% 80% or more Green 1 percentage point above target 80.67% 74.38% 86.95% "
        "Special cause, improving: 7 or more months in a row each higher than the last"
    )
    assert content.count("Commentary for ") == 12


def test_the_chart_steps_the_target_where_it_changes(board, board_client):
    figure = figure_of(board_client.get(measure_url(board)).content.decode())

    target = traces(figure)["Target"]
    assert target["line"]["shape"] == "hv"
    assert target["y"] == [80.0] * 6 + [90.0] * 6
    assert target["x"][0] == "2020-01-01"
    assert target["x"][6] == "2020-07-01"


def test_the_chart_has_baseline_and_dashed_comparator_lines(board, board_client):
    figure = traces(figure_of(board_client.get(measure_url(board)).content.decode()))

    assert figure["Baseline: 60%"]["y"] == [60.0, 60.0]
    sn = figure["Statistical neighbours (2019): 75%"]
    assert sn["y"] == [75.0, 75.0]
    assert sn["line"]["dash"] == "dash"
    assert figure["Regional (2019): 72%"]["line"]["dash"] == "dashdot"
    assert figure["England (2019): 78%"]["line"]["dash"] == "longdash"


def test_each_point_is_coloured_shaped_and_labelled_by_its_rag(board, board_client):
    figure = traces(figure_of(board_client.get(measure_url(board)).content.decode()))

    red, amber, green = figure["Actual: Red"], figure["Actual: Amber"], figure["Actual: Green"]
    assert red["marker"]["symbol"] == "triangle-down"
    assert amber["marker"]["symbol"] == "diamond"
    assert green["marker"]["symbol"] == "circle"
    assert red["marker"]["color"] != green["marker"]["color"]
    assert green["x"] == ["2020-06-01", "2020-11-01"]
    assert any(
        "December 2020: 84%" in text and "RAG: Red" in text and "Target: 90% or more" in text
        for text in red["hovertext"]
    )
    assert figure["Actual"]["y"] == [70, 72, 74, 76, 78, 81, 84, 85, 86, 88, 90, 84]


def test_plotly_is_served_from_our_own_static_files(board, board_client):
    content = board_client.get(measure_url(board)).content.decode()
    assert '<script src="/static/vendor/plotly.min.js"></script>' in content
    assert '<script src="/static/js/dashboard-charts.js"></script>' in content
    assert not re.search(r'<script[^>]+src="(https?:)?//', content)  # nothing from elsewhere
    assert "<script>" not in content  # no inline script


def test_the_summary_gives_baseline_targets_and_comparators(board, board_client):
    text = page_text(board_client.get(measure_url(board)).content)
    assert "December 2020 84% Red Special cause, improving 6 percentage points below" in text
    assert "Baseline 60% (March 2019)" in text
    assert "80% or more from January 2000 90% or more from July 2020" in text
    assert (
        "Statistical neighbours 2019 75% – Regional 2019 72% – National (England) 2019 78%" in text
    )


def test_a_missing_figure_shows_its_reason(board, board_client):
    url = measure_url(board, board.rereferrals, period="2020-12")
    content = board_client.get(url).content.decode()
    assert table_row(content, 'data-period="2020-12"') == (
        "December 2020 No data 20% or less No data – – Not enough data "
        "19.36% 17.77% 20.96% – No figure: Data system outage"
    )
    assert "This is a local indicator" in content


def test_an_earlier_period_shows_the_figures_up_to_then(board, board_client):
    content = board_client.get(measure_url(board, period="2020-06")).content.decode()
    figure = traces(figure_of(content))
    assert figure["Actual"]["y"] == [70, 72, 74, 76, 78, 81]
    assert figure["Target"]["y"] == [80.0] * 6
    assert "December 2020" not in page_text(content).split("Figures and commentary")[1]


def test_another_plans_measure_is_not_found(board, board_client):
    other_plan = factories.make_plan(slug="elsewhere")
    foreign = factories.make_measure(factories.make_area(other_plan), "Elsewhere")
    url = reverse("dashboard:measure", args=[board.plan.slug, foreign.pk])
    assert board_client.get(url).status_code == 404
    assert (
        board_client.get(reverse("dashboard:measure", args=["nope", board.visits.pk])).status_code
        == 404
    )
