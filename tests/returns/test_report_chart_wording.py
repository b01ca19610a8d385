"""The exception report suggests wording from the SPC charts, which the manager keeps or
changes: it starts a new draft's "Analysis of progress" and is listed beside it, and it
never replaces text someone wrote."""

import html
import re

import pytest
from django.urls import reverse

from exceptions.models import ExceptionReport
from measures.models import Rebase
from tests import factories
from tests.dashboard.helpers import page_text, section

pytestmark = pytest.mark.django_db

# Caseloads (lower is better) from January to December 2020: 8 months below the mean.
CASELOADS = [12, 13, 12, 13, 9, 10, 9, 10, 9, 10, 9, 10]
RUN_BELOW = (
    "Average caseload: special cause, improving: 8 months in a row below the mean; the "
    "target is inside the normal range, so it will be hit and miss."
)


@pytest.fixture
def december(periods):
    return periods[11]


@pytest.fixture
def caseload(area, periods):
    measure = factories.make_measure(
        area, "Average caseload", unit="count", direction="lower", target=12, order=1
    )
    for period, value in zip(periods, CASELOADS, strict=True):
        factories.make_actual(measure, period, value)
    return measure


@pytest.fixture
def url(plan, december, area):
    return reverse("returns:report", args=[plan.slug, december, area.pk])


def progress_box(content):
    """The text in the "Analysis of progress" box, as the browser shows it."""
    found = re.search(r'<textarea[^>]*id="id_progress"[^>]*>(.*?)</textarea>', content, re.S)
    return html.unescape(found.group(1))


def suggestions_text(content):
    return page_text(section(content, 'id="chart-wording"', "</div>"))


def test_a_new_draft_starts_with_what_the_charts_say(manager_client, url, caseload):
    content = manager_client.get(url).content.decode()
    assert progress_box(content).strip() == RUN_BELOW
    listed = suggestions_text(content)
    assert "What the charts say" in listed
    assert "suggested from the statistical process control (SPC) readings" in listed
    assert "keep it, change it or delete it" in listed
    assert RUN_BELOW in listed


def test_a_saved_reports_text_is_never_replaced(manager_client, url, area, december, caseload):
    factories.make_report(area, december, progress="Caseloads fell after the new rota.")
    content = manager_client.get(url).content.decode()
    assert progress_box(content).strip() == "Caseloads fell after the new rota."
    assert RUN_BELOW in suggestions_text(content)  # still there to copy
    assert "Copy any of it into your report" in suggestions_text(content)


def test_a_saved_report_left_empty_stays_empty(manager_client, url, area, december, caseload):
    factories.make_report(area, december, progress="")
    assert progress_box(manager_client.get(url).content.decode()).strip() == ""


def test_the_manager_can_delete_the_wording(manager_client, url, area, december, caseload):
    response = manager_client.post(
        url, {"version": 0, "intent": "draft", "progress": "", "current_rag": ""}
    )
    assert response.status_code == 302
    assert ExceptionReport.objects.get(area=area, period=december).progress == ""
    assert progress_box(manager_client.get(url).content.decode()).strip() == ""


def test_what_the_manager_typed_is_kept_when_the_form_has_errors(manager_client, url, caseload):
    content = manager_client.post(
        url, {"version": 0, "intent": "submit", "progress": "My own words", "current_rag": ""}
    ).content.decode()
    assert "Choose the RAG you judge this area to be this period" in content
    assert progress_box(content).strip() == "My own words"


def test_a_new_process_is_named_with_its_reason(
    manager_client, url, caseload, periods, manager_user
):
    Rebase.objects.create(
        measure=caseload, period=periods[4], reason="new front door", created_by=manager_user
    )
    assert progress_box(manager_client.get(url).content.decode()).strip() == (
        "Average caseload: not enough months since May 2020 (new front door) to judge "
        "variation yet (8 of 12)."
    )


def test_a_measure_without_a_figure_this_month_is_not_mentioned(
    manager_client, url, area, periods, caseload
):
    quiet = factories.make_measure(area, "Visits on time", target=80, order=2)
    for period in periods[:11]:
        factories.make_actual(quiet, period, 80)
    factories.make_actual(quiet, periods[11], None, missing_reason="Late from the system")
    content = manager_client.get(url).content.decode()
    assert "Visits on time:" not in suggestions_text(content)
    assert "Visits on time" not in progress_box(content)


def test_an_area_without_figures_shows_no_suggestions(manager_client, url):
    content = manager_client.get(url).content.decode()
    assert 'id="chart-wording"' not in content
    assert progress_box(content).strip() == ""


def test_a_locked_period_fills_in_nothing_the_manager_cannot_change(
    manager_client, url, december, caseload, admin_user
):
    december.lock(admin_user)
    content = manager_client.get(url).content.decode()
    assert progress_box(content).strip() == ""
    assert RUN_BELOW in suggestions_text(content)
