"""Unit tests for exceptions.rules: an area's suggested RAG, reasons, and the board pack's
exception reports (plain pytest, no database)."""

import pytest

from exceptions.rules import (
    needs_exception_report,
    no_suggestion_words,
    previous_rag,
    rag_drivers,
    reason_required,
    suggested_rag,
)
from improvement.rules import RAG


@pytest.mark.parametrize(
    ("measures", "actions", "expected"),
    [
        ([], [], RAG.NO_DATA),
        ([RAG.NO_DATA, RAG.NOT_RATED], [], RAG.NO_DATA),
        ([RAG.NO_DATA], [None], RAG.NO_DATA),
        ([RAG.GREEN], [], RAG.GREEN),
        ([], [RAG.BLUE], RAG.GREEN),
        ([RAG.NO_DATA, RAG.GREEN], [RAG.BLUE], RAG.GREEN),
        ([RAG.GREEN, RAG.AMBER], [RAG.BLUE], RAG.AMBER),
        ([RAG.GREEN], [RAG.AMBER], RAG.AMBER),
        ([RAG.RED, RAG.AMBER], [RAG.GREEN], RAG.RED),
        ([RAG.GREEN], [RAG.RED], RAG.RED),
        (["green", "amber"], ["red"], RAG.RED),
        (iter(["green"]), iter([]), RAG.GREEN),
        # Figures awaited and none rated: the actions alone do not make a suggestion.
        ([RAG.NO_DATA, RAG.NO_DATA], [RAG.RED, RAG.GREEN], RAG.NO_DATA),
        ([RAG.NO_DATA, RAG.NOT_RATED], [RAG.AMBER], RAG.NO_DATA),
        (["no_data"], ["green"], RAG.NO_DATA),
        # One rated figure is enough to judge by, with the actions.
        ([RAG.NO_DATA, RAG.GREEN], [RAG.RED], RAG.RED),
        # No measures, or figures in that no target rates: the actions speak.
        ([], [RAG.RED], RAG.RED),
        ([RAG.NOT_RATED], [RAG.AMBER], RAG.AMBER),
    ],
)
def test_the_suggested_rag_is_the_worst_of_measures_and_actions(measures, actions, expected):
    assert suggested_rag(measures, actions) is expected


@pytest.mark.parametrize(
    ("rag", "expected"),
    [
        (RAG.RED, ["Timeliness of assessments", "Overdue: audit"]),
        ("amber", ["Caseloads"]),
        (RAG.GREEN, []),
    ],
)
def test_rag_drivers(rag, expected):
    items = [
        ("Timeliness of assessments", RAG.RED),
        ("Caseloads", "amber"),
        ("Re-referrals", RAG.NO_DATA),
        ("Overdue: audit", RAG.RED),
        ("Unrated", None),
    ]
    assert rag_drivers(items, rag) == expected


@pytest.mark.parametrize(
    ("measures", "actions", "expected"),
    [
        ([RAG.NO_DATA, RAG.NO_DATA], [RAG.RED], "Awaiting figures"),
        ([RAG.NO_DATA], [], "Awaiting figures"),
        ([], [], "No data"),
        ([RAG.NOT_RATED], [], "No data"),
        ([RAG.NO_DATA, RAG.AMBER], [], ""),
        ([], [RAG.GREEN], ""),
    ],
)
def test_the_data_says_in_words_why_it_suggests_no_rag(measures, actions, expected):
    assert no_suggestion_words(measures, actions) == expected


def test_there_are_no_drivers_without_a_suggestion():
    items = [("Measure: Visits", RAG.NO_DATA), ("Action 1.1: overdue", RAG.RED)]
    assert rag_drivers(items, RAG.NO_DATA) == []
    assert rag_drivers(items, suggested_rag([RAG.NO_DATA], [RAG.RED])) == []


@pytest.mark.parametrize(
    ("current", "suggested", "expected"),
    [
        (RAG.AMBER, RAG.RED, True),
        ("green", "amber", True),
        ("red", "red", False),  # the same: no reason needed
        ("", "red", False),  # no judgement yet
        ("green", RAG.NO_DATA, False),  # the data suggests nothing to differ from
        ("green", "", False),
    ],
)
def test_a_reason_is_required_when_the_managers_rag_differs_from_the_datas(
    current, suggested, expected
):
    assert reason_required(current=current, suggested=suggested) is expected


def test_last_periods_rag_is_what_this_report_recorded_else_last_reports():
    assert previous_rag(this_report_previous="amber", last_report_current="green") == "amber"
    assert previous_rag(this_report_previous="", last_report_current="green") == "green"
    assert previous_rag(this_report_previous="", last_report_current="") == ""


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        ("green", "green", False),  # steady and Green: no report in the pack
        ("amber", "green", True),  # moved
        ("green", "amber", True),
        ("red", "red", True),  # Red stays in
        ("", "amber", True),  # Amber is watched
        ("", "green", False),
        ("", "", False),
    ],
)
def test_areas_that_moved_or_are_red_or_amber_get_an_exception_report(previous, current, expected):
    assert needs_exception_report(previous=previous, current=current) is expected
