"""Action tracker: every action, filtered, sorted, paginated and downloadable."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

from .helpers import page_text

pytestmark = pytest.mark.django_db


def tracker(client, board, **query):
    url = reverse("dashboard:tracker", args=[board.plan.slug])
    return client.get(url, query)


def refs(response):
    """The action references in the table, in order (each row is headed by its reference)."""
    return re.findall(
        r'<th scope="row" class="[^"]*app-ref[^"]*">([^<]*)<', response.content.decode()
    )


def test_every_action_of_the_plan_is_listed_with_its_brag(board, board_client):
    response = tracker(board_client, board)
    assert refs(response) == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    text = page_text(response.content)
    # The board's month, December 2020: actions are judged at its end, as on RAG at a glance.
    assert "Action tracker: December 2020" in text
    assert "BRAG and overdue are judged as at 31 December 2020" in text
    assert "5 actions, 1 overdue" in text
    assert "1.1 Early Help Audit case files Red 30 Nov 2020 Overdue Head of Early Help" in text
    assert "1.2 Early Help Train family workers Blue" in text
    # Not started but due years after December 2020 (ten days from today): Green then.
    assert "2.1 Fostering Recruit foster carers Green" in text
    assert "2.2 Fostering" in text and "Overdue Head" not in text.split("2.2 Fostering")[1]


def test_an_earlier_month_judges_the_actions_at_its_end(board, board_client):
    response = tracker(board_client, board, period="2020-11")
    text = page_text(response.content)
    assert "Action tracker: November 2020" in text
    assert "judged as at 30 November 2020" in text
    # 1.1 is due on 30 November: not yet overdue that day.
    assert "5 actions Download all actions" in text  # none overdue
    assert "1.1 Early Help Audit case files Green 30 Nov 2020" in text


def test_the_period_picker_keeps_the_filters_and_the_filters_keep_the_period(board, board_client):
    content = tracker(board_client, board, period="2020-11", area=board.area.pk).content.decode()
    picker = content[content.index('class="app-period-picker') :]
    picker = picker[: picker.index("</form>")]
    assert f'<input type="hidden" name="area" value="{board.area.pk}">' in picker
    assert '<option value="2020-11" selected>' in picker
    filters = content[content.index('class="app-filters') :]
    filters = filters[: filters.index("</form>")]
    assert '<input type="hidden" name="period" value="2020-11">' in filters
    assert "?period=2020-11" in filters  # clearing the filters keeps the month
    assert f'href="?period=2020-11&amp;area={board.area.pk}&amp;_export=csv"' in content


def test_filtering_by_area_narrows_the_rows(board, board_client):
    response = tracker(board_client, board, area=board.other_area.pk)
    assert refs(response) == ["2.1", "2.2"]
    assert "2 actions match these filters" in page_text(response.content)


def test_filtering_by_brag_uses_the_worked_out_rating(board, board_client):
    action = board.actions["2.1"]  # not started, due within 30 days of 31 December 2020
    action.target_date = datetime.date(2021, 1, 15)
    action.save()
    assert refs(tracker(board_client, board, brag="red")) == ["1.1"]
    assert refs(tracker(board_client, board, brag="blue")) == ["1.2"]
    assert refs(tracker(board_client, board, brag="amber")) == ["2.1"]
    assert refs(tracker(board_client, board, brag="green")) == ["1.3", "2.2"]
    # At the end of November 2.1 is not yet due within 30 days, and 1.1 not yet overdue.
    assert refs(tracker(board_client, board, brag="green", period="2020-11")) == [
        "1.1",
        "1.3",
        "2.1",
        "2.2",
    ]


def test_a_manual_brag_is_what_the_filter_sees(board, board_client):
    action = board.actions["1.3"]
    action.manual_rag, action.manual_rag_reason = "red", "Partner withdrew."
    action.save()
    assert refs(tracker(board_client, board, brag="red")) == ["1.1", "1.3"]


def test_filtering_by_status_lead_and_recommendation(board, board_client):
    assert refs(tracker(board_client, board, status="complete")) == ["1.2"]
    assert refs(tracker(board_client, board, lead="BLOGGS")) == ["1.3"]
    rec = board.recommendations["2"]
    assert refs(tracker(board_client, board, recommendation=rec.pk)) == ["2.1", "2.2"]


def test_filtering_by_target_date_range(board, board_client):
    response = tracker(board_client, board, due_from="2020-10-01", due_to="2021-06-30")
    assert refs(response) == ["1.1", "1.2", "2.2"]


def test_overdue_only(board, board_client):
    assert refs(tracker(board_client, board, overdue="on")) == ["1.1"]
    assert refs(tracker(board_client, board, overdue="on", area=board.other_area.pk)) == []
    assert refs(tracker(board_client, board, overdue="on", period="2020-10")) == []


def test_no_match_says_so(board, board_client):
    response = tracker(board_client, board, lead="nobody")
    assert "No actions match these filters." in page_text(response.content)


def test_sorting_by_brag_puts_red_first(board, board_client):
    assert refs(tracker(board_client, board, sort="rag")) == ["1.1", "1.3", "2.1", "2.2", "1.2"]
    assert refs(tracker(board_client, board, sort="-rag"))[0] == "1.2"


def test_sorting_by_target_date_puts_undated_last(board, board_client):
    factories.make_action(board.area, "Ongoing work", reference="1.9", target_date_text="Ongoing")
    assert refs(tracker(board_client, board, sort="target_date")) == [
        "1.2",
        "1.1",
        "2.2",
        "2.1",
        "1.3",
        "1.9",
    ]


def test_twenty_five_actions_a_page(board, board_client):
    for i in range(25):
        factories.make_action(board.other_area, f"Extra {i}", reference=f"9.{i:02d}", order=10 + i)
    first = tracker(board_client, board)
    assert len(refs(first)) == 25
    assert 'aria-label="Page 2"' in first.content.decode()
    second = tracker(board_client, board, page=2)
    assert refs(second) == ["9.20", "9.21", "9.22", "9.23", "9.24"]


def test_csv_download_holds_the_filtered_rows(board, board_client):
    response = tracker(board_client, board, area=board.other_area.pk, _export="csv")

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert 'filename="test-plan-actions-judged-2020-12-31.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:8] == [
        "Area",
        "Reference",
        "Action",
        "BRAG at 31 Dec 2020",
        "Overdue at 31 Dec 2020",
        "Status",
        "Target date",
        "Lead",
    ]
    assert [r[1] for r in rows[1:]] == ["2.1", "2.2"]
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert rows[1][:8] == [
        "Fostering",
        "2.1",
        "Recruit foster carers",
        "Green",
        "No",
        "Not started",
        due,
        "Fostering Manager",
    ]
    # Text that a spreadsheet would run as a formula is kept as text.
    assert rows[2][2] == '\'=HYPERLINK("http://example.com","Click")'
    assert rows[2][7] == "'@risk team"


def test_xlsx_download_holds_the_filtered_rows_as_text_not_formulas(board, board_client):
    response = tracker(board_client, board, period="2021-06", _export="xlsx")
    assert response.status_code == 404  # no such month: no file judged at another date
    response = tracker(board_client, board, area=board.other_area.pk, _export="xlsx")
    assert (
        'filename="test-plan-actions-judged-2020-12-31.xlsx"' in (response["Content-Disposition"])
    )

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Area",
        "Reference",
        "Action",
        "BRAG at 31 Dec 2020",
        "Overdue at 31 Dec 2020",
    )
    assert [r[1] for r in rows[1:]] == ["2.1", "2.2"]
    assert rows[2][3:7] == ("Green", "No", "In progress", datetime.datetime(2021, 6, 30))
    formula_like = sheet.cell(row=3, column=3)
    assert formula_like.value == '=HYPERLINK("http://example.com","Click")'
    assert formula_like.data_type == "s"
    assert formula_like.quotePrefix
    assert sheet.cell(row=3, column=8).data_type == "s"


def test_downloads_follow_the_table_sort(board, board_client):
    response = tracker(board_client, board, sort="rag", _export="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[1] for r in rows[1:]] == ["1.1", "1.3", "2.1", "2.2", "1.2"]


def test_download_links_keep_the_filters(board, board_client):
    content = tracker(board_client, board, area=board.area.pk, page=1).content.decode()
    assert f'href="?area={board.area.pk}&amp;_export=csv"' in content
    assert f'href="?area={board.area.pk}&amp;_export=xlsx"' in content


def test_a_board_member_gets_no_edit_controls(board, board_client):
    content = tracker(board_client, board).content.decode()
    assert content.count('method="post"') == 1  # signing out only
    assert "/admin/" not in content
