"""Unit tests for exceptions.rules: where an area's monthly return stands, and what is left
(plain pytest, no database)."""

from datetime import date

import pytest

from exceptions.rules import ReturnStatus, return_is_complete, return_status, return_to_do

DEADLINE = date(2020, 4, 10)
BEFORE = date(2020, 4, 9)
AFTER = date(2020, 4, 11)


@pytest.mark.parametrize(
    ("figures", "actions", "report", "started", "today", "expected"),
    [
        # Everything done: complete, before or after the deadline.
        (0, 0, "submitted", True, BEFORE, ReturnStatus.COMPLETE),
        (0, 0, "submitted", True, AFTER, ReturnStatus.COMPLETE),
        # The report is in but not everything else: not complete, and says so.
        (0, 6, "submitted", True, BEFORE, ReturnStatus.REPORT_SUBMITTED),
        (2, 0, "submitted", True, BEFORE, ReturnStatus.REPORT_SUBMITTED),
        (0, 6, "submitted", True, AFTER, ReturnStatus.LATE),
        # Figures and actions done, report not submitted.
        (0, 0, "draft", True, BEFORE, ReturnStatus.IN_PROGRESS),
        (0, 0, "", True, BEFORE, ReturnStatus.IN_PROGRESS),
        (0, 0, None, True, AFTER, ReturnStatus.LATE),
        (0, 0, "returned", True, BEFORE, ReturnStatus.RETURNED),
        (1, 1, "returned", True, AFTER, ReturnStatus.LATE),
        # Nothing touched.
        (3, 2, "", False, BEFORE, ReturnStatus.NOT_STARTED),
        (3, 2, "", False, DEADLINE, ReturnStatus.NOT_STARTED),  # due by the end of that day
        (3, 2, "", False, AFTER, ReturnStatus.LATE),
    ],
)
def test_a_returns_status(figures, actions, report, started, today, expected):
    status = return_status(
        figures_missing=figures,
        actions_to_update=actions,
        report_status=report,
        started=started,
        deadline=DEADLINE,
        today=today,
    )
    assert status is expected


def test_without_a_deadline_a_return_is_never_late():
    status = return_status(
        figures_missing=1,
        actions_to_update=0,
        report_status="",
        started=False,
        deadline=None,
        today=date(2030, 1, 1),
    )
    assert status is ReturnStatus.NOT_STARTED


@pytest.mark.parametrize(
    ("figures", "actions", "report", "expected"),
    [
        (0, 0, "submitted", True),
        (0, 6, "submitted", False),
        (1, 0, "submitted", False),
        (0, 0, "draft", False),
        (0, 0, "returned", False),
        (0, 0, "", False),
    ],
)
def test_a_return_is_complete_only_when_figures_actions_and_report_are_done(
    figures, actions, report, expected
):
    assert (
        return_is_complete(figures_missing=figures, actions_to_update=actions, report_status=report)
        is expected
    )


@pytest.mark.parametrize(
    ("figures", "actions", "report", "expected"),
    [
        (0, 0, "submitted", []),
        (0, 6, "submitted", ["6 actions not updated this period"]),
        (1, 1, "submitted", ["1 measure without a value", "1 action not updated this period"]),
        (2, 0, "draft", ["2 measures without a value", "exception report not submitted"]),
        (0, 0, "", ["exception report not submitted"]),
        (0, 0, None, ["exception report not submitted"]),
        (0, 0, "returned", ["exception report returned for changes"]),
    ],
)
def test_what_is_still_to_do(figures, actions, report, expected):
    assert (
        return_to_do(figures_missing=figures, actions_to_update=actions, report_status=report)
        == expected
    )


def test_each_status_has_its_own_words():
    labels = [status.label for status in ReturnStatus]
    assert labels == [
        "Complete",
        "Report submitted",
        "Returned for changes",
        "Late",
        "In progress",
        "Not started",
    ]
