"""Reading spreadsheet cells the way council officers type them (spreadsheets.cells).

Plain pytest, no database: every example is one row of a table. The sample workbooks
in files/ are copies of /work/shared/samples, kept beside the tests.
"""

import re
from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spreadsheets.cells import (
    ACTION_FIELDS,
    ACTUAL_FIELDS,
    MEASURE_FIELDS,
    DateCell,
    NumberCell,
    find_header_row,
    is_section_row,
    match_headers,
    normalise_header,
    parse_date_cell,
    parse_number_cell,
    parse_period_heading,
    parse_rag_cell,
)

FILES = Path(__file__).resolve().parent / "files"


def not_a_date(text):
    return f'Could not read "{text}" as a date; kept as the target-date wording.'


KEPT = "The cell was kept as text."


def not_a_figure(text):
    return f'Could not read "{text}" as a figure. {KEPT}'


# --- parse_date_cell ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # blanks
        pytest.param(None, DateCell(None, "", False, ""), id="none"),
        pytest.param("", DateCell(None, "", False, ""), id="empty-string"),
        pytest.param("   ", DateCell(None, "", False, ""), id="whitespace"),
        # real Excel dates and serial numbers
        pytest.param(
            datetime(2018, 4, 1), DateCell(date(2018, 4, 1), "", False, ""), id="excel-datetime"
        ),
        pytest.param(date(2020, 8, 14), DateCell(date(2020, 8, 14), "", False, ""), id="date"),
        pytest.param(44042, DateCell(date(2020, 7, 30), "", False, ""), id="excel-serial-44042"),
        pytest.param(44042.75, DateCell(date(2020, 7, 30), "", False, ""), id="serial-with-time"),
        pytest.param(0, DateCell(None, "0", False, not_a_date("0")), id="zero-is-not-a-date"),
        pytest.param(-3, DateCell(None, "-3", False, not_a_date("-3")), id="negative-serial"),
        pytest.param(2021, DateCell(None, "2021", False, not_a_date("2021")), id="year-as-number"),
        pytest.param(True, DateCell(None, "True", False, not_a_date("True")), id="boolean"),
        # month and year: the last day of the month
        pytest.param("Oct-20", DateCell(date(2020, 10, 31), "Oct-20", True, ""), id="Oct-20"),
        pytest.param("Dec -20", DateCell(date(2020, 12, 31), "Dec -20", True, ""), id="Dec -20"),
        pytest.param("Oct -20", DateCell(date(2020, 10, 31), "Oct -20", True, ""), id="Oct -20"),
        pytest.param("July 21", DateCell(date(2021, 7, 31), "July 21", True, ""), id="July 21"),
        pytest.param("July -21", DateCell(date(2021, 7, 31), "July -21", True, ""), id="July -21"),
        pytest.param("Jul-20", DateCell(date(2020, 7, 31), "Jul-20", True, ""), id="Jul-20"),
        pytest.param(
            "April 2018", DateCell(date(2018, 4, 30), "April 2018", True, ""), id="April 2018"
        ),
        pytest.param(
            "Sept 2020", DateCell(date(2020, 9, 30), "Sept 2020", True, ""), id="Sept 2020"
        ),
        pytest.param(
            "Feb-20", DateCell(date(2020, 2, 29), "Feb-20", True, ""), id="Feb-20-leap-year"
        ),
        pytest.param(
            "March- 21", DateCell(date(2021, 3, 31), "March- 21", True, ""), id="March- 21"
        ),
        pytest.param("April-21", DateCell(date(2021, 4, 30), "April-21", True, ""), id="April-21"),
        pytest.param("  Oct-20 ", DateCell(date(2020, 10, 31), "Oct-20", True, ""), id="padded"),
        pytest.param(
            "End of March 2021",
            DateCell(date(2021, 3, 31), "End of March 2021", True, ""),
            id="End of March 2021",
        ),
        pytest.param(
            "by Oct-20", DateCell(date(2020, 10, 31), "by Oct-20", True, ""), id="by Oct-20"
        ),
        # full dates, UK day first, two-digit years are 20xx
        pytest.param("14/08/20", DateCell(date(2020, 8, 14), "14/08/20", False, ""), id="14/08/20"),
        pytest.param(
            "14/08/2020", DateCell(date(2020, 8, 14), "14/08/2020", False, ""), id="14/08/2020"
        ),
        pytest.param(
            "01/02/2021", DateCell(date(2021, 2, 1), "01/02/2021", False, ""), id="day-first"
        ),
        pytest.param(
            "2020-08-14", DateCell(date(2020, 8, 14), "2020-08-14", False, ""), id="iso-date"
        ),
        pytest.param(
            "2020-08-14 00:00:00",
            DateCell(date(2020, 8, 14), "2020-08-14 00:00:00", False, ""),
            id="iso-timestamp",
        ),
        pytest.param(
            "31st March 2021",
            DateCell(date(2021, 3, 31), "31st March 2021", False, ""),
            id="31st March 2021",
        ),
        # a date with more words
        pytest.param(
            "Nov 2019 & ongoing",
            DateCell(
                date(2019, 11, 30),
                "Nov 2019 & ongoing",
                True,
                'Read "Nov 2019 & ongoing" as November 2019; the extra words "& ongoing" are kept'
                " in the target-date wording.",
            ),
            id="Nov 2019 & ongoing",
        ),
        pytest.param(
            "March 2021 (draft)",
            DateCell(
                date(2021, 3, 31),
                "March 2021 (draft)",
                True,
                'Read "March 2021 (draft)" as March 2021; the extra words "draft" are kept'
                " in the target-date wording.",
            ),
            id="bracketed-words-after-date",
        ),
        pytest.param(
            "Oct-20 Nov-20",
            DateCell(
                date(2020, 10, 31),
                "Oct-20 Nov-20",
                True,
                'Found more than one date in "Oct-20 Nov-20"; used the first (October 2020) and'
                " kept the wording.",
            ),
            id="two-dates-first-wins",
        ),
        # well-known wordings that are not dates: kept, no warning
        pytest.param("TBC", DateCell(None, "TBC", False, ""), id="TBC"),
        pytest.param("Ongoing", DateCell(None, "Ongoing", False, ""), id="Ongoing"),
        pytest.param("on-going", DateCell(None, "on-going", False, ""), id="on-going"),
        pytest.param("Immediately", DateCell(None, "Immediately", False, ""), id="Immediately"),
        pytest.param(
            "Within three months",
            DateCell(None, "Within three months", False, ""),
            id="Within three months",
        ),
        pytest.param(
            "Within 6 weeks", DateCell(None, "Within 6 weeks", False, ""), id="Within 6 weeks"
        ),
        pytest.param(
            "21/22 business cycle",
            DateCell(None, "21/22 business cycle", False, ""),
            id="business-cycle",
        ),
        # not dates: kept with a warning
        pytest.param(
            "Phase 2 of Catch 22 programme",
            DateCell(
                None,
                "Phase 2 of Catch 22 programme",
                False,
                'Could not read "Phase 2 of Catch 22 programme" as a date; kept as the'
                " target-date wording.",
            ),
            id="Phase 2 of Catch 22 programme",
        ),
        pytest.param(
            "31/02/2021",
            DateCell(None, "31/02/2021", False, not_a_date("31/02/2021")),
            id="no-31-feb",
        ),
        pytest.param(
            "2020-21", DateCell(None, "2020-21", False, not_a_date("2020-21")), id="financial-year"
        ),
        pytest.param(
            "October", DateCell(None, "October", False, not_a_date("October")), id="no-year"
        ),
    ],
)
def test_parse_date_cell(value, expected):
    assert parse_date_cell(value) == expected


# --- parse_period_heading ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(datetime(2020, 7, 1), date(2020, 7, 1), id="excel-date"),
        pytest.param(datetime(2020, 7, 31), date(2020, 7, 1), id="excel-date-end-of-month"),
        pytest.param(date(2020, 7, 15), date(2020, 7, 1), id="date"),
        pytest.param(44042, date(2020, 7, 1), id="excel-serial"),
        pytest.param("Jul-20", date(2020, 7, 1), id="Jul-20"),
        pytest.param("July 2020", date(2020, 7, 1), id="July 2020"),
        pytest.param("Jul 20", date(2020, 7, 1), id="Jul 20"),
        pytest.param("2020-07", date(2020, 7, 1), id="2020-07"),
        pytest.param(" Sept 2020 ", date(2020, 9, 1), id="padded"),
        pytest.param("Measure", None, id="Measure"),
        pytest.param("Actual (July 2020)", None, id="words-around-month"),
        pytest.param("2020-21", None, id="financial-year"),
        pytest.param(2020, None, id="year-as-number"),
        pytest.param(None, None, id="none"),
        pytest.param("", None, id="empty"),
        pytest.param(True, None, id="boolean"),
    ],
)
def test_parse_period_heading(value, expected):
    assert parse_period_heading(value) == expected


# --- parse_number_cell -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        # blanks
        pytest.param(None, "", NumberCell(None), id="none"),
        pytest.param("", "", NumberCell(None), id="empty-string"),
        pytest.param("  ", "", NumberCell(None), id="whitespace"),
        # plain numbers, as Excel stores them
        pytest.param(91, "", NumberCell(D("91")), id="int"),
        pytest.param(0, "", NumberCell(D("0")), id="zero"),
        pytest.param(-3, "", NumberCell(D("-3")), id="negative-int"),
        pytest.param(14.14, "0.00", NumberCell(D("14.14")), id="float"),
        pytest.param(0.088, "", NumberCell(D("0.088")), id="float-stays-0.088"),
        pytest.param(0.1 + 0.2, "", NumberCell(D("0.3")), id="float-noise-dropped"),
        pytest.param(D("8.800"), "", NumberCell(D("8.8")), id="decimal"),
        pytest.param(0.5, "0%", NumberCell(D("50"), unit="percent"), id="excel-percent-50"),
        pytest.param(0.088, "0.0%", NumberCell(D("8.8"), unit="percent"), id="excel-percent-8.8"),
        pytest.param(1, "0%", NumberCell(D("100"), unit="percent"), id="excel-percent-100"),
        pytest.param(0, "0%", NumberCell(D("0"), unit="percent"), id="excel-percent-0"),
        pytest.param(
            True, "", NumberCell(None, text="True", warning=not_a_figure("True")), id="boolean"
        ),
        pytest.param(
            float("nan"), "", NumberCell(None, text="nan", warning=not_a_figure("nan")), id="nan"
        ),
        # text with a figure and a unit
        pytest.param("93%", "", NumberCell(D("93"), unit="percent", text="93%"), id="93%"),
        pytest.param("0%", "", NumberCell(D("0"), unit="percent", text="0%"), id="0%"),
        pytest.param("-3", "", NumberCell(D("-3"), text="-3"), id="negative-text"),
        pytest.param("0", "", NumberCell(D("0"), text="0"), id="zero-text"),
        pytest.param(
            "14.14 days", "", NumberCell(D("14.14"), unit="days", text="14.14 days"), id="days"
        ),
        pytest.param(
            "14.14 days Local Indicator",
            "",
            NumberCell(
                D("14.14"), unit="days", local_indicator=True, text="14.14 days Local Indicator"
            ),
            id="days-local-indicator",
        ),
        pytest.param("1,234", "", NumberCell(D("1234"), text="1,234"), id="thousands-comma"),
        pytest.param("£1,200", "", NumberCell(D("1200"), text="£1,200"), id="pounds"),
        pytest.param("<0.3", "", NumberCell(D("0.3"), text="<0.3"), id="less-than"),
        pytest.param(">80%", "", NumberCell(D("80"), unit="percent", text=">80%"), id="more-than"),
        pytest.param(
            "101 per 10,000",
            "",
            NumberCell(D("101"), unit="rate", text="101 per 10,000"),
            id="rate",
        ),
        pytest.param(
            "12.5 points", "", NumberCell(D("12.5"), unit="score", text="12.5 points"), id="score"
        ),
        pytest.param("50", "0%", NumberCell(D("50"), text="50"), id="text-ignores-number-format"),
        # bracketed commentary is understood and kept only in the text
        pytest.param(
            "0.25 (5 custodial sentences)",
            "",
            NumberCell(D("0.25"), text="0.25 (5 custodial sentences)"),
            id="bracketed-commentary",
        ),
        pytest.param(
            "8.8% (in established posts, cross-service) Local Indicator",
            "",
            NumberCell(
                D("8.8"),
                unit="percent",
                local_indicator=True,
                text="8.8% (in established posts, cross-service) Local Indicator",
            ),
            id="percent-commentary-local-indicator",
        ),
        # comparators: statistical neighbours, regional, national
        pytest.param(
            "340 days SN 463/ Reg 406 / Nat 486",
            "",
            NumberCell(
                D("340"),
                unit="days",
                sn=D("463"),
                regional=D("406"),
                national=D("486"),
                text="340 days SN 463/ Reg 406 / Nat 486",
            ),
            id="days-with-sn-reg-nat",
        ),
        pytest.param(
            "24 SN 19/ Reg 14 / Nat 14",
            "",
            NumberCell(
                D("24"),
                sn=D("19"),
                regional=D("14"),
                national=D("14"),
                text="24 SN 19/ Reg 14 / Nat 14",
            ),
            id="count-with-sn-reg-nat",
        ),
        pytest.param(
            "93% SN 76%/ Reg 81% / Nat 81%",
            "",
            NumberCell(
                D("93"),
                unit="percent",
                sn=D("76"),
                regional=D("81"),
                national=D("81"),
                text="93% SN 76%/ Reg 81% / Nat 81%",
            ),
            id="percent-with-sn-reg-nat",
        ),
        pytest.param(
            "512 SN 496, Nat 514, Reg 541",
            "",
            NumberCell(
                D("512"),
                sn=D("496"),
                regional=D("541"),
                national=D("514"),
                text="512 SN 496, Nat 514, Reg 541",
            ),
            id="comparators-any-order",
        ),
        pytest.param(
            "101.4 Regional 42.5",
            "",
            NumberCell(D("101.4"), regional=D("42.5"), text="101.4 Regional 42.5"),
            id="Regional-spelt-out",
        ),
        pytest.param(
            "0.25 (5 custodial sentences) SN - 0.23",
            "",
            NumberCell(D("0.25"), sn=D("0.23"), text="0.25 (5 custodial sentences) SN - 0.23"),
            id="SN-dash-figure",
        ),
        pytest.param(
            "26% Regional 21%",
            "",
            NumberCell(D("26"), unit="percent", regional=D("21"), text="26% Regional 21%"),
            id="percent-regional",
        ),
        pytest.param(
            "SN 48",
            "",
            NumberCell(
                None,
                sn=D("48"),
                text="SN 48",
                warning=f'No figure in "SN 48", only comparators. {KEPT}',
            ),
            id="comparator-without-figure",
        ),
        # local indicators and not-applicable
        pytest.param(
            "Local Indicator",
            "",
            NumberCell(None, local_indicator=True, text="Local Indicator"),
            id="Local Indicator",
        ),
        pytest.param(
            "Local indicator",
            "",
            NumberCell(None, local_indicator=True, text="Local indicator"),
            id="Local indicator-lower-case",
        ),
        pytest.param(
            "72% Local Indicator",
            "",
            NumberCell(D("72"), unit="percent", local_indicator=True, text="72% Local Indicator"),
            id="percent-local-indicator",
        ),
        pytest.param("N/A", "", NumberCell(None, text="N/A"), id="N/A"),
        pytest.param("NA", "", NumberCell(None, text="NA"), id="NA"),
        # words that were not understood: a warning, the text kept
        pytest.param(
            "From Sept 2020 Local Indicator",
            "",
            NumberCell(
                None,
                local_indicator=True,
                text="From Sept 2020 Local Indicator",
                warning='No figure in "From Sept 2020 Local Indicator"; did not understand'
                f' "From Sept 2020". {KEPT}',
            ),
            id="no-figure-local-indicator",
        ),
        pytest.param(
            "76% SN",
            "",
            NumberCell(D("76"), unit="percent", text="76% SN"),
            id="comparator-label-without-figure",
        ),
        pytest.param(
            "?????", "", NumberCell(None, text="?????", warning=not_a_figure("?????")), id="?????"
        ),
        pytest.param(
            "TBC", "", NumberCell(None, text="TBC", warning=not_a_figure("TBC")), id="TBC"
        ),
        pytest.param(
            date(2020, 1, 1),
            "",
            NumberCell(None, text="2020-01-01", warning=not_a_figure("2020-01-01")),
            id="date-is-not-a-figure",
        ),
    ],
)
def test_parse_number_cell(value, number_format, expected):
    assert parse_number_cell(value, number_format=number_format) == expected


# --- parse_rag_cell ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("Green", ("green", ""), id="Green"),
        pytest.param("G", ("green", ""), id="G"),
        pytest.param("green ", ("green", ""), id="green-padded"),
        pytest.param("GREEN", ("green", ""), id="GREEN"),
        pytest.param("Amber", ("amber", ""), id="Amber"),
        pytest.param("A", ("amber", ""), id="A"),
        pytest.param("Red", ("red", ""), id="Red"),
        pytest.param("R", ("red", ""), id="R"),
        pytest.param("Blue", ("blue", ""), id="Blue"),
        pytest.param("B", ("blue", ""), id="B"),
        pytest.param("Complete", ("blue", ""), id="Complete"),
        pytest.param("Completed", ("blue", ""), id="Completed"),
        pytest.param("Done", ("blue", ""), id="Done"),
        pytest.param(
            "A/G", ("amber", 'Read "A/G" as amber, the worse of the two ratings given.'), id="A/G"
        ),
        pytest.param(
            "Amber/Green",
            ("amber", 'Read "Amber/Green" as amber, the worse of the two ratings given.'),
            id="Amber/Green",
        ),
        pytest.param(
            "Red/Amber",
            ("red", 'Read "Red/Amber" as red, the worse of the two ratings given.'),
            id="Red/Amber",
        ),
        pytest.param(None, (None, ""), id="none"),
        pytest.param("", (None, ""), id="empty"),
        pytest.param("   ", (None, ""), id="whitespace"),
        pytest.param(
            "?????", (None, 'Could not read "?????" as a RAG rating; kept as text.'), id="?????"
        ),
        pytest.param(
            "Yellow", (None, 'Could not read "Yellow" as a RAG rating; kept as text.'), id="Yellow"
        ),
        pytest.param(3, (None, 'Could not read "3" as a RAG rating; kept as text.'), id="number"),
    ],
)
def test_parse_rag_cell(value, expected):
    assert parse_rag_cell(value) == expected


# --- headers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Target Date", "target date", id="Target Date"),
        pytest.param("Lead person responsible", "lead person responsible", id="lead-person"),
        pytest.param("Actual (July 2020)", "actual july 2020", id="Actual (July 2020)"),
        pytest.param("Timetable End date", "timetable end date", id="Timetable End date"),
        pytest.param("  No. ", "no", id="No."),
        pytest.param("PRIORITIES/ACTIONS", "priorities actions", id="slash"),
        pytest.param(
            "Objectives / what needs to improve",
            "objectives what needs to improve",
            id="spaced-slash",
        ),
        pytest.param("Key points\nto note", "key points to note", id="line-break"),
        pytest.param("Children's Services", "childrens services", id="apostrophe"),
        pytest.param("target_date", "target date", id="underscore"),
        pytest.param(None, "", id="none"),
        pytest.param("", "", id="empty"),
    ],
)
def test_normalise_header(text, expected):
    assert normalise_header(text) == expected


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(ACTION_FIELDS, id="ACTION_FIELDS"),
        pytest.param(MEASURE_FIELDS, id="MEASURE_FIELDS"),
        pytest.param(ACTUAL_FIELDS, id="ACTUAL_FIELDS"),
    ],
)
def test_synonyms_are_normalised_and_belong_to_one_field(fields):
    synonyms = [synonym for wordings in fields.values() for synonym in wordings]
    assert all(normalise_header(synonym) == synonym for synonym in synonyms)
    assert len(synonyms) == len(set(synonyms))


@pytest.mark.parametrize(
    ("headers", "fields", "expected"),
    [
        pytest.param(
            [
                "Recommendation",
                "Action",
                "Progress",
                "Timetable End date",
                "RAG",
                "Key points to note",
            ],
            ACTION_FIELDS,
            (
                {
                    0: "recommendation",
                    1: "action",
                    2: "progress",
                    3: "target_date",
                    4: "rag",
                    5: "notes",
                },
                [],
            ),
            id="southwark-2017",
        ),
        pytest.param(
            [
                "No.",
                "Rec.",
                "Action",
                "Progress",
                "Impact",
                "What do we still need to do",
                "Cost",
                "Lead person responsible",
            ],
            ACTION_FIELDS,
            (
                {
                    0: "reference",
                    1: "recommendation",
                    2: "action",
                    3: "progress",
                    4: "impact",
                    5: "still_to_do",
                    6: "cost",
                    7: "lead",
                },
                [],
            ),
            id="southampton-2012",
        ),
        pytest.param(
            [
                "AREA",
                "PRIORITIES/ACTIONS",
                "TARGET DATE",
                "PERFORMANCE MEASUREMENT",
                "KEY PARTNERS",
            ],
            ACTION_FIELDS,
            (
                {0: "area", 1: "action", 2: "target_date", 3: "success_measure", 4: "key_partners"},
                [],
            ),
            id="southampton-2020-plan",
        ),
        pytest.param(
            [
                "Ref",
                "Objectives / what needs to improve",
                "Ofsted Ref",
                "Action Required",
                "Due",
                "Leads",
                "Key Performance indicators/measure of success",
            ],
            ACTION_FIELDS,
            (
                {
                    0: "reference",
                    1: "recommendation",
                    2: "report_reference",
                    3: "action",
                    4: "target_date",
                    5: "lead",
                    6: "success_measure",
                },
                [],
            ),
            id="west-sussex-2019",
        ),
        pytest.param(
            [
                "AREA",
                "Previous RAG",
                "Current RAG",
                "PRIORITIES",
                "Target Date",
                "ANALYSIS (Progress/Risks)",
            ],
            ACTION_FIELDS,
            ({0: "area", 2: "rag", 3: "action", 4: "target_date", 5: "progress"}, [1]),
            id="exception-report",
        ),
        pytest.param(
            ["Area", "Measure", "Baseline", "Actual (July 2020)", "Target", "Outcomes"],
            MEASURE_FIELDS,
            ({0: "area", 1: "measure", 2: "baseline", 3: "actual", 4: "target", 5: "outcome"}, []),
            id="measures-actual-prefix",
        ),
        pytest.param(
            ["Measure", "Ref", "Month", "Value", "Comments"],
            ACTUAL_FIELDS,
            ({0: "measure", 1: "reference", 2: "period", 3: "value", 4: "commentary"}, []),
            id="actuals-long",
        ),
        pytest.param(
            ["Action", "Actions", "Lead"],
            ACTION_FIELDS,
            ({0: "action", 2: "lead"}, [1]),
            id="duplicate-field-first-column-wins",
        ),
        pytest.param(
            ["Target date", "Target"],
            MEASURE_FIELDS,
            ({1: "target"}, [0]),
            id="exact-match-beats-prefix",
        ),
        pytest.param(
            ["Lead officer(s)", "Notes for the board"],
            ACTION_FIELDS,
            ({0: "lead", 1: "notes"}, []),
            id="prefix-match",
        ),
        pytest.param(
            ["Ref", None, "", "   ", "Action", "Mystery column", 2020],
            ACTION_FIELDS,
            ({0: "reference", 4: "action"}, [5, 6]),
            id="blanks-neither-matched-nor-reported",
        ),
        pytest.param(["Actionable"], ACTION_FIELDS, ({}, [0]), id="prefix-needs-a-space"),
        pytest.param(
            ["Owner", "Lead officer(s)"],
            ACTION_FIELDS,
            ({0: "lead"}, [1]),
            id="exact-match-in-an-earlier-column-wins",
        ),
        pytest.param([], ACTION_FIELDS, ({}, []), id="no-headers"),
    ],
)
def test_match_headers(headers, fields, expected):
    assert match_headers(headers, fields) == expected


@pytest.mark.parametrize(
    ("rows", "fields", "kwargs", "expected"),
    [
        pytest.param(
            [
                ["Improvement Plan 2020 - 21", None, None],
                ["Measures that matter", None, None],
                [None, None, None],
                ["Area", "Measure", "Target"],
                ["Early Help", "Some measure", 5],
            ],
            MEASURE_FIELDS,
            {},
            3,
            id="below-title-rows",
        ),
        pytest.param(
            [["Actions", None, None], ["Ref", "Action", "Lead"]],
            ACTION_FIELDS,
            {},
            1,
            id="title-row-that-is-a-header-word",
        ),
        pytest.param(
            [("Measure", "Value"), None, ()], ACTUAL_FIELDS, {}, 0, id="tuples-and-empty-rows"
        ),
        pytest.param(
            [["Action", "Something else"], ["Ref", "Action", "Lead"]],
            ACTION_FIELDS,
            {},
            1,
            id="one-match-is-not-enough",
        ),
        pytest.param(
            [["Title", None]] * 20 + [["Ref", "Action"]],
            ACTION_FIELDS,
            {},
            None,
            id="beyond-max-scan",
        ),
        pytest.param(
            [["Title", None]] * 20 + [["Ref", "Action"]],
            ACTION_FIELDS,
            {"max_scan": 21},
            20,
            id="max-scan-widened",
        ),
        pytest.param([["Title"], ["Notes", None]], ACTION_FIELDS, {}, None, id="no-header"),
        pytest.param([], ACTION_FIELDS, {}, None, id="no-rows"),
    ],
)
def test_find_header_row(rows, fields, kwargs, expected):
    assert find_header_row(rows, fields, **kwargs) == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            ["Within three months", None, ""], "Within three months", id="section-heading"
        ),
        pytest.param([None, "  Early Help  ", None], "Early Help", id="area-name-not-first"),
        pytest.param([5, None], "5", id="number"),
        pytest.param(["Ref", "Action"], None, id="two-cells"),
        pytest.param([None, "", "  "], None, id="blank-row"),
        pytest.param([], None, id="empty-list"),
        pytest.param(None, None, id="none"),
    ],
)
def test_is_section_row(row, expected):
    assert is_section_row(row) == expected


# --- never raise -------------------------------------------------------------

ANY_CELL = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@settings(max_examples=300)
@given(value=ANY_CELL, number_format=st.sampled_from(["", "General", "0%", "0.0%", "0.00"]))
def test_cell_readers_never_raise(value, number_format):
    date_cell = parse_date_cell(value)
    number_cell = parse_number_cell(value, number_format=number_format)
    rag, rag_warning = parse_rag_cell(value)
    parse_period_heading(value)
    if not isinstance(value, date):  # an Excel date is taken as it is
        assert date_cell.date is None or date_cell.date.year >= 1950
    assert number_cell.value is None or number_cell.value.is_finite()
    assert rag in {None, "blue", "green", "amber", "red"}
    assert isinstance(rag_warning, str)


@given(
    text=st.text(
        alphabet=st.sampled_from("0123456789 %.,-<>£/SNRegNat()LocalIndicator"), max_size=40
    )
)
def test_number_text_is_never_dropped(text):
    cell = parse_number_cell(text)
    assert cell.text == text.strip()
    said_nothing = re.fullmatch(r"n\W*a\W*|-+", cell.text, re.IGNORECASE)  # N/A, n.a., -
    if cell.value is None and cell.text and not (cell.local_indicator or said_nothing):
        assert cell.warning, "a cell that could not be read must say so"


# --- the sample workbooks ----------------------------------------------------


def first_rows(name, count=10):
    workbook = openpyxl.load_workbook(FILES / name, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(max_row=count, values_only=True)]
    finally:
        workbook.close()


@pytest.mark.parametrize(
    ("name", "fields", "header_row", "expected"),
    [
        pytest.param(
            "southampton_2020_measures.xlsx",
            MEASURE_FIELDS,
            3,
            {0: "area", 1: "measure", 2: "baseline", 3: "actual", 4: "target", 5: "outcome"},
            id="southampton-measures-header-on-row-4",
        ),
        pytest.param(
            "southwark_2017_actions.xlsx",
            ACTION_FIELDS,
            2,
            {
                0: "recommendation",
                1: "action",
                2: "progress",
                3: "target_date",
                4: "rag",
                5: "notes",
            },
            id="southwark-actions-header-on-row-3",
        ),
    ],
)
def test_sample_workbook_header_row_is_found(name, fields, header_row, expected):
    rows = first_rows(name)
    assert find_header_row(rows, fields) == header_row
    assert match_headers(rows[header_row], fields) == (expected, [])


def test_sample_scorecard_month_headings_are_read():
    rows = first_rows("southampton_2020_actuals_wide.xlsx")
    header = rows[3]
    assert normalise_header(header[0]) == "measure"
    assert [parse_period_heading(heading) for heading in header[1:]] == [
        date(2020, month, 1) for month in range(4, 10)
    ]
    assert [is_section_row(row) for row in rows[:3]] == [
        "ILLUSTRATIVE: only July 2020 values are from the published plan",
        "Southampton Children and Learning Service - monthly performance scorecard 2020-21",
        None,
    ]


def test_sample_scorecard_july_figures_are_read_with_their_number_formats():
    workbook = openpyxl.load_workbook(
        FILES / "southampton_2020_actuals_wide.xlsx", read_only=True, data_only=True
    )
    try:
        sheet = workbook.worksheets[0]
        july = [
            parse_number_cell(row[4].value, number_format=row[4].number_format)
            for row in sheet.iter_rows(min_row=5)
        ]
    finally:
        workbook.close()
    assert [cell.value for cell in july] == [
        D(figure)
        for figure in [
            "14.14",
            "8.8",
            "72",
            "101.4",
            "98",
            "26",
            "175.4",
            "24",
            "93",
            "426",
            "82",
            "512",
        ]
    ]
    assert [cell.unit for cell in july].count("percent") == 5
    assert not any(cell.warning for cell in july)


def test_sample_southwark_end_dates_and_rag_are_read():
    rows = first_rows("southwark_2017_actions.xlsx", count=30)[3:]
    dates = [parse_date_cell(row[3]) for row in rows]
    assert len(dates) == 18
    assert sum(1 for cell in dates if cell.date and not cell.text) == 15
    assert parse_date_cell("April 2018") in dates
    assert dates[-1] == DateCell(None, "Ongoing", False, "")
    assert dates[-4] == DateCell(
        None, "Phase 2 of Catch 22 programme", False, not_a_date("Phase 2 of Catch 22 programme")
    )
    rags = [parse_rag_cell(row[4]) for row in rows]
    assert rags.count((None, "")) == 17
    assert rags[-4] == (None, 'Could not read "?????" as a RAG rating; kept as text.')


@pytest.mark.parametrize(
    ("measure_start", "baseline", "actual", "target"),
    [
        pytest.param(
            "Reduce the rate of children subject to child protection planning",
            NumberCell(D("91")),
            NumberCell(
                D("82"),
                sn=D("48"),
                regional=D("44"),
                national=D("41"),
                text="82 SN 48/ Reg 44 / Nat 41",
            ),
            NumberCell(D("65")),
            id="cp-rate-with-comparators",
        ),
        pytest.param(
            "Reduce Sickness absence days",
            NumberCell(D("8"), unit="days", text="8 days"),
            NumberCell(
                D("14.14"), unit="days", local_indicator=True, text="14.14 days Local Indicator"
            ),
            None,
            id="sickness-days-local-indicator",
        ),
        pytest.param(
            "Maintain the % of Single Assessments",
            NumberCell(D("69"), unit="percent"),
            NumberCell(
                D("93"),
                unit="percent",
                sn=D("76"),
                regional=D("81"),
                national=D("81"),
                text="93% SN 76%/ Reg 81% / Nat 81%",
            ),
            None,
            id="single-assessments-percent-comparators",
        ),
    ],
)
def test_sample_measures_figures_are_read(measure_start, baseline, actual, target):
    workbook = openpyxl.load_workbook(
        FILES / "southampton_2020_measures.xlsx", read_only=True, data_only=True
    )
    try:
        sheet = workbook.worksheets[0]
        row = next(
            row for row in sheet.iter_rows(min_row=5) if str(row[1].value).startswith(measure_start)
        )
        cells = [
            parse_number_cell(cell.value, number_format=cell.number_format) for cell in row[2:5]
        ]
    finally:
        workbook.close()
    assert cells[0] == baseline
    assert cells[1] == actual
    if target is not None:
        assert cells[2] == target
