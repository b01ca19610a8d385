"""Monthly figures in the wide and the long layout."""

import datetime

import pytest

from measures.models import Actual
from tests import factories

from .conftest import run_actuals, workbook

pytestmark = pytest.mark.django_db

JULY = datetime.date(2020, 7, 1)


@pytest.fixture
def measures(area):
    return {
        "plans": factories.make_measure(area, "Plans on time", unit="percent", reference="EH1"),
        "children": factories.make_measure(area, "Children open", unit="count"),
    }


def values(measure):
    return {a.period.month: a.value for a in measure.actuals.select_related("period")}


def test_long_layout_reads_measure_period_value_and_commentary(plan, measures):
    rows = [
        ["Monthly figures"],
        ["Ref", "Measure", "Month", "Value", "Commentary"],
        ["EH1", "", "Jul-20", 0.93, "Best month yet"],
        [None, "Children open", datetime.datetime(2020, 7, 1), 120, None],
        [None, "children  OPEN", "August 2020", "n/a", "System change"],
    ]
    data = workbook({"Long": rows}, formats={("Long", "D3"): "0%"})

    report = run_actuals(data, plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    plans = Actual.objects.get(measure=measures["plans"])
    assert (plans.period.month, plans.value, plans.commentary) == (JULY, 93, "Best month yet")
    assert values(measures["children"]) == {JULY: 120, datetime.date(2020, 8, 1): None}
    august = measures["children"].actuals.get(period__month__month=8)
    assert (august.missing_reason, august.commentary) == ("n/a", "System change")


def test_wide_layout_with_text_month_headings(plan, measures):
    rows = [
        ["Measure", "Jun-20", "Jul-20", "Target"],
        ["Plans on time", "81%", "85.5% (provisional)", 90],
    ]

    report = run_actuals(workbook({"Wide": rows}), plan)

    # A provisional figure is not taken as the month's figure: its text is the reason.
    assert values(measures["plans"]) == {datetime.date(2020, 6, 1): 81, JULY: None}
    july = measures["plans"].actuals.get(period__month=JULY)
    assert (july.missing_reason, july.commentary) == ("85.5% (provisional)", "")
    assert [(w.row, w.column, w.message) for w in report.warnings] == [
        (
            1,
            "D",
            'The column D ("Target") is not a month or a known heading; it was not imported.',
        ),
        (
            2,
            'C ("Jul-20")',
            'No figure was read from "85.5% (provisional)": the words beside the number '
            '("provisional") say it is not a settled figure. The cell\'s text was kept as the '
            "reason the July 2020 figure is missing.",
        ),
    ]


def test_unmatched_measures_are_errors_naming_the_row(plan, measures):
    rows = [
        ["Measure", "Jul-20"],
        ["Plans on time", 0.5],
        ["Plans in time", 0.6],
    ]

    report = run_actuals(workbook({"Wide": rows}), plan)

    assert [(e.sheet, e.row, e.column, e.message) for e in report.errors] == [
        (
            "Wide",
            3,
            'A ("Measure")',
            'No measure in this plan is called "Plans in time". Import or add the measure '
            "first, or correct its name.",
        )
    ]
    assert not Actual.objects.exists()


def test_a_locked_period_is_never_written(plan, measures):
    period = factories.make_periods(plan, first=JULY, count=1)[0]
    factories.make_actual(measures["children"], period, 100)
    period.lock(factories.make_admin("locker"))
    rows = [["Measure", "Jul-20"], ["Children open", 130], ["Plans on time", 80]]

    report = run_actuals(workbook({"Wide": rows}), plan)

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (
            2,
            'B ("Jul-20")',
            "July 2020 is locked, so its figures cannot be changed by an "
            "import. Unlock the period first, or leave this figure out.",
        ),
        (
            3,
            'B ("Jul-20")',
            "July 2020 is locked, so its figures cannot be changed by an "
            "import. Unlock the period first, or leave this figure out.",
        ),
    ]
    assert values(measures["children"]) == {JULY: 100}
    assert not measures["plans"].actuals.exists()


def test_periods_are_created_open_as_needed(plan, measures):
    run_actuals(workbook({"Wide": [["Measure", "Sep-20"], ["Children open", 7]]}), plan)

    period = plan.periods.get()
    assert (period.month, period.status) == (datetime.date(2020, 9, 1), "open")


def test_values_breaking_the_unit_are_kept_as_the_missing_reason_and_warned(plan, measures):
    rows = [["Measure", "Jul-20"], ["Plans on time", 130], ["Children open", 2.5]]

    report = run_actuals(workbook({"Wide": rows}), plan)

    assert not report.has_errors
    assert [(w.row, w.message) for w in report.warnings] == [
        (
            2,
            'A percentage must be between 0 and 100. The figure "130" was kept as the reason '
            "the July 2020 figure is missing.",
        ),
        (
            3,
            'A count must be a whole number. The figure "2.5" was kept as the reason the July '
            "2020 figure is missing.",
        ),
    ]
    july = measures["plans"].actuals.get()
    assert (july.value, july.missing_reason) == (None, "130")


def test_a_second_figure_for_the_same_month_is_an_error(plan, measures):
    rows = [
        ["Measure", "Period", "Value"],
        ["Children open", "Jul-20", 5],
        ["Children open", "July 2020", 6],
    ]

    report = run_actuals(workbook({"Long": rows}), plan)

    assert [(e.row, e.message) for e in report.errors] == [
        (3, '"Children open" has a second figure for July 2020 in this file.')
    ]


def test_changed_figures_are_updated_and_listed(plan, measures):
    data = workbook({"Wide": [["Measure", "Jul-20"], ["Children open", 100]]})
    run_actuals(data, plan)

    report = run_actuals(workbook({"Wide": [["Measure", "Jul-20"], ["Children open", 110]]}), plan)

    assert report.count("updated", "actual") == 1
    assert str(report.listed("updated")[0]).startswith(
        '"Children open" July 2020: 110 — changes value'
    )
    figure = measures["children"].actuals.get()
    assert (figure.value, figure.version) == (110, 2)
    assert figure.history.count() == 2


def test_a_sheet_without_figures_is_an_error(plan, measures):
    report = run_actuals(workbook({"Notes": [["Hello"], ["World"]]}), plan)

    assert report.errors[0].message.startswith(
        "No sheet has monthly figures in a layout that can be read"
    )
