"""One policy for a cell (spreadsheets.cells.fields): every kind of typed cell through the
one entry point, and the same bad cell giving the same record and the same warning in the
template reader, the council-layout reader and the monthly figures reader."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvement.models import Action, Plan
from measures.models import Actual
from spreadsheets.cells import figure_values, read_field
from spreadsheets.cells.fields import (
    ACTUAL,
    BASELINE,
    DATE,
    DIRECTION,
    FIGURE,
    FREQUENCY,
    KINDS,
    MONTH,
    RAG,
    REPORT,
    STATUS,
    TARGET,
    TARGET_DATE,
    UNIT,
)
from tests import factories

from .conftest import run_actuals, run_council, run_template, workbook

JULY = datetime.date(2020, 7, 1)
KEPT_MISSING = "The cell's text was kept as the reason the July 2020 figure is missing."
NOTES = "The cell's text was kept in the notes."
REPORT_KEPT = (
    'Could not read "{text}" as a RAG rating (Green, Amber, Red or Blue, or their first '
    "letters); kept in the report's reason as: {line}. Set the Current RAG on the report's page."
)

# --- every kind of cell through read_field ------------------------------------------------

# kind, cell, options, (value, text kept, warning)
CASES = [
    # figures
    (FIGURE, 93, {}, (93, "", "")),
    (FIGURE, 0.93, {"number_format": "0%"}, (93, "", "")),
    (FIGURE, "93%", {}, (93, "", "")),
    (FIGURE, None, {}, (None, "", "")),
    (FIGURE, "n/a", {"role": ACTUAL}, (None, "n/a", "")),
    (
        FIGURE,
        "7 in progress",
        {"role": ACTUAL, "month": JULY},
        (
            None,
            "7 in progress",
            'No figure was read from "7 in progress": the words beside the number ("in '
            f'progress") say it is not a settled figure. {KEPT_MISSING}',
        ),
    ),
    (
        FIGURE,
        "TBC",
        {"role": BASELINE},
        (
            None,
            "TBC",
            'Could not read "TBC" as a figure. The cell\'s text was kept as the baseline wording.',
        ),
    ),
    (
        FIGURE,
        "12 (provisional)",
        {"role": TARGET},
        (
            None,
            "12 (provisional)",
            'No figure was read from "12 (provisional)": the words beside the number '
            '("provisional") say it is not a settled figure. The cell\'s text was kept in '
            "the measure's notes.",
        ),
    ),
    (
        FIGURE,
        "14.14 days Local Indicator",
        {"role": ACTUAL},
        (Decimal("14.14"), "14.14 days Local Indicator", ""),
    ),
    (
        FIGURE,
        130,
        {"role": ACTUAL, "month": JULY, "unit": "percent"},
        (
            None,
            "130",
            'A percentage must be between 0 and 100. The figure "130" was kept as the reason '
            "the July 2020 figure is missing.",
        ),
    ),
    (FIGURE, 2.5, {"role": ACTUAL, "unit": "rate"}, (Decimal("2.5"), "", "")),
    # target dates
    (TARGET_DATE, datetime.datetime(2020, 10, 14), {}, (datetime.date(2020, 10, 14), "", "")),
    (
        TARGET_DATE,
        datetime.datetime(2018, 4, 1),
        {"number_format": "mmmm yyyy"},
        (datetime.date(2018, 4, 30), "April 2018", ""),
    ),
    (TARGET_DATE, "Oct-20", {}, (datetime.date(2020, 10, 31), "Oct-20", "")),
    (TARGET_DATE, "TBC", {}, (None, "TBC", "")),
    (TARGET_DATE, "Ongoing", {}, (None, "Ongoing", "")),
    (
        TARGET_DATE,
        "Oct-20 / Mar-21",
        {},
        (
            datetime.date(2020, 10, 31),
            "Oct-20 / Mar-21",
            'Found more than one date in "Oct-20 / Mar-21"; used the first (October 2020) and '
            "kept the wording.",
        ),
    ),
    (
        TARGET_DATE,
        "when the new team starts",
        {},
        (
            None,
            "when the new team starts",
            'Could not read "when the new team starts" as a date; kept as the target-date wording.',
        ),
    ),
    # keys: the month of a figure, a date saying which record
    (MONTH, "Jul-20", {}, (JULY, "", "")),
    (MONTH, datetime.datetime(2020, 7, 14), {}, (JULY, "", "")),
    (DATE, "14/08/2020", {}, (datetime.date(2020, 8, 14), "", "")),
    # RAG words
    (RAG, "G", {}, ("green", "", "")),
    (RAG, "Amber", {}, ("amber", "", "")),
    (RAG, "A/G", {}, ("amber", "A/G", 'Read "A/G" as amber, the worse of the two ratings given.')),
    (RAG, "Y", {}, (None, "Y", f'Could not read "Y" as a RAG rating. {NOTES}')),
    (RAG, "?????", {}, (None, "?????", f'Could not read "?????" as a RAG rating. {NOTES}')),
    (RAG, None, {}, (None, "", "")),
    # an exception report's RAG: its own ratings too, and unread text kept in its reason
    (RAG, "No data", {"role": REPORT}, ("no_data", "", "")),
    (RAG, "g", {"role": REPORT, "heading": "Current RAG"}, ("green", "", "")),
    (RAG, None, {"role": REPORT, "heading": "Current RAG"}, (None, "", "")),
    (
        RAG,
        "Y",
        {"role": REPORT, "heading": "Current RAG"},
        (None, "Y", REPORT_KEPT.format(text="Y", line='Current RAG typed as "Y"')),
    ),
    # statuses, units, directions, frequencies: one word table each
    (STATUS, "On track", {}, ("in_progress", "", "")),
    (STATUS, "Blue", {}, ("complete", "", "")),
    (STATUS, "Not started", {}, ("not_started", "", "")),
    (
        STATUS,
        "Waiting",
        {},
        (
            None,
            "Waiting",
            'Could not read "Waiting" as a status (Not started, In progress, At risk or '
            f"Complete). {NOTES}",
        ),
    ),
    (UNIT, "%", {}, ("percent", "", "")),
    (UNIT, "Rate per 10,000", {}, ("rate", "", "")),
    (
        UNIT,
        "Kilograms",
        {"instead": "guessed from the figures instead"},
        (
            None,
            "Kilograms",
            f'Could not read "Kilograms" as a unit; guessed from the figures instead. {NOTES}',
        ),
    ),
    (DIRECTION, "Lower is better", {}, ("lower", "", "")),
    (
        DIRECTION,
        "Sideways",
        {},
        (None, "Sideways", f'Could not read "Sideways" as a direction. {NOTES}'),
    ),
    (FREQUENCY, "Quarterly", {}, ("quarterly", "", "")),
    (
        FREQUENCY,
        "Fortnightly",
        {},
        (None, "Fortnightly", f'Could not read "Fortnightly" as a frequency. {NOTES}'),
    ),
]


@pytest.mark.parametrize(("kind", "cell", "options", "expected"), CASES)
def test_read_field(kind, cell, options, expected):
    read = read_field(kind, cell, **options)

    assert (read.value, read.text, read.warning) == expected
    assert not read.error


@pytest.mark.parametrize(
    ("kind", "cell", "error"),
    [
        (MONTH, "soon", 'Could not read "soon" as a month; give it as "Jul-20" or a date.'),
        (DATE, "next week", '"next week" is not a date.'),
        (DATE, "Oct-20 / Mar-21", '"Oct-20 / Mar-21" is not a date.'),
    ],
)
def test_a_key_cell_that_cannot_be_read_is_an_error(kind, cell, error):
    read = read_field(kind, cell)

    assert (read.value, read.error) == (None, error)


def test_target_date_wording_longer_than_the_field_is_kept_whole_in_the_notes():
    wording = "To be reviewed at each board meeting until the service is judged good " * 2

    read = read_field(TARGET_DATE, wording)

    assert (len(read.text), read.note) == (100, wording.strip())
    assert "also kept in the notes" in read.warning


@given(
    kind=st.sampled_from(KINDS),
    value=st.one_of(
        st.none(),
        st.text(max_size=40),
        st.integers(),
        st.floats(),
        st.datetimes(min_value=datetime.datetime(1900, 1, 1)),
    ),
)
def test_any_cell_reads_without_error_and_unread_text_is_never_dropped(kind, value):
    read = read_field(kind, value, role=ACTUAL, unit="percent")

    if read.value is None and not read.error and (read.warning or read.note):
        assert read.text  # what was warned about is kept


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="No such kind"):
        read_field("colour", "red")


@pytest.mark.parametrize(
    ("cell", "commentary", "missing_reason", "expected"),
    [
        (93, None, None, {"value": 93, "missing_reason": ""}),
        (93, "Up", None, {"value": 93, "missing_reason": "", "commentary": "Up"}),
        (
            "93% (5 of 6 plans)",
            "Up",
            None,
            {"value": 93, "missing_reason": "", "commentary": "93% (5 of 6 plans)\nUp"},
        ),
        (
            "7 in progress",
            None,
            "Audit",
            {"value": None, "missing_reason": "7 in progress\nAudit"},
        ),
        (
            None,
            "System change",
            None,
            {"value": None, "missing_reason": "System change", "commentary": ""},
        ),
        (None, None, None, None),
    ],
)
def test_figure_values(cell, commentary, missing_reason, expected):
    values, _warning = figure_values(
        read_field(FIGURE, cell, role=ACTUAL), commentary=commentary, missing_reason=missing_reason
    )

    assert values == expected


# --- the same bad cell in every reader ----------------------------------------------------


def _template_figure(plan, cell):
    rows = [["Area", "Measure", "Month", "Value"], ["Early Help", "Plans on time", "Jul-20", cell]]
    return run_template(workbook({"Actuals": rows, "Notes": [["Sheet"]]}), plan=plan)


def _council_figure(plan, cell):
    rows = [["Area", "Measure", "Actual (July 2020)"], ["Early Help", "Plans on time", cell]]
    return run_council(workbook({"Measures": rows}), plan)


def _figures_figure(plan, cell):
    return run_actuals(
        workbook({"Figures": [["Measure", "Jul-20"], ["Plans on time", cell]]}), plan
    )


FIGURE_READERS = {
    "template": _template_figure,
    "council layout": _council_figure,
    "monthly figures": _figures_figure,
}


def row_two(report):
    return [w.message for w in report.warnings if w.row == 2]


@pytest.mark.django_db
@pytest.mark.parametrize("reader", FIGURE_READERS)
@pytest.mark.parametrize(
    ("cell", "record", "warnings"),
    [
        (
            "7 in progress",
            (None, "7 in progress", ""),
            [
                'No figure was read from "7 in progress": the words beside the number ("in '
                f'progress") say it is not a settled figure. {KEPT_MISSING}'
            ],
        ),
        (
            130,
            (None, "130", ""),
            [
                'A percentage must be between 0 and 100. The figure "130" was kept as the '
                "reason the July 2020 figure is missing."
            ],
        ),
        (
            "85% (provisional)",
            (None, "85% (provisional)", ""),
            [
                'No figure was read from "85% (provisional)": the words beside the number '
                f'("provisional") say it is not a settled figure. {KEPT_MISSING}'
            ],
        ),
        ("n/a", (None, "n/a", ""), []),
        ("85%", (85, "", ""), []),
    ],
)
def test_a_figure_cell_gives_the_same_record_and_warning_in_every_reader(
    plan, area, reader, cell, record, warnings
):
    measure = factories.make_measure(area, "Plans on time", unit="percent")

    report = FIGURE_READERS[reader](plan, cell)

    assert not report.has_errors, [str(e) for e in report.errors]
    actual = Actual.objects.get(measure=measure)
    assert (actual.value, actual.missing_reason, actual.commentary) == record
    assert actual.period.month == JULY
    assert row_two(report) == warnings


def _template_action(plan, header, cell):
    # Our template asks for the reason a RAG is set by hand in a column of its own.
    rows = [
        ["Area", "Reference", "Action", header, "Manual RAG reason"],
        [
            "Early Help",
            "1.1",
            "Audit plans",
            cell,
            "Audit found gaps" if header == "Manual RAG" else "",
        ],
    ]
    return run_template(workbook({"Actions": rows, "Notes": [["Sheet"]]}), plan=plan)


def _council_action(plan, header, cell):
    rows = [["Area", "Ref", "Action", header], ["Early Help", "1.1", "Audit plans", cell]]
    return run_council(workbook({"Actions": rows}), plan)


ACTION_READERS = {"template": _template_action, "council layout": _council_action}


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ACTION_READERS)
@pytest.mark.parametrize(
    ("cell", "record", "warnings"),
    [
        ("TBC", (None, "TBC"), []),
        ("Oct-20", (datetime.date(2020, 10, 31), "Oct-20"), []),
        (
            "Oct-20 / Mar-21",
            (datetime.date(2020, 10, 31), "Oct-20 / Mar-21"),
            [
                'Found more than one date in "Oct-20 / Mar-21"; used the first (October 2020) '
                "and kept the wording."
            ],
        ),
        (
            "after the restructure",
            (None, "after the restructure"),
            ['Could not read "after the restructure" as a date; kept as the target-date wording.'],
        ),
    ],
)
def test_a_target_date_cell_gives_the_same_record_and_warning_in_every_reader(
    plan, area, reader, cell, record, warnings
):
    report = ACTION_READERS[reader](plan, "Target date", cell)

    assert not report.has_errors, [str(e) for e in report.errors]
    action = Action.objects.get(area=area)
    assert (action.target_date, action.target_date_text) == record
    assert row_two(report) == warnings


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ACTION_READERS)
@pytest.mark.parametrize(
    ("cell", "manual_rag", "note", "warnings"),
    [
        ("Y", "", "Manual RAG: Y", [f'Could not read "Y" as a RAG rating. {NOTES}']),
        ("?????", "", "Manual RAG: ?????", [f'Could not read "?????" as a RAG rating. {NOTES}']),
        ("G", "green", "", []),
        ("A/G", "amber", "", ['Read "A/G" as amber, the worse of the two ratings given.']),
    ],
)
def test_a_rag_cell_gives_the_same_record_and_warning_in_every_reader(
    plan, area, reader, cell, manual_rag, note, warnings
):
    report = ACTION_READERS[reader](plan, "Manual RAG", cell)

    assert not report.has_errors, [str(e) for e in report.errors]
    action = Action.objects.get(area=area)
    assert (action.manual_rag, action.notes) == (manual_rag, note)
    assert row_two(report) == warnings


@pytest.mark.django_db
def test_an_unread_rag_is_added_to_notes_entered_on_the_web_not_over_them(plan, area):
    action = factories.make_action(area, "Audit plans", reference="1.1", notes="Board asked")

    _template_action(plan, "Manual RAG", "Y")
    again = _template_action(plan, "Manual RAG", "Y")

    action.refresh_from_db()
    assert action.notes == "Board asked\nManual RAG: Y"
    assert again.count("updated") == 0  # the same file twice changes nothing


@pytest.mark.django_db
def test_the_template_reads_a_councils_words_for_a_status_and_a_unit(plan, area):
    data = workbook(
        {
            "Actions": [["Area", "Action", "Status"], ["Early Help", "Audit plans", "On track"]],
            "Measures": [["Area", "Measure", "Unit"], ["Early Help", "Plans on time", "%"]],
            "Notes": [["Sheet"]],
        }
    )

    report = run_template(data, plan=plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert Action.objects.get(area=area).status == "in_progress"
    assert area.measures.get().unit == "percent"


def _template_target(plan, cell):
    rows = [
        ["Area", "Measure", "Effective from", "Target"],
        ["Early Help", "Plans on time", "Apr-20", cell],
    ]
    return run_template(workbook({"Targets": rows, "Notes": [["Sheet"]]}), plan=plan)


def _council_target(plan, cell):
    rows = [["Area", "Measure", "Target"], ["Early Help", "Plans on time", cell]]
    return run_council(workbook({"Measures": rows}), plan)


TARGET_READERS = {"template": _template_target, "council layout": _council_target}


@pytest.mark.django_db
@pytest.mark.parametrize("reader", TARGET_READERS)
@pytest.mark.parametrize(
    ("cell", "target", "note", "warnings"),
    [
        (
            "TBC",
            None,
            "Target: TBC",
            [
                "Could not read \"TBC\" as a figure. The cell's text was kept in the measure's "
                "notes."
            ],
        ),
        ("n/a", None, "Target: n/a", ['No target figure in "n/a"; kept in the measure\'s notes.']),
        ("95%", 95, "", []),
    ],
)
def test_a_target_cell_gives_the_same_record_and_warning_in_every_reader(
    plan, area, reader, cell, target, note, warnings
):
    measure = factories.make_measure(area, "Plans on time", unit="percent")

    report = TARGET_READERS[reader](plan, cell)

    assert not report.has_errors, [str(e) for e in report.errors]
    measure.refresh_from_db()
    assert [t.value for t in measure.targets.all()] == ([target] if target else [])
    assert measure.notes == note
    assert row_two(report) == warnings


# --- the Plan sheet's headings, matched as every other sheet's ---------------------------


@pytest.mark.parametrize(
    ("headers", "slug", "organisation"),
    [
        (["Slug", "Organisation", "Title"], "fullshire-2024", "Fullshire County Council"),
        (["SLUG:", " organisation. ", "Title"], "fullshire-2024", "Fullshire County Council"),
    ],
)
@pytest.mark.django_db
def test_the_plan_sheets_headings_are_matched_by_the_one_header_matcher(
    headers, slug, organisation
):
    data = workbook(
        {
            "Plan": [
                headers,
                ["fullshire-2024", "Fullshire County Council", "Our improvement plan"],
            ],
            "Areas": [["Area", "Lead"], ["Early Help", "Head of Early Help"]],
            "Periods": [["Month", "Status"], [JULY, "Open"]],
        }
    )

    report = run_template(data)

    assert not report.has_errors, [str(e) for e in report.errors]
    plan = Plan.objects.get()
    assert (plan.slug, plan.organisation) == (slug, organisation)
