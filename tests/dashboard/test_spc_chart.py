"""The SPC chart of a measure (issue 14, requirement 3): on the measure page's chart, in its
table of figures, and in the board pack's printed chart.

"Visits on time" (the board fixture): 70, 72, 74, 76, 78, 81, 84, 85, 86, 88, 90, 84 from
January to December 2020, higher is better, target 80 then 90 from July 2020.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard.charts import spc_layers
from measures import spc
from measures.models import Rebase, Target
from measures.scorecard import plan_scorecard

from .conftest import VISITS
from .helpers import page_text, section, table_row
from .test_charts import drawn
from .test_measure_page import figure_of, traces

pytestmark = pytest.mark.django_db

REASON = "New front door: the MASH and Early Help hub became one team in July"


def measure_url(board, period=None):
    url = reverse("dashboard:measure", args=[board.plan.slug, board.visits.pk])
    return f"{url}?period={period}" if period else url


def rebase_in_july(board):
    return Rebase.objects.create(measure=board.visits, period=board.periods[6], reason=REASON)


def test_the_mean_and_limits_are_the_xmr_charts(board, board_client):
    figure = traces(figure_of(board_client.get(measure_url(board)).content.decode()))
    chart = spc.xmr(VISITS, better="higher")
    [segment] = chart.segments

    assert figure["Mean"]["y"] == [segment.mean] * 12
    assert figure["Mean"]["line"]["dash"] == "solid"
    assert figure["Upper process limit"]["y"] == [segment.upper] * 12
    assert figure["Lower process limit"]["y"] == [segment.lower] * 12
    assert figure["Upper process limit"]["line"]["dash"] == "dash"
    assert figure["Lower process limit"]["line"]["dash"] == "dash"
    band = figure["Normal range (between the process limits)"]
    assert band["fill"] == "toself"
    assert set(band["y"]) == {segment.upper, segment.lower}


def test_special_cause_months_are_ringed_by_shape_and_labelled(board, board_client):
    figure = figure_of(board_client.get(measure_url(board)).content.decode())
    chart = spc.xmr(VISITS, better="higher")
    special = [f"2020-{p.index + 1:02d}-01" for p in chart.points if p.special == "improvement"]
    assert special  # the rise from 70 to 90 is a real change

    ringed = traces(figure)["Special cause, improving (I)"]
    assert ringed["x"] == special
    assert all(symbol.startswith("triangle") for symbol in ringed["marker"]["symbol"])
    assert "circle" not in " ".join(ringed["marker"]["symbol"])
    assert ringed["marker"]["color"] == "#1d70b8"
    assert any(
        "Special cause, improving: 7 or more months in a row each higher than the last" in text
        for text in ringed["hovertext"]
    )
    labels = [a for a in figure["layout"]["annotations"] if a["text"] == "I"]
    assert sorted(a["x"] for a in labels) == special


def test_a_rebase_breaks_the_mean_and_is_labelled(board, board_client):
    rebase_in_july(board)
    figure = figure_of(board_client.get(measure_url(board)).content.decode())
    chart = spc.xmr(VISITS, better="higher", rebase_at=[6])
    before, after = chart.segments

    mean = traces(figure)["Mean"]
    assert mean["y"] == [before.mean] * 6 + [None] + [after.mean] * 6
    assert mean["x"][6] == "2020-07-01"  # the gap, where the line does not join
    [shape] = figure["layout"]["shapes"]
    assert (shape["x0"], shape["x1"], shape["line"]["dash"]) == ("2020-07-01", "2020-07-01", "dash")
    [label] = [a for a in figure["layout"]["annotations"] if a["text"].startswith("New")]
    assert label["text"] == "New process from July 2020: New front door: the MASH and Early Help…"


def test_a_rebase_reason_stays_text_on_the_chart(board, board_client):
    Rebase.objects.create(
        measure=board.visits, period=board.periods[6], reason="<b>New</b> & improved"
    )
    figure = figure_of(board_client.get(measure_url(board)).content.decode())
    [label] = [a for a in figure["layout"]["annotations"] if a["text"].startswith("New")]
    assert label["text"] == "New process from July 2020: &lt;b&gt;New&lt;/b&gt; &amp; improved"


def test_a_trajectory_is_drawn_as_a_straight_line_to_its_target(board, board_client):
    Target.objects.create(
        measure=board.visits,
        effective_from=datetime.date(2021, 7, 1),
        value=Decimal("96"),
        trajectory=True,
    )
    figure = traces(figure_of(board_client.get(measure_url(board)).content.decode()))

    trajectory = figure["Trajectory to 96% by July 2021"]
    assert trajectory["x"] == [f"2020-{m:02d}-01" for m in range(7, 13)]
    assert trajectory["y"] == [90.0, 90.5, 91.0, 91.5, 92.0, 92.5]  # 90 in July, 96 a year on
    assert figure["Target"]["y"] == [80.0] * 6 + [None] * 6  # the steps stop where it starts


def test_the_table_gives_each_months_mean_limits_and_reading(board, board_client):
    rebase_in_july(board)
    content = board_client.get(measure_url(board)).content.decode()
    head = page_text(section(content, 'id="figures"', "</thead>"))
    # the last process has 6 months, too few to judge: the month-on-month trend stays
    assert "Gap to target Trend Mean Lower limit Upper limit Reading Commentary" in head

    after = spc.xmr(VISITS, better="higher", rebase_at=[6]).segments[1]
    december = table_row(content, 'data-period="2020-12"')
    limits = f"{after.mean:.2f}% {after.lower:.2f}% {after.upper:.2f}%"
    assert f"Worsening {limits} Too few months to judge (6 of 12)" in december
    july = table_row(content, 'data-period="2020-07"')
    assert f"New process from this month: {REASON}" in july


def test_the_reading_replaces_the_trend_once_there_are_twelve_months(board, board_client):
    text = page_text(board_client.get(measure_url(board)).content)
    assert "December 2020 84% Red Special cause, improving 6 percentage points" in text
    assert "Variation Special cause, improving: 7 months in a row above the mean" in text
    assert "Assurance Consistently failing: the target is outside the normal range" in text
    assert "Worsening" not in text  # December's month-on-month fall is not a real change
    assert "Gap to target Mean Lower limit Upper limit Reading Commentary" in text

    earlier = page_text(board_client.get(measure_url(board, "2020-06")).content)
    assert "June 2020 81% Green ▲ Improving" in earlier
    assert "Variation Not enough months to judge variation (6 of 12)" in earlier
    assert "Assurance Not enough months to judge yet" in earlier


def test_the_printed_chart_draws_the_mean_limits_and_special_causes(board):
    [summary] = plan_scorecard(board.plan, board.december, area_ids=[board.area.pk], readings=True)
    row = summary.measures[0]
    svg = drawn("charts/printed.html", rows=[row])
    segment = spc.xmr(VISITS, better="higher").segments[0]

    mean = re.search(r'<path d="M([\d.]+),([\d.]+)H([\d.]+)" fill="none" stroke="#505a5f" ', svg)
    assert mean, "the mean is drawn as a flat line"
    limits = re.search(r'<path d="([^"]+)" [^>]*stroke-dasharray="5 3"', svg).group(1)
    assert limits.count("M") == 2  # the upper and the lower limit
    assert 'fill="#b1b4b6" fill-opacity="0.3"' in svg  # the normal range, shaded
    points = spc.xmr(VISITS, better="higher").points
    improving = re.search(r'font-weight="bold" fill="#1d70b8">(I+)</text>', svg).group(1)
    concerning = re.search(r'font-weight="bold" fill="#b34400">(C+)</text>', svg).group(1)
    assert len(improving) == sum(p.special == "improvement" for p in points) == 9
    assert len(concerning) == sum(p.special == "concern" for p in points) == 3  # 70, 72, 74
    rings = re.search(r'<path d="([^"]+)" fill="none" stroke="#1d70b8" stroke-width="2"/>', svg)
    assert rings.group(1).count("M") == 9  # a triangle round each improving month
    assert "special cause: △▽ I improving □ C concerning" in svg
    assert f'colspan="12">{segment.mean:.2f}%</td>' in svg  # one mean across the year
    assert "Improving (I)" in svg and "Concerning (C)" in svg
    assert f"mean {segment.mean:.2f}%; process limits" in svg
    assert "special cause: concerning Jan 2020 to Mar 2020, improving Apr 2020 to Dec 2020" in svg
    assert 'colspan="3">Concerning (C)</td>' in svg


def test_the_printed_chart_marks_a_rebase_and_needs_no_reading(board):
    rebase_in_july(board)
    [summary] = plan_scorecard(board.plan, board.december, area_ids=[board.area.pk], readings=True)
    svg = drawn("charts/printed.html", rows=[summary.measures[0]])
    assert svg.count(">New process</text>") == 1
    assert "New process; too few months" in svg
    before, after = spc.xmr(VISITS, better="higher", rebase_at=[6]).segments
    assert f'colspan="6">{before.mean:.2f}%</td>' in svg
    assert f'colspan="6">{after.mean:.2f}%</td>' in svg

    [plain] = plan_scorecard(board.plan, board.december, area_ids=[board.area.pk])
    svg = drawn("charts/printed.html", rows=[plain.measures[0]])
    assert "Lower limit" not in svg and "New process" not in svg


def test_means_and_limits_are_written_to_one_more_place_than_the_figures(board):
    assert spc_layers.spc_value(board.visits, 80.66666) == "80.67%"
    board.visits.unit, board.visits.decimal_places = "days", 0
    assert spc_layers.spc_value(board.visits, 14.04) == "14 days"
    assert spc_layers.spc_value(board.visits, 14.06, short=True) == "14.1"
    assert spc_layers.spc_value(board.visits, None) == "–"
