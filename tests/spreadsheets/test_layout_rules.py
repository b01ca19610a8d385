"""The small reading rules of council layouts, table-driven (no database)."""

import datetime

import pytest

from spreadsheets.layouts import (
    MeasureSheet,
    _looks_like_names,
    header_month,
    is_timeframe,
    month_only_text,
    split_recommendation,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "1. Ensure that prompt decisions are made",
            ("1", "Ensure that prompt decisions are made"),
        ),
        ("REC 4 Improve supervision", ("4", "Improve supervision")),
        ("Recommendation 2: Strengthen oversight", ("2", "Strengthen oversight")),
        ("3) Review plans", ("3", "Review plans")),
        ("2.1 Audit referrals", ("2.1", "Audit referrals")),
        ("R7", ("R7", "")),
        ("Improve the quality of plans", ("", "Improve the quality of plans")),
    ],
)
def test_split_recommendation(text, expected):
    assert split_recommendation(text) == expected


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Actual (July 2020)", datetime.date(2020, 7, 1)),
        ("Latest Jul-20", datetime.date(2020, 7, 1)),
        ("Baseline (March 2019)", datetime.date(2019, 3, 1)),
        ("Actual", None),
        ("Latest", None),
        ("", None),
    ],
)
def test_header_month(header, expected):
    assert header_month(header) == expected


@pytest.mark.parametrize(
    "value, number_format, expected",
    [
        (datetime.datetime(2017, 12, 1), "mmmm yyyy", "December 2017"),
        (datetime.datetime(2020, 10, 1), "mmm-yy", "Oct-20"),
        (datetime.datetime(2020, 10, 14), "dd/mm/yyyy", ""),
        (datetime.datetime(2020, 10, 14), "General", ""),
        ("April 2018", "mmmm yyyy", ""),
    ],
)
def test_month_only_text(value, number_format, expected):
    assert month_only_text(value, number_format) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Within three months", True),
        ("Immediately", True),
        ("Medium term (6-12 months)", True),
        ("Early Help", False),
        ("1. Strengthen management oversight", False),
    ],
)
def test_is_timeframe(text, expected):
    assert is_timeframe(text) is expected


@pytest.mark.parametrize(
    "cells, expected",
    [
        (["April Bald\nElaine Allegretti", "Jackie Cook", "Alasdair Smith Andrew Fowler"], True),
        (["- Audit scheduled for February 2018", "Forms now in operation"], False),
        (["Head of Service", "Ann One"], True),
        (["In progress", "Complete"], False),
        (["Jackie Cook"], False),  # one cell is not enough to tell
    ],
)
def test_looks_like_names(cells, expected):
    assert _looks_like_names(cells) is expected


@pytest.mark.parametrize(
    "name, target, expected",
    [
        ("Reduce the rate of children subject to child protection planning", "65", "lower"),
        ("Safely reduce the total number of Looked After Children", "420", "lower"),
        ("Monitor the number of open EoC cases", ">109", "monitor"),
        ("Ensure the rate of custodial sentences is <0.3.", "<0.3", "lower"),
        ("Ensure 100% of referrals are dealt with within 1 working day or less", "100%", "higher"),
        ("Maintain the % of Edge of Care children with their family to >75%", ">75%", "higher"),
        ("Caseloads of 20 or less", "20", "lower"),
        ("Number of adoptions", "3 per month", "higher"),
    ],
)
def test_guess_direction(name, target, expected):
    assert MeasureSheet.guess_direction(name, target) == expected
