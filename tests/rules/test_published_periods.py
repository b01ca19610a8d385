"""A published annual figure stands on the last month its year covers."""

import datetime

import pytest

from comparators.periods import year_ends_on, year_type_words


@pytest.mark.parametrize(
    "year_type, year_end, expected",
    [
        ("Financial Year", 2025, datetime.date(2025, 3, 31)),
        ("Annual", 2020, datetime.date(2020, 3, 31)),
        ("Academic Year", 2024, datetime.date(2024, 8, 31)),
        ("Annual (end of Sept)", 2019, datetime.date(2019, 9, 30)),
        ("Annual - January", 2023, datetime.date(2023, 1, 31)),
        ("Calendar  year", 2022, datetime.date(2022, 12, 31)),
        ("Three-year period", 2016, None),
        ("Financial Year", 0, None),
    ],
)
def test_the_last_day_a_published_year_covers(year_type, year_end, expected):
    assert year_ends_on(year_type, year_end) == expected


def test_the_year_in_words_says_what_it_covers():
    assert year_type_words("Financial Year", "2024-25") == (
        "2024-25 (financial year, April to March)"
    )
    assert year_type_words("Annual (end of Sept)", "2024") == "2024 (at 30 September)"
    assert year_type_words("", "2014-16") == "2014-16"
