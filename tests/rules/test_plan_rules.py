"""Unit tests for improvement.rules: ratings, actions and periods (plain pytest, no database)."""

from datetime import date, timedelta

import pytest

from improvement.rules import (
    DUE_SOON_DAYS,
    RAG,
    ActionStatus,
    BoardPeriod,
    PeriodBasis,
    Trend,
    action_rag,
    as_rag,
    as_status,
    board_period,
    date_words,
    is_overdue,
    judged_at,
    latest_period,
    latest_with_value,
    long_date_words,
    manual_rag_reason_required,
    month_end,
    next_month,
    rag_change,
    working_period,
    worst_rag,
)

TODAY = date(2025, 6, 1)
SOON = TODAY + timedelta(days=DUE_SOON_DAYS)


@pytest.mark.parametrize(
    ("rag", "severity"),
    [
        (RAG.BLUE, 0),
        (RAG.GREEN, 1),
        (RAG.AMBER, 2),
        (RAG.RED, 3),
        (RAG.NO_DATA, 0),
        (RAG.NOT_RATED, 0),
    ],
)
def test_severity(rag, severity):
    assert rag.severity == severity


@pytest.mark.parametrize(
    ("member", "symbol"),
    [
        (Trend.IMPROVING, "▲"),
        (Trend.WORSENING, "▼"),
        (Trend.NO_CHANGE, "►"),
        (Trend.UP, "↑"),
        (Trend.DOWN, "↓"),
        (Trend.NO_DATA, "–"),
    ],
)
def test_trend_symbols(member, symbol):
    assert member.symbol == symbol


@pytest.mark.parametrize(
    ("status", "target_date", "manual", "expected"),
    [
        # manual override beats everything, empty manual is ignored
        (ActionStatus.COMPLETE, TODAY - timedelta(days=9), RAG.RED, RAG.RED),
        (ActionStatus.NOT_STARTED, TODAY - timedelta(days=9), "green", RAG.GREEN),
        (ActionStatus.IN_PROGRESS, None, "amber", RAG.AMBER),
        (ActionStatus.IN_PROGRESS, None, "", RAG.GREEN),
        # complete is blue even when late
        (ActionStatus.COMPLETE, TODAY - timedelta(days=1), None, RAG.BLUE),
        (ActionStatus.COMPLETE, None, None, RAG.BLUE),
        # past target date and not complete
        (ActionStatus.IN_PROGRESS, TODAY - timedelta(days=1), None, RAG.RED),
        (ActionStatus.AT_RISK, TODAY - timedelta(days=1), None, RAG.RED),
        (ActionStatus.NOT_STARTED, TODAY - timedelta(days=1), None, RAG.RED),
        # at risk
        (ActionStatus.AT_RISK, None, None, RAG.AMBER),
        (ActionStatus.AT_RISK, TODAY + timedelta(days=365), None, RAG.AMBER),
        # not started and due soon (today .. today + 30 inclusive)
        (ActionStatus.NOT_STARTED, TODAY, None, RAG.AMBER),
        (ActionStatus.NOT_STARTED, SOON, None, RAG.AMBER),
        (ActionStatus.NOT_STARTED, SOON + timedelta(days=1), None, RAG.GREEN),
        (ActionStatus.NOT_STARTED, None, None, RAG.GREEN),
        # in progress and due soon is fine
        (ActionStatus.IN_PROGRESS, TODAY, None, RAG.GREEN),
        (ActionStatus.IN_PROGRESS, SOON, None, RAG.GREEN),
        ("in_progress", None, None, RAG.GREEN),
        ("not_started", SOON, None, RAG.AMBER),
    ],
)
def test_action_rag(status, target_date, manual, expected):
    rag = action_rag(status=status, target_date=target_date, today=TODAY, manual_rag=manual)
    assert rag is expected


@pytest.mark.parametrize(
    ("status", "target_date", "expected"),
    [
        (ActionStatus.IN_PROGRESS, TODAY - timedelta(days=1), True),
        ("not_started", TODAY - timedelta(days=1), True),
        (ActionStatus.AT_RISK, TODAY - timedelta(days=1), True),
        (ActionStatus.COMPLETE, TODAY - timedelta(days=1), False),
        (ActionStatus.IN_PROGRESS, TODAY, False),
        (ActionStatus.IN_PROGRESS, None, False),
    ],
)
def test_is_overdue(status, target_date, expected):
    assert is_overdue(status=status, target_date=target_date, today=TODAY) is expected


# --- the order of ratings ------------------------------------------------------


def test_ratings_sort_worst_first():
    ordered = sorted([RAG.BLUE, RAG.NO_DATA, RAG.GREEN, RAG.RED, RAG.AMBER], key=lambda r: r.rank)
    assert ordered == [RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE, RAG.NO_DATA]


@pytest.mark.parametrize(
    ("rags", "expected"),
    [
        ([RAG.GREEN, RAG.RED, RAG.AMBER], RAG.RED),
        (["blue", "green"], RAG.GREEN),
        (["blue", "blue"], RAG.BLUE),
        (["", None, "green"], RAG.GREEN),  # blanks are no rating
        ([], None),
        (["?????"], None),  # an unreadable word is no rating
    ],
)
def test_the_worst_rating(rags, expected):
    assert worst_rag(rags) is expected


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        (RAG.AMBER, RAG.GREEN, Trend.IMPROVING),
        ("green", "red", Trend.WORSENING),
        ("amber", "amber", Trend.NO_CHANGE),
        ("", "red", Trend.NO_DATA),  # nothing to compare with
        (RAG.RED, RAG.NO_DATA, Trend.NO_DATA),
    ],
)
def test_direction_of_travel_between_two_judgements(before, now, expected):
    assert rag_change(before, now) is expected


def test_stored_words_read_as_ratings_and_statuses():
    assert as_rag("amber") is RAG.AMBER
    assert as_rag("") is None
    assert as_rag("purple") is None
    assert as_status("at_risk").label == "At risk"


# --- the date actions are judged at ---------------------------------------------


@pytest.mark.parametrize(
    ("period_end", "expected"),
    [
        (None, TODAY),  # a page with no period: today
        (date(2025, 3, 31), date(2025, 3, 31)),  # a past month: its last day
        (date(2025, 6, 30), TODAY),  # this month: today, not a day still to come
    ],
)
def test_actions_are_judged_at_the_period_end_or_today_whichever_is_earlier(period_end, expected):
    assert judged_at(today=TODAY, period_end=period_end) == expected


def test_a_brag_set_by_hand_needs_a_reason():
    assert manual_rag_reason_required("red", "") is True
    assert manual_rag_reason_required("red", "  ") is True
    assert manual_rag_reason_required("red", "Agency staff left") is False
    assert manual_rag_reason_required("", "") is False


# --- periods ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "end", "following"),
    [
        (date(2020, 2, 1), date(2020, 2, 29), date(2020, 3, 1)),  # a leap year
        (date(2021, 2, 1), date(2021, 2, 28), date(2021, 3, 1)),
        (date(2020, 12, 1), date(2020, 12, 31), date(2021, 1, 1)),
        (date(2020, 4, 15), date(2020, 4, 30), date(2020, 5, 1)),
    ],
)
def test_month_ends_and_the_month_after(month, end, following):
    assert month_end(month) == end
    assert next_month(month) == following


MONTHS = [date(2025, m, 1) for m in (3, 4, 5, 6, 7, 8)]


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (MONTHS, date(2025, 6, 1)),  # the latest that has begun, not July or August
        (list(reversed(MONTHS)), date(2025, 6, 1)),  # in any order
        ([date(2025, 7, 1), date(2025, 9, 1)], date(2025, 7, 1)),  # none begun: the first
        ([], None),
    ],
)
def test_the_board_looks_at_the_latest_period_that_has_begun(months, expected):
    assert latest_period(months, today=TODAY) == expected


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        # open months: the latest that has begun
        (
            [(date(2025, 4, 1), False), (date(2025, 5, 1), True), (date(2025, 6, 1), True)],
            date(2025, 6, 1),
        ),
        # this month locked: the latest open one that has begun
        ([(date(2025, 5, 1), True), (date(2025, 6, 1), False)], date(2025, 5, 1)),
        # none open has begun: the first open one
        (
            [(date(2025, 5, 1), False), (date(2025, 8, 1), True), (date(2025, 7, 1), True)],
            date(2025, 7, 1),
        ),
        # every month locked: the latest
        ([(date(2025, 4, 1), False), (date(2025, 5, 1), False)], date(2025, 5, 1)),
        ([], None),
    ],
)
def test_managers_work_on_the_latest_open_period_that_has_begun(periods, expected):
    assert working_period(periods, today=TODAY) == expected


def test_the_latest_period_with_a_figure():
    history = [("Jan", 70), ("Feb", 72), ("Mar", None)]
    assert latest_with_value(history) == ("Feb", 72)
    assert latest_with_value([("Jan", 0)]) == ("Jan", 0)  # nought is a figure
    assert latest_with_value([("Jan", None)]) is None
    assert latest_with_value([]) is None


APR, MAY, JUN, JUL, AUG = (date(2025, m, 1) for m in (4, 5, 6, 7, 8))


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        # (month, is_locked, has a submitted return)
        # May submitted, June (this month) still being filled in: May, June in progress
        (
            [(APR, True, True), (MAY, False, True), (JUN, False, False), (JUL, False, False)],
            BoardPeriod(MAY, PeriodBasis.SUBMITTED, (JUN,)),
        ),
        # in any order; a locked month is the board's even with no return submitted
        (
            [(JUN, False, False), (APR, False, False), (MAY, True, False)],
            BoardPeriod(MAY, PeriodBasis.LOCKED, (JUN,)),
        ),
        # a later month with a submitted return beats an earlier locked one
        (
            [(APR, True, True), (MAY, False, True)],
            BoardPeriod(MAY, PeriodBasis.SUBMITTED, ()),
        ),
        # April locked, May and June still being completed
        (
            [(APR, True, False), (MAY, False, False), (JUN, False, False)],
            BoardPeriod(APR, PeriodBasis.LOCKED, (MAY, JUN)),
        ),
        # nothing submitted or locked: the latest month that has begun
        (
            [(MAY, False, False), (JUN, False, False), (JUL, False, False)],
            BoardPeriod(JUN, PeriodBasis.BEGUN, ()),
        ),
        # no month has begun: the first
        ([(AUG, False, False), (JUL, False, False)], BoardPeriod(JUL, PeriodBasis.EARLIEST, ())),
        ([], None),
    ],
)
def test_the_board_opens_on_the_latest_month_submitted_or_locked(periods, expected):
    assert board_period(periods, today=TODAY) == expected


def test_dates_are_written_day_month_year():
    assert date_words(date(2020, 7, 31)) == "31 Jul 2020"


def test_dates_in_full_have_no_leading_zero():
    assert long_date_words(date(2020, 8, 4)) == "4 August 2020"
    assert long_date_words(date(2020, 8, 14)) == "14 August 2020"
