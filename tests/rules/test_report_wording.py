"""Unit tests for measures.report_wording: the sentences an exception report can borrow from
the SPC charts, worked out from real readings (measures.spc_words.read) of crafted series."""

from datetime import date

import pytest

from measures import spc_words
from measures.report_wording import MeasureReading, draft_text, sentence, suggestions

STEADY = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 11, 9]  # mean 10, limits about 4.7 to 15.3


def months(count, first=date(2019, 8, 1)):
    """`count` months from August 2019 on."""
    return [
        date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def reading(values, *, better="lower", target=None, rebase_at=()):
    when = months(len(values))
    return spc_words.read(
        values, when, better=better, target=target, rebase_months=[when[i] for i in rebase_at]
    )


def month_of(values):
    return f"{months(len(values))[-1]:%B %Y}"


@pytest.mark.parametrize(
    ("values", "better", "target", "rebase_at", "kind", "expected"),
    [
        (
            STEADY,
            "lower",
            9.5,
            (),
            "common_cause",
            "Caseload: the July 2020 figure is within normal variation; the target is inside "
            "the normal range, so it will be hit and miss.",
        ),
        (
            STEADY,
            "lower",
            20,
            (),
            "common_cause",
            "Caseload: the July 2020 figure is within normal variation; the target is outside "
            "the normal range, so it should be met every month.",
        ),
        (
            STEADY,
            "lower",
            2,
            (),
            "common_cause",
            "Caseload: the July 2020 figure is within normal variation; the target is outside "
            "the normal range, so it will not be met without a change in how the service works.",
        ),
        (
            STEADY,
            "neither",
            None,
            (),
            "common_cause",
            "Caseload: the July 2020 figure is within normal variation.",
        ),
        (  # a new process from December 2019, and 8 months below its mean since
            [20, 21, 19, 20, 12, 13, 12, 13, 9, 10, 9, 10, 9, 10, 9, 10],
            "lower",
            None,
            (4,),
            "improvement",
            "Caseload: special cause, improving: 8 months in a row below the mean since "
            "December 2019 (new front door).",
        ),
        (
            [*STEADY[:-1], 30],
            "lower",
            None,
            (),
            "concern",
            "Caseload: special cause, concerning: the July 2020 figure is above the upper "
            "process limit.",
        ),
        (
            [*STEADY[:-1], 30],
            "higher",
            None,
            (),
            "improvement",
            "Caseload: special cause, improving: the July 2020 figure is above the upper "
            "process limit.",
        ),
        (
            [10, 11, 9, 10, 12, 9, 8, 12, 11, 12, 11, 12, 11, 12],
            "neither",
            None,
            (),
            "neutral",
            "Caseload: special cause: 7 months in a row above the mean.",
        ),
        (
            [12, 8, 13, 7, 12, 8, 13, 7, 9, 9.5, 10, 10.5, 11, 11.5, 12],
            "lower",
            None,
            (),
            "concern",
            "Caseload: special cause, concerning: 8 months in a row each higher than the last.",
        ),
        (  # a limit broken after a rebase: judged on the new process's months
            [30, 31, 29, *STEADY[:-1], 30],
            "lower",
            None,
            (3,),
            "concern",
            "Caseload: special cause, concerning: the October 2020 figure is above the upper "
            "process limit, judged on the months since November 2019 (new front door).",
        ),
        (
            STEADY[:8],
            "lower",
            9.5,
            (),
            "not_enough",
            "Caseload: not enough months to judge variation yet (8 of 12).",
        ),
        (
            [*STEADY, 10, 11, 9],
            "lower",
            None,
            (10,),
            "not_enough",
            "Caseload: not enough months since June 2020 (new front door) to judge variation "
            "yet (5 of 12).",
        ),
    ],
)
def test_each_reading_is_put_in_a_plain_sentence(values, better, target, rebase_at, kind, expected):
    found = sentence(
        MeasureReading(
            "Caseload",
            reading(values, better=better, target=target, rebase_at=rebase_at),
            "new front door",
        ),
        month=month_of(values),
    )
    assert found.kind == kind
    assert found.text == expected


def test_a_rebase_without_a_reason_says_only_the_month():
    values = [20, 21, 19, 20, 12, 13, 12, 13, 9, 10, 9, 10, 9, 10, 9, 10]
    found = sentence(
        MeasureReading("Caseload", reading(values, rebase_at=(4,))), month=month_of(values)
    )
    assert found.text.endswith("below the mean since December 2019.")


@pytest.mark.parametrize("values", [[*STEADY, None], [None], []])
def test_a_measure_without_a_figure_this_month_says_nothing(values):
    assert sentence(MeasureReading("Caseload", reading(values)), month="July 2020") is None


def test_a_measure_without_a_reading_says_nothing():
    assert sentence(MeasureReading("Caseload", None), month="July 2020") is None


def test_what_needs_looking_into_comes_first():
    measures = [
        MeasureReading("Few", reading(STEADY[:8])),
        MeasureReading("Steady", reading(STEADY)),
        MeasureReading("Missing", reading([*STEADY, None])),
        MeasureReading(
            "Neutral",
            reading([10, 11, 9, 10, 12, 9, 8, 12, 11, 12, 11, 12, 11, 12], better="neither"),
        ),
        MeasureReading("Better", reading([*STEADY[:-1], 30], better="higher")),
        MeasureReading("Worse", reading([*STEADY[:-1], 30], better="lower")),
        MeasureReading("Steady too", reading(STEADY)),
    ]
    found = suggestions(measures, month="July 2020")
    assert [s.name for s in found] == [
        "Worse",
        "Better",
        "Neutral",
        "Steady",
        "Steady too",
        "Few",
    ]


def test_the_draft_holds_whole_sentences_up_to_the_limit():
    found = suggestions(
        [MeasureReading(name, reading(STEADY)) for name in ("A", "B", "C")], month="July 2020"
    )
    one = len(found[0].text)
    assert draft_text(found, limit=10_000).split("\n") == [s.text for s in found]
    assert draft_text(found, limit=2 * one + 1) == f"{found[0].text}\n{found[1].text}"
    assert draft_text(found, limit=2 * one) == found[0].text
    assert draft_text([], limit=100) == ""
