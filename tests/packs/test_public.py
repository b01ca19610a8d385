"""The public version of a pack (packs.public): no names, no internal commentary, small counts
of children shown as c, with crafted small counts."""

import datetime
from decimal import Decimal

import pytest
from django.template import engines

from exceptions.models import ExceptionReport
from improvement.models import Action, ActionUpdate, ServiceArea
from improvement.rules import Trend
from measures.models import Actual, Measure
from packs.content import pack_content
from packs.suppression import NOTE
from tests import factories

pytestmark = pytest.mark.django_db

AREA_LEAD = "Jane Leadbetter, Head of Early Help"
OFFICERS = "Olly Officer\nOona Officer"
ACTION_LEAD = "Pat Actionlead"
SMALL_COUNTS = [3, 8, 12, 0, 5]  # Aug to Dec 2020: 3 and 5 are shown as c


@pytest.fixture
def crafted(plan, periods, area):
    """A plan of one area with a lead and officers, a count measure of children with small
    figures and a target, a count measure with none small, a percent measure, an overdue
    action with a lead and an update with its author, and an exception report with its
    authors."""
    area.lead, area.responsible_officers = AREA_LEAD, OFFICERS
    area.save()
    author = factories.make_manager(username="author1", areas=[area])
    small = factories.make_measure(
        area,
        "Children on a plan for a second time",
        unit="count",
        direction="lower",
        target=4,
        baseline=Decimal("2"),
        order=1,
    )
    for period, value in zip(periods[7:], SMALL_COUNTS, strict=True):
        factories.make_actual(small, period, value, commentary="Internal: a sibling group of 3")
    large = factories.make_measure(area, "Children in care", unit="count", order=2)
    for period, value in zip(periods, [40, 42, 41, 43, 44, 40, 39, 41, 42, 40, 43, 0], strict=True):
        factories.make_actual(large, period, value)
    percent = factories.make_measure(area, "Visits on time", unit="percent", target=90, order=3)
    factories.make_actual(percent, periods[-2], 3)
    factories.make_actual(percent, periods[-1], 4)
    action = factories.make_action(
        area, "Audit plans", target_date=datetime.date(2020, 6, 30), lead=ACTION_LEAD
    )
    recommendation = factories.make_recommendation(plan)
    action.recommendations.add(recommendation)
    ActionUpdate.objects.create(action=action, status="in_progress", author=author)
    factories.make_report(
        area,
        periods[-1],
        current_rag="red",
        key_developments="More children were seen.",
        return_comment="Internal: ask Olly about the audit.",
        submitted_by=author,
        updated_by=author,
    )
    return {"small": small, "large": large, "percent": percent, "action": action}


def public_pack(plan, periods):
    return pack_content(plan, periods[-1], public=True)


def rows_by_name(content):
    [summary] = content.pack.summaries
    return {row.measure.name: row for row in summary.measures}


def test_names_are_gone_from_areas_actions_and_reports(plan, periods, crafted):
    content = public_pack(plan, periods)
    [summary] = content.pack.summaries
    assert (summary.area.lead, summary.area.responsible_officers) == ("", "")
    [row] = summary.actions
    assert row.cells["lead"] == "" and row.action.lead == ""
    assert content.pack.overdue == [row]
    [(_, [progress])] = content.recommendations
    [linked] = progress.rows
    assert linked.cells["lead"] == "" and linked.action.lead == ""
    assert linked.area.lead == "" and linked.area.responsible_officers == ""
    assert summary.report.submitted_by is None and summary.report.updated_by is None
    assert summary.report.return_comment == ""
    assert summary.report.key_developments == "More children were seen."  # kept


def test_the_database_is_unchanged(plan, periods, crafted):
    public_pack(plan, periods)
    area = ServiceArea.objects.get(plan=plan)
    assert (area.lead, area.responsible_officers) == (AREA_LEAD, OFFICERS)
    assert Action.objects.get(pk=crafted["action"].pk).lead == ACTION_LEAD
    report = ExceptionReport.objects.get(area=area)
    assert report.submitted_by is not None and report.updated_by is not None
    assert report.return_comment.startswith("Internal")
    assert Measure.objects.get(pk=crafted["small"].pk).baseline == Decimal("2")
    values = Actual.objects.filter(measure=crafted["small"]).order_by("period__month")
    assert [v.value for v in values] == [Decimal(v) for v in SMALL_COUNTS]


def test_the_latest_small_count_is_shown_as_c_without_its_gap(plan, periods, crafted):
    internal = rows_by_name(pack_content(plan, periods[-1]))["Children on a plan for a second time"]
    assert internal.cells["value"] == "5" and internal.gap_text  # what the board pack shows
    row = rows_by_name(public_pack(plan, periods))["Children on a plan for a second time"]
    assert row.cells["value"] == "c"
    assert row.value is None and row.actual.value is None  # the number itself is gone
    assert row.gap_text == "" and row.cells["gap"] == ""
    assert row.trend == row.cells["trend"] == Trend.NO_DATA  # "up 5" from 0 would give it back
    assert row.cells["baseline"] == "c" and row.measure.baseline is None


def test_each_month_of_the_series_is_c_where_small_and_zero_is_shown(plan, periods, crafted):
    row = rows_by_name(public_pack(plan, periods))["Children on a plan for a second time"]
    shown = [(value, text) for _, value, text in row.figures][-5:]
    assert shown == [
        (None, "c"),
        (Decimal(8), "8"),
        (Decimal(12), "12"),
        (Decimal(0), "0"),
        (None, "c"),
    ]
    assert row.previous.value == 0  # the previous month's 0 is still shown
    assert [a.value if a else None for _, a in row.history][-5:] == [None, 8, 12, 0, None]
    assert not any(hasattr(a, "commentary") for _, a in row.history if a)  # commentary left out


def test_the_series_mean_and_reading_are_not_shown_when_a_month_is_c(plan, periods, crafted):
    rows = rows_by_name(public_pack(plan, periods))
    assert rows["Children on a plan for a second time"].reading is None
    assert rows["Children on a plan for a second time"].cells["reading"] is None
    kept = rows["Children in care"]  # 0 is shown: nothing to hide
    assert kept.reading is not None and kept.reading.enough
    assert kept.cells["value"] == "0"


@pytest.fixture
def rate(crafted, periods, area):
    """A rate of the same children as the small count, each month of it."""
    measure = factories.make_measure(
        area,
        "Children on a plan for a second time, rate",
        unit="rate",
        unit_label="per 10,000 children aged 0-17",
        direction="lower",
        target=10,
        baseline=Decimal("5.5"),
        order=4,
    )
    for period, value in zip(periods[7:], [8.2, 21.9, 32.8, 0, 13.7], strict=True):
        factories.make_actual(measure, period, value)
    return measure


def test_a_rate_of_the_same_children_is_c_in_the_months_their_count_is(plan, periods, rate):
    name = "Children on a plan for a second time, rate"
    internal = rows_by_name(pack_content(plan, periods[-1]))[name]
    assert internal.cells["value"] == "13.7" and internal.gap_text  # the board pack's
    row = rows_by_name(public_pack(plan, periods))[name]
    shown = [(value, text) for _, value, text in row.figures][-5:]
    assert shown == [
        (None, "c"),  # August: 3 children
        (Decimal("21.9"), "21.9"),
        (Decimal("32.8"), "32.8"),
        (Decimal(0), "0"),
        (None, "c"),  # December: 5 children
    ]
    assert row.cells["value"] == "c" and row.value is None
    assert row.gap_text == "" and row.cells["gap"] == ""
    assert row.trend == Trend.NO_DATA and row.reading is None
    assert row.cells["baseline"] == "c" and row.measure.baseline is None  # the count's is 2
    visits = rows_by_name(public_pack(plan, periods))["Visits on time"]
    assert visits.cells["value"] == "4%"  # a percentage not about children: as reported


def test_percent_measures_are_untouched(plan, periods, crafted):
    internal = rows_by_name(pack_content(plan, periods[-1]))["Visits on time"]
    row = rows_by_name(public_pack(plan, periods))["Visits on time"]
    assert row.cells["value"] == internal.cells["value"] == "4%"
    assert row.gap_text == internal.gap_text != ""
    assert [f[1:] for f in row.figures] == [f[1:] for f in internal.figures]


def test_the_notes_say_so(plan, periods, crafted):
    content = public_pack(plan, periods)
    assert content.public is True
    assert content.notes[0] == NOTE
    assert any("commentary on monthly figures is left out" in note for note in content.notes)
    assert not pack_content(plan, periods[-1]).public


def test_rag_at_a_glance_lists_show_no_small_count(plan, periods, crafted):
    glance = public_pack(plan, periods).pack.glance
    [changed] = [c for c in glance.changed if c.row.measure.unit == "count"]
    assert changed.row.cells["value"] == "c" and changed.row.gap_text == ""
    assert all(c.row.reading is not None for c in glance.special)
    html = (
        engines["django"]
        .from_string(
            '{% include "dashboard/_changed_measures.html" %}'
            '{% include "dashboard/_real_change.html" with concerning_only=True %}'
        )
        .render({"plan": plan, "glance": glance, "period": periods[-1], "choice": None})
    )
    assert "Children on a plan for a second time" in html
    assert ">5<" not in html and "above target" not in html


def test_the_pack_rows_and_charts_print_c_and_no_names(plan, periods, crafted):
    content = public_pack(plan, periods)
    [summary] = content.pack.summaries
    jinja = engines["jinja2"]
    measures = jinja.get_template("rows/measures.html").render(
        {"rows": summary.measures, "link_measures": False}
    )
    actions = jinja.get_template("rows/actions.html").render(
        {
            "rows": summary.actions,
            "show_area": True,
            "show_lead": True,
            "full_text": True,
            "show_recommendations": False,
        }
    )
    small = [r for r in summary.measures if r.measure.unit == "count"][:1]
    charts = jinja.get_template("charts/printed.html").render({"rows": small})
    assert '<td class="govuk-table__cell app-num">c<br>' in measures
    assert "c, 8, 12, 0, c" in measures  # the sparkline reads it out
    assert '<td class="govuk-table__cell app-num">c</td>' in charts  # the chart's table
    assert ">Mean<" not in charts
    for html in (measures, actions, charts):
        assert "Leadbetter" not in html and ACTION_LEAD not in html and "Officer" not in html
