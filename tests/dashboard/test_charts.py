"""The charts' own rules: sparklines read out their numbers, printed charts step the target."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from dashboard import charts
from improvement.rules import RAG, Trend
from measures.models import Measure
from measures.scorecard import MeasureRow, plan_scorecard


def history(values):
    return [
        (SimpleNamespace(label=f"M{i}"), None if v is None else SimpleNamespace(value=Decimal(v)))
        for i, v in enumerate(values)
    ]


def drawn(name, **values):
    """The chart as a page draws it: dashboard.charts' numbers in its template."""
    return Template("{% load tracker %}{% partial name rows=rows row=row %}").render(
        Context({"name": name, "rows": values.get("rows"), "row": values.get("row")})
    )


def sparkline_svg(measure, history):
    row = MeasureRow(
        measure, None, None, None, RAG.NO_DATA, RAG.NO_DATA, Trend.NO_DATA, "", history
    )
    return drawn("charts/sparkline.html", row=row)


def test_a_sparkline_reads_out_its_numbers_and_breaks_at_gaps():
    measure = Measure(unit="percent", decimal_places=1)
    svg = sparkline_svg(measure, history(["60", "63.25", None, "70"]))
    assert 'role="img" aria-label="Trend: 60%, 63.3%, no data, 70%"' in svg
    assert svg.count("<polyline") == 2  # the gap is not bridged


def test_a_sparkline_with_no_figures_says_so():
    svg = sparkline_svg(Measure(unit="count"), history([None, None]))
    assert 'aria-label="Trend: no data, no data"' in svg
    assert "<polyline" not in svg


def test_gridlines_fall_on_round_numbers():
    assert charts.nice_ticks(34.8, 127.8) == [25, 50, 75, 100, 125, 150]
    assert charts.nice_ticks(7.78, 14.14) == [6, 8, 10, 12, 14, 16]
    assert charts.nice_ticks(18, 20, min_step=1) == [18, 19, 20]


def test_days_are_shortened_in_crowded_places():
    measure = Measure(unit="days", decimal_places=1)
    assert charts.short_value(measure, Decimal("14.14")) == "14.1"
    assert charts.unit_note(measure) == "days"
    assert charts.short_value(measure, None) == "–"


@pytest.mark.django_db
def test_the_printed_chart_steps_the_target_and_shapes_points_by_rag(board):
    [summary] = plan_scorecard(board.plan, board.december, area_ids=[board.area.pk])
    row = summary.measures[0]
    svg = drawn("charts/printed.html", rows=[row])

    target_path = re.search(r'<path d="([^"]+)" fill="none" stroke="#1d70b8"', svg).group(1)
    steps = re.findall(r"V([\d.]+)", target_path)
    assert len(set(steps)) == 2  # 80 until June, then 90
    assert svg.count('stroke-dasharray="8 4"') == 3  # SN, regional, England
    assert 'stroke-dasharray="2 3"' in svg  # baseline
    assert svg.count("<circle") == 2  # Green in June and November
    assert "Jul 2020 84% (Red)" in svg
