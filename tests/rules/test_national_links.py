"""Linking a measure to a national indicator: what the catalogue fills in and what it warns."""

import pytest

from comparators.models import Indicator
from measures.national import link_indicator, unit_for


def indicator(polarity="lower", unit="% of referrals"):
    return Indicator(
        code="ReReferral",
        name="Re-referrals to children's social care within 12 months",
        polarity=polarity,
        unit=unit,
    )


@pytest.mark.parametrize(
    "published, expected",
    [
        ("% of referrals", ("percent", "of referrals")),
        ("Percentage of children", ("percent", "of children")),
        ("Rate per 10,000", ("rate", "per 10,000")),
        ("Number of Children Looked After", ("count", "Children Looked After")),
        ("Number", ("count", "")),
        ("Average Score", ("score", "")),
        ("Case Load", None),
        ("Spend", None),
        ("", None),
    ],
)
def test_unit_from_the_catalogues_wording(published, expected):
    assert unit_for(published) == expected


def test_a_measure_with_no_direction_or_unit_takes_the_indicators():
    fills, warnings = link_indicator(indicator(), direction="", unit="")

    assert fills == {"direction": "lower", "unit": "percent"}
    assert warnings == []


def test_a_rate_fills_its_label_too():
    fills, _ = link_indicator(indicator("neither", "Rate per 10,000"))

    assert fills == {"unit": "rate", "unit_label": "per 10,000"}


def test_a_measure_that_agrees_is_left_alone_and_not_warned():
    assert link_indicator(indicator(), direction="lower", unit="percent") == ({}, [])


def test_a_measure_that_disagrees_keeps_its_own_and_is_warned_naming_both():
    fills, warnings = link_indicator(
        indicator(), direction="higher", unit="count", name="Re-referrals"
    )

    assert fills == {}
    assert warnings == [
        '"Re-referrals" is recorded as higher is better, but the national indicator '
        'ReReferral ("Re-referrals to children\'s social care within 12 months") is lower '
        "is better.",
        '"Re-referrals" is recorded as a count, but the national indicator ReReferral '
        '("Re-referrals to children\'s social care within 12 months") is published as '
        '"% of referrals".',
    ]


def test_an_indicator_without_a_polarity_fills_no_direction_and_warns_of_none():
    fills, warnings = link_indicator(indicator("neither"), direction="monitor", unit="percent")

    assert (fills, warnings) == ({}, [])
