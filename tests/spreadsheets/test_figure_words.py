"""A figure cell with words beside its number gives no figure; of several labelled figures
the one the measure's wording names is taken (spreadsheets.cells.numbers and .labels).

Plain pytest, no database: every example is a cell as a council typed it, most of them
from the sample workbooks and the seed plans.
"""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spreadsheets.cells import parse_number_cell
from spreadsheets.cells.labels import LabelledFigure, pick_labelled_figure

KEPT = "The cell was kept as text."
TURNOVER = "Reduce Numbers and % Staff Turnover (rolling year) to 5% or less overall"
CASELOADS = (
    "Reduce and maintain caseload numbers to an average of 20 children per FTE allocated "
    "social worker in PACT and 15 in LAC services"
)
EMERGENCY_BEDS = "Maintain the % of Looked after Children Placed in emergency beds / B&B at 0 (0%)"
SICKNESS = "Reduce Sickness absence days per employee to 8 days or less in rolling year"
REVIEWS = (
    "Ensure that 100% of Child Safeguarding Practice Reviews and Serious Case Reviews are "
    "completed within timescales."
)
EDUCATION = (
    "Ensure 75% or more of young people who are in suitable ETE provision when their disposal ended"
)


def hedged(text, words):
    return (
        f'No figure was read from "{text}": the words beside the number ({words}) say it is '
        f"not a settled figure. {KEPT}"
    )


def wordy(text, words):
    return (
        f'No figure was read from "{text}": it has words beside the number ("{words}") that '
        f"may change what it means. {KEPT}"
    )


# --- words with a number give no figure; a number with its unit or formatting does -----


@pytest.mark.parametrize(
    ("text", "wording", "value", "unit", "warning"),
    [
        # plainly a number with its unit or formatting: read as it stands, no warning
        pytest.param("93%", "", D("93"), "percent", "", id="percent"),
        pytest.param("1,234", "", D("1234"), "", "", id="thousands"),
        pytest.param("14 days", "", D("14"), "days", "", id="days"),
        pytest.param("0.5", "", D("0.5"), "", "", id="decimal"),
        pytest.param("26.8 per 10,000", "", D("26.8"), "rate", "", id="rate"),
        pytest.param("-", "", None, "", "", id="dash-is-not-applicable"),
        pytest.param("2 per month", "Number of adoptions", D("2"), "", "", id="per-month"),
        pytest.param("72% Local Indicator", "", D("72"), "percent", "", id="local-indicator"),
        pytest.param(
            "0.25 (5 custodial sentences)", "", D("0.25"), "", "", id="bracket-says-what-counted"
        ),
        # words the measure's own wording already uses add nothing
        pytest.param(
            "8 days in a rolling year per employee", SICKNESS, D("8"), "days", "", id="restated"
        ),
        pytest.param(
            "100% of reviews completed within timescales.",
            REVIEWS,
            D("100"),
            "percent",
            "",
            id="restated-plural",
        ),
        # words that say the number is not a settled figure
        pytest.param(
            "7 in progress", REVIEWS, None, "", hedged("7 in progress", '"in progress"'), id="7"
        ),
        pytest.param("approx 40", "", None, "", hedged("approx 40", '"approx"'), id="approx"),
        pytest.param("~40", "", None, "", hedged("~40", '"~"'), id="tilde"),
        pytest.param(
            "12 (provisional)",
            "",
            None,
            "",
            hedged("12 (provisional)", '"provisional"'),
            id="provisional",
        ),
        pytest.param(
            "85.5% (provisional)",
            "",
            None,
            "percent",
            hedged("85.5% (provisional)", '"provisional"'),
            id="provisional-percent",
        ),
        pytest.param("45 TBC", "", None, "", hedged("45 TBC", '"TBC"'), id="tbc"),
        # a date beside the number: it is for another time
        pytest.param(
            "200 by 2023",
            "Increase the number of 'in house' foster carers",
            None,
            "",
            f'No figure was read from "200 by 2023": it names a date ("by 2023"), so the '
            f"number is not a figure for now. {KEPT}",
            id="later-target",
        ),
        pytest.param(
            "From Sept 2020 Local Indicator",
            "",
            None,
            "",
            'No figure in "From Sept 2020 Local Indicator"; did not understand '
            f'"From Sept 2020". {KEPT}',
            id="from-a-month",
        ),
        # other words the measure does not use
        pytest.param(
            "18 overall", CASELOADS, None, "", wordy("18 overall", "overall"), id="unnamed-word"
        ),
        pytest.param(
            "5 children waiting",
            "",
            None,
            "",
            wordy("5 children waiting", "children waiting"),
            id="no-wording-given",
        ),
    ],
)
def test_words_beside_a_number(text, wording, value, unit, warning):
    cell = parse_number_cell(text, wording=wording)

    assert (cell.value, cell.unit, cell.warning) == (value, unit, warning)
    assert cell.text == text  # what was typed is always kept


def test_the_warning_says_where_the_text_was_kept():
    cell = parse_number_cell("7 in progress")

    assert cell.warning_kept("as the baseline wording") == (
        'No figure was read from "7 in progress": the words beside the number ("in progress") '
        "say it is not a settled figure. The cell's text was kept as the baseline wording."
    )


# --- several labelled figures in one cell ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "wording", "expected"),
    [
        pytest.param(
            "5% social worker; 9% overall",
            TURNOVER,
            LabelledFigure(
                D("9"),
                unit="percent",
                label="overall",
                labels=("social worker", "overall"),
                kept="5% social worker",
            ),
            id="overall-named",
        ),
        pytest.param(
            "5% social worker; 9% overall",
            "Reduce social worker turnover",
            LabelledFigure(
                D("5"),
                unit="percent",
                label="social worker",
                labels=("social worker", "overall"),
                kept="9% overall",
            ),
            id="social-worker-named",
        ),
        pytest.param(
            "PACT 25, LAC 20",
            "Reduce caseloads in LAC teams",
            LabelledFigure(D("20"), label="LAC", labels=("PACT", "LAC"), kept="PACT 25"),
            id="label-before-figure",
        ),
        pytest.param(
            "4% care leavers; 0% LAC",
            EMERGENCY_BEDS,
            LabelledFigure(
                D("0"),
                unit="percent",
                label="LAC",
                labels=("care leavers", "LAC"),
                kept="4% care leavers",
            ),
            id="abbreviation-spelt-out-by-the-measure",
        ),
        pytest.param(
            "PACT 25, LAC 20",
            CASELOADS,
            LabelledFigure(None, label="PACT", labels=("PACT", "LAC")),
            id="both-named",
        ),
        pytest.param(
            "5% social worker; 9% overall",
            "Reduce staff turnover",
            LabelledFigure(None, labels=("social worker", "overall")),
            id="neither-named",
        ),
        pytest.param(
            "20 allocated children per worker in PACT; 15 per",
            CASELOADS,
            LabelledFigure(None, labels=("allocated children per worker in PACT", "")),
            id="one-figure-unlabelled",
        ),
        pytest.param(
            "66.7% - <16 yrs 46.1% - >16 yrs",
            EDUCATION,
            LabelledFigure(None),
            id="figures-not-apart",
        ),
    ],
)
def test_pick_labelled_figure(text, wording, expected):
    assert pick_labelled_figure(text, wording) == expected


@pytest.mark.parametrize(
    ("text", "wording", "value", "warning"),
    [
        pytest.param(
            "5% social worker; 9% overall",
            TURNOVER,
            D("9"),
            'Read 9% from "5% social worker; 9% overall": the figure for "overall", which the '
            'measure\'s wording names; the other ("5% social worker") was not used. '
            f"{KEPT}",
            id="taken",
        ),
        pytest.param(
            "4% social workers; 2% overall Local Indicator",
            TURNOVER,
            D("2"),
            'Read 2% from "4% social workers; 2% overall Local Indicator": the figure for '
            '"overall", which the measure\'s wording names; the other ("4% social workers") '
            f"was not used. {KEPT}",
            id="taken-beside-local-indicator",
        ),
        pytest.param(
            "5% social worker; 9% overall",
            "Reduce staff turnover",
            None,
            'No figure was read from "5% social worker; 9% overall": it holds more than one '
            'figure and the measure\'s wording names none of their labels ("social worker", '
            f'"overall"), so it is not known which one the measure is about. {KEPT}',
            id="none-named",
        ),
        pytest.param(
            "PACT 25, LAC 20",
            CASELOADS,
            None,
            'No figure was read from "PACT 25, LAC 20": it holds more than one figure and the '
            'measure\'s wording names more than one of their labels ("PACT", "LAC"), so it is '
            f"not known which one the measure is about. {KEPT}",
            id="both-named",
        ),
        pytest.param(
            "18 overall Caseloads are above 25 children in PACT and 20 in LAC",
            CASELOADS,
            None,
            'No figure was read from "18 overall Caseloads are above 25 children in PACT and 20 '
            'in LAC": it holds more than one figure and its figures cannot be told apart by a '
            f"label, so it is not known which one the measure is about. {KEPT}",
            id="sentence",
        ),
        pytest.param(
            "47% SN 50%; Nat 50%", "", D("47"), "", id="comparators-are-not-second-figures"
        ),
    ],
)
def test_a_cell_with_two_figures_reads_the_named_one(text, wording, value, warning):
    cell = parse_number_cell(text, wording=wording)

    assert (cell.value, cell.warning) == (value, warning)


@given(
    number=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    words=st.sampled_from(["in progress", "(provisional)", "approx", "estimated", "by 2023"]),
    before=st.booleans(),
)
def test_a_hedged_number_is_never_a_figure(number, words, before):
    text = f"{words} {number}" if before else f"{number} {words}"

    cell = parse_number_cell(text, wording="Number of children in progress reviews")

    assert cell.value is None
    assert cell.text == text and cell.warning.endswith(KEPT)


@given(text=st.text(max_size=60), wording=st.text(max_size=60))
def test_any_text_reads_without_error(text, wording):
    cell = parse_number_cell(text, wording=wording)

    assert cell.value is None or cell.value.is_finite()
    assert isinstance(pick_labelled_figure(text, wording), LabelledFigure)
