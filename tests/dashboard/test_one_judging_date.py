"""One date for judging actions: every page, form and download showing July 2020 judges
each action as at 31 July 2020 (the period's end, which is before today), so each gives
the same BRAG and the same overdue count.

Judged at today instead, the actions due in and after July 2020 would all be Red.
"""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

from .helpers import NARROW_ONLY, page_text, section

pytestmark = pytest.mark.django_db

JULY = {"period": "2020-07"}

# reference: (status, target date, BRAG as at 31 July 2020)
ACTIONS = {
    "1.1": ("in_progress", datetime.date(2020, 6, 15), "Red"),  # due before July: overdue
    "1.2": ("not_started", datetime.date(2020, 7, 20), "Red"),  # due inside July: overdue
    "1.3": ("in_progress", datetime.date(2020, 7, 31), "Green"),  # due on its last day
    "1.4": ("not_started", datetime.date(2020, 8, 20), "Amber"),  # after, within 30 days
    "1.5": ("complete", datetime.date(2020, 6, 1), "Blue"),
    "2.1": ("in_progress", datetime.date(2020, 12, 31), "Green"),  # after July
    "2.2": ("at_risk", datetime.date(2021, 3, 1), "Amber"),
}
EXPECTED = {ref: brag for ref, (_, _, brag) in ACTIONS.items()}
OVERDUE = ["1.1", "1.2"]


@pytest.fixture
def july(plan, periods, area, other_area):
    """A plan of 2020 (all in the past) with actions due before, in and after July 2020,
    each answering one recommendation."""
    recommendation = factories.make_recommendation(plan, "1", text="Act on time.")
    actions = {}
    for order, (ref, (status, target_date, _)) in enumerate(ACTIONS.items()):
        actions[ref] = factories.make_action(
            area if ref.startswith("1.") else other_area,
            f"Action {ref}",
            reference=ref,
            status=status,
            target_date=target_date,
            order=order,
        )
        actions[ref].recommendations.add(recommendation)
    return actions


def brags(content):
    """{reference: BRAG} of every table row of actions in some HTML."""
    content = NARROW_ONLY.sub("", content)  # the row's RAG cell, not its small-screen copy
    rows = re.findall(
        r'<th scope="row" class="[^"]*app-ref[^"]*">([^<]*)</th>(.*?)</tr>', content, re.S
    )
    return {ref: re.search(r"rag-tag[^>]*>([^<]+)<", row).group(1) for ref, row in rows}


def get(client, name, plan, *args, **query):
    response = client.get(reverse(f"dashboard:{name}", args=[plan.slug, *args]), query or JULY)
    assert response.status_code == 200
    return response


def test_every_page_form_and_download_judges_july_at_its_end(
    plan, area, other_area, july, board_client, manager_client, admin_user
):
    # RAG at a glance: the overdue count.
    glance = page_text(get(board_client, "at_a_glance", plan).content)
    assert "RAG at a glance: July 2020" in glance
    assert "2 overdue actions" in glance
    assert "Actions are judged as at 31 July 2020" in glance

    # Each area's scorecard: every action's BRAG.
    shown = {}
    for each in (area, other_area):
        shown |= brags(get(board_client, "scorecard", plan, each.pk).content.decode())
    assert shown == EXPECTED

    # The tracker: every BRAG, the overdue count and the overdue filter.
    tracker = get(board_client, "tracker", plan).content.decode()
    assert brags(tracker) == EXPECTED
    assert "7 actions, 2 overdue" in page_text(tracker)
    assert "judged as at 31 July 2020" in page_text(tracker)
    overdue_only = get(board_client, "tracker", plan, period="2020-07", overdue="on")
    assert list(brags(overdue_only.content.decode())) == OVERDUE

    # Its CSV and .xlsx downloads, the date in the headings and the file name.
    response = get(board_client, "tracker", plan, period="2020-07", _export="csv")
    assert "actions-judged-2020-07-31.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["Reference"]: r["BRAG at 31 Jul 2020"] for r in rows} == EXPECTED
    assert [r["Reference"] for r in rows if r["Overdue at 31 Jul 2020"] == "Yes"] == OVERDUE
    response = get(board_client, "tracker", plan, period="2020-07", _export="xlsx")
    assert "actions-judged-2020-07-31.xlsx" in response["Content-Disposition"]
    header, *values = openpyxl.load_workbook(io.BytesIO(response.content)).active.values
    cells = [dict(zip(header, row, strict=True)) for row in values]
    assert {c["Reference"]: c["BRAG at 31 Jul 2020"] for c in cells} == EXPECTED
    assert [c["Reference"] for c in cells if c["Overdue at 31 Jul 2020"] == "Yes"] == OVERDUE

    # Recommendations: each action's BRAG and the overdue count.
    recommendations = get(board_client, "recommendations", plan).content.decode()
    assert brags(recommendations) == EXPECTED
    assert "Act on time. 7 1 of 7 2 overdue Red" in page_text(recommendations)

    # The board pack (the live pack: an admin's preview): each area's actions, and the
    # overdue list.
    admin = Client()
    admin.force_login(admin_user)
    pack = get(admin, "board_pack", plan).content.decode()
    assert brags(section(pack, 'id="overdue-actions"', "</section>")) == {
        ref: "Red" for ref in OVERDUE
    }
    assert brags(pack[: pack.index('id="overdue-actions"')]) == EXPECTED
    workbook = get(board_client, "board_pack_xlsx", plan)
    areas = openpyxl.load_workbook(io.BytesIO(workbook.content))["Areas"]
    header, *values = areas.values
    overdue = [
        dict(zip(header, row, strict=True))["Overdue actions at 31 Jul 2020"] for row in values
    ]
    assert sum(overdue) == 2

    # The action update form of a July return.
    manager_client.force_login(factories.make_manager("both", areas=[area, other_area]))
    for ref, action in july.items():
        url = reverse("returns:action_update", args=[plan.slug, action.pk])
        content = manager_client.get(url, JULY).content.decode()
        status_now = section(content, "Status now", "</div>")
        assert re.search(r"rag-tag[^>]*>([^<]+)<", status_now).group(1) == EXPECTED[ref], ref
        assert ("Overdue" in page_text(status_now)) == (ref in OVERDUE), ref
        assert "BRAG as at 31 July 2020" in page_text(status_now)
