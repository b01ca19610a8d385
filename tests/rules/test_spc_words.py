"""The SPC readings in words and icons (measures.spc_words), as the board reads them."""

from datetime import date

import pytest

from measures import spc_words


def months(count, first=date(2019, 8, 1)):
    out, month = [], first
    for _ in range(count):
        out.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return out


def read(values, **options):
    return spc_words.read(values, months(len(values)), **options)


STEADY = [50, 52, 49, 51, 50, 53, 48, 51, 50, 52, 49, 51]


@pytest.mark.parametrize(
    ("values", "better", "variation_text", "icon"),
    [
        (
            STEADY,
            "higher",
            "Common cause: the latest month is within normal variation",
            "common-cause",
        ),
        (
            [52, 54, 51, 53, 52, 54, 50, 49, 50, 49, 50, 49, 50, 49],
            "higher",
            "Special cause, concerning: 8 months in a row below the mean",
            "concern-low",
        ),
        (
            [52, 54, 51, 53, 52, 54, 50, 49, 50, 49, 50, 49, 50, 49],
            "lower",
            "Special cause, improving: 8 months in a row below the mean",
            "improvement-low",
        ),
        (
            [30, 31, 29, 30, 31, 30, 29, 30, 31, 30, 29, 45],
            "lower",
            "Special cause, concerning: the latest month is above the upper process limit",
            "concern-high",
        ),
        (
            [50, 52, 49, 51, 50, 41, 42, 43, 44, 45, 46, 47],
            "higher",
            "Special cause, improving: 7 months in a row each higher than the last",
            "improvement-high",
        ),
        (
            [*STEADY[:-1], 65],
            "neither",
            "Special cause: the latest month is above the upper process limit",
            "neutral-high",
        ),
    ],
)
def test_the_variation_reading_says_what_made_it(values, better, variation_text, icon):
    reading = read(values, better=better)
    assert reading.enough
    assert reading.variation_text == variation_text
    assert reading.variation_icon == icon
    assert reading.label == variation_text.partition(":")[0]


@pytest.mark.parametrize(
    ("better", "target", "assurance", "text"),
    [
        ("higher", 50, "hit_and_miss", "Hit and miss: the target is inside the normal range"),
        (
            "higher",
            40,
            "pass",
            "Consistently passing: the target is outside the normal range, "
            "so every month should meet it",
        ),
        (
            "higher",
            70,
            "fail",
            "Consistently failing: the target is outside the normal range, "
            "so no month will meet it without a change",
        ),
        (
            "lower",
            40,
            "fail",
            "Consistently failing: the target is outside the normal range, "
            "so no month will meet it without a change",
        ),
        ("higher", None, None, ""),
        ("neither", 50, None, ""),
    ],
)
def test_the_assurance_reading_compares_the_target_with_the_limits(better, target, assurance, text):
    reading = read(STEADY, better=better, target=target)
    assert reading.assurance == assurance
    assert reading.assurance_text == text
    assert reading.assurance_icon == (assurance.replace("_", "-") if assurance else "")


def test_with_fewer_than_twelve_months_there_is_no_reading_and_it_says_how_many():
    reading = read(STEADY[:11], better="higher", target=70)
    assert not reading.enough
    assert reading.variation is None
    assert reading.assurance is None
    assert reading.variation_text == "Not enough months to judge variation (11 of 12)"
    assert reading.assurance_text == ""
    assert reading.variation_icon == "not-enough"
    assert reading.label == "Not enough months"
    assert not reading.is_special


def test_months_without_a_figure_are_left_out_of_the_count():
    values = [*STEADY[:6], None, None, *STEADY[6:]]
    reading = read(values, better="higher")
    assert reading.enough
    assert reading.size == 12
    assert reading.chart.left_out == (6, 7)
    assert reading.left_out_text == (
        "2 months without a figure are left out: February 2020, March 2020"
    )
    assert read(STEADY, better="higher").left_out_text == ""


def test_a_change_in_process_starts_the_count_again():
    values = STEADY + [60, 61, 59, 60]
    rebase = months(len(values))[12]
    reading = read(values, better="higher", rebase_months=[rebase])
    assert reading.rebased_from == rebase
    assert reading.size == 4
    assert reading.variation_text == "Not enough months to judge variation (4 of 12)"
    assert reading.chart.points[12].mean == pytest.approx(60)


def test_a_month_in_a_table_reads_as_its_rule():
    reading = read([*STEADY[:-1], 65], better="lower")
    assert spc_words.point_words(reading.chart.points[0]) == "Common cause"
    assert (
        spc_words.point_words(reading.chart.points[-1])
        == "Special cause, concerning: above the upper process limit"
    )
    gap = spc_words.read([30, None], months(2), better="lower")
    assert spc_words.point_words(gap.chart.points[1]) == "No figure"
