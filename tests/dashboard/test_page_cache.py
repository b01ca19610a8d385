"""The pages' cache (dashboard/caching.py): fast to read again, never out of date.

The cache is on in this module. Changes are committed for real (``transaction=True``):
Plan.data_version moves on when a change commits, and the cached content is keyed on it,
so a test's ordinary never-committed transaction could not show a change without
django_capture_on_commit_callbacks. Each client here is its own browser, signed in as one
person.
"""

import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard import caching
from exceptions.models import ExceptionReport
from improvement.models import Action, Plan
from measures.models import Actual
from tests import factories

from .helpers import page_text, section, table_row

pytestmark = [pytest.mark.page_cache, pytest.mark.django_db(transaction=True)]


def signed_in(user):
    """A browser of its own, signed in as `user`."""
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def board_reader(board_user):
    return signed_in(board_user)


@pytest.fixture
def manager(manager_user):
    """Sam Manager, who manages Early Help."""
    return signed_in(manager_user)


def glance_url(board, period=None):
    url = reverse("dashboard:at_a_glance", args=[board.plan.slug])
    return f"{url}?period={period}" if period else url


def pack_url(board):
    return reverse("dashboard:board_pack", args=[board.plan.slug])


def xlsx_url(board):
    return reverse("dashboard:board_pack_xlsx", args=[board.plan.slug])


def scorecard_url(board, area=None):
    return reverse("dashboard:scorecard", args=[board.plan.slug, (area or board.area).pk])


def tracker_url(board, query=""):
    return reverse("dashboard:tracker", args=[board.plan.slug]) + query


def recommendations_url(board):
    return reverse("dashboard:recommendations", args=[board.plan.slug])


def measure_url(board):
    return reverse("dashboard:measure", args=[board.plan.slug, board.visits.pk])


def read(browser, url):
    response = browser.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def read_counting_queries(browser, url):
    with CaptureQueriesContext(connection) as queries:
        content = read(browser, url)
    return content, len(queries)


def scorecard_rows(browser, board):
    """The .xlsx scorecard's rows, by measure name."""
    response = browser.get(xlsx_url(board))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Scorecard"]
    return {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}


def without_per_request_bits(content):
    """The page with its CSRF token and any CSP nonce blanked out."""
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", content)
    return re.sub(r'nonce="[^"]*"', "nonce", content)


def december_figures(board, visits):
    """The monthly figures form for Early Help's December, as sent with Visits on time
    changed to `visits`."""
    measures = [board.visits, board.children, board.rereferrals]  # the form's order
    data = {
        "figures-TOTAL_FORMS": str(len(measures)),
        "figures-INITIAL_FORMS": str(len(measures)),
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "1000",
    }
    for i, measure in enumerate(measures):
        actual = Actual.objects.get(measure=measure, period=board.december)
        value = visits if measure == board.visits else actual.value
        data |= {
            f"figures-{i}-measure_id": measure.pk,
            f"figures-{i}-version": actual.version,
            f"figures-{i}-value": "" if value is None else str(value),
            f"figures-{i}-missing_reason": actual.missing_reason,
            f"figures-{i}-commentary": actual.commentary or "Demand rose in the east.",
        }
    return data


def save_december_figures(browser, board, visits):
    """Sam saves Early Help's December figures through the monthly figures page."""
    response = browser.post(figures_url(board), december_figures(board, visits))
    assert response.status_code == 302, page_text(response.content)[:2000]
    assert Actual.objects.get(measure=board.visits, period=board.december).value == visits


# --- a manager's new figure shows on the board's next read -----------------------------


def test_a_new_figure_shows_on_rag_at_a_glance(board, board_reader, manager):
    before = read(board_reader, glance_url(board))
    assert "Visits on time Early Help Green Red 84%" in page_text(before)
    assert table_row(before, 'data-area="Early Help"').endswith("2 0 0 1 1")
    again = read(board_reader, glance_url(board))  # read again: from the cache
    assert without_per_request_bits(again) == without_per_request_bits(before)

    save_december_figures(manager, board, visits=95)

    after = read(board_reader, glance_url(board))
    assert "Visits on time Early Help Green Red" not in page_text(after)
    assert table_row(after, 'data-area="Early Help"').endswith("1 0 1 1 1")  # 1 Red, 1 Green


def test_a_new_figure_shows_on_the_area_scorecard(board, board_reader, manager):
    before = read(board_reader, scorecard_url(board))
    assert table_row(before, ">Visits on time<").startswith(
        "Visits on time 60% Mar 2019 84% Dec 2020 90% 6 percentage points below target Red"
    )

    save_december_figures(manager, board, visits=95)

    visits = table_row(read(board_reader, scorecard_url(board)), ">Visits on time<")
    assert visits.startswith("Visits on time 60% Mar 2019 95% Dec 2020 90%")
    assert "Green" in visits
    assert "Red" not in visits


def test_a_new_figure_shows_in_the_board_pack(board, board_reader, manager):
    before = page_text(read(board_reader, pack_url(board)))
    assert "6 percentage points below target" in before
    assert "Dec 2020 84% (Red)" in before

    save_december_figures(manager, board, visits=95)

    after = page_text(read(board_reader, pack_url(board)))
    assert "6 percentage points below target" not in after
    assert "Dec 2020 95% (Green)" in after


def test_a_new_figure_shows_in_the_xlsx_scorecard(board, board_reader, manager):
    visits = scorecard_rows(board_reader, board)["Visits on time"]
    assert (visits[4], visits[8]) == (84, "Red")
    assert scorecard_rows(board_reader, board)["Visits on time"] == visits  # cached copy

    save_december_figures(manager, board, visits=95)

    visits = scorecard_rows(board_reader, board)["Visits on time"]
    assert (visits[4], visits[8]) == (95, "Green")


# --- the cache really is used, and gives the same page --------------------------------


@pytest.mark.parametrize(
    "page",
    [pack_url, glance_url, scorecard_url, tracker_url, recommendations_url, measure_url],
    ids=lambda f: f.__name__.removesuffix("_url"),
)
def test_a_second_read_comes_from_the_cache_and_shows_the_same_page(page, board, board_reader):
    first, first_queries = read_counting_queries(board_reader, page(board))
    second, second_queries = read_counting_queries(board_reader, page(board))

    assert second_queries < first_queries
    assert without_per_request_bits(second) == without_per_request_bits(first)


def test_the_board_pack_reads_far_fewer_queries_the_second_time(board, board_reader):
    _, first = read_counting_queries(board_reader, pack_url(board))
    _, second = read_counting_queries(board_reader, pack_url(board))
    assert second <= first // 2, (first, second)


def test_with_the_cache_off_every_read_runs_every_query(board, board_reader, settings):
    settings.PAGE_CACHE_SECONDS = 0
    _, first = read_counting_queries(board_reader, pack_url(board))
    _, second = read_counting_queries(board_reader, pack_url(board))
    assert second == first


def test_a_change_that_sends_no_signals_waits_for_the_cache_to_run_out(board, board_reader):
    """As documented: straight SQL (here QuerySet.update) does not move data_version."""
    read(board_reader, tracker_url(board))
    Action.objects.filter(pk=board.actions["1.1"].pk).update(text="Audit every case file")

    assert "Audit case files" in page_text(read(board_reader, tracker_url(board)))


def test_with_the_cache_off_a_change_that_sends_no_signals_shows_at_once(
    board, board_reader, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    read(board_reader, tracker_url(board))
    Action.objects.filter(pk=board.actions["1.1"].pk).update(text="Audit every case file")

    assert "Audit every case file" in page_text(read(board_reader, tracker_url(board)))


# --- the page around the content is each reader's own ---------------------------------


@pytest.mark.parametrize("page", [glance_url, pack_url, scorecard_url, tracker_url])
def test_each_reader_sees_their_own_name_on_a_cached_page(
    page, board, board_user, manager_user, admin_user
):
    pages = {
        user: read(signed_in(user), page(board)) for user in (board_user, manager_user, admin_user)
    }
    for user, content in pages.items():
        bar = page_text(section(content, 'class="app-user-bar"', "</form>"))
        assert f"Signed in as {user.get_full_name()}" in bar
        others = [u.get_full_name() for u in pages if u != user]
        assert not any(name in bar for name in others)
    if page is not scorecard_url:  # (the scorecard's edit links differ by reader)
        mains = {without_per_request_bits(section(c, "<main", "</main>")) for c in pages.values()}
        assert len(mains) == 1  # the same content, from the cache for the second and third


@pytest.mark.parametrize("page", [pack_url, scorecard_url])
def test_sign_out_works_from_a_page_another_reader_cached(page, board, board_user, manager_user):
    """The sign-out form's CSRF token is the reader's own, not the first reader's."""
    read(signed_in(board_user), page(board))  # fills the cache
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager_user)
    content = read(browser, page(board))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)

    response = browser.post(reverse("logout"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert browser.get(page(board)).status_code == 302  # signed out: sent to sign in


EDIT_LINK = "Update this area's monthly return"


@pytest.mark.parametrize("first", ["manager", "board member"])
def test_edit_links_follow_the_reader_not_whoever_filled_the_cache(
    first, board, board_user, manager_user
):
    readers = {"manager": manager_user, "board member": board_user}
    order = [first, *(name for name in readers if name != first)]

    pages = {
        name: page_text(read(signed_in(readers[name]), scorecard_url(board))) for name in order
    }

    assert EDIT_LINK in pages["manager"]
    assert EDIT_LINK not in pages["board member"]


def test_a_manager_of_another_area_gets_no_edit_link_from_the_cache(board, manager_user):
    fostering_manager = factories.make_manager("manager2", areas=[board.other_area])
    assert EDIT_LINK in page_text(read(signed_in(manager_user), scorecard_url(board)))
    assert EDIT_LINK not in page_text(read(signed_in(fostering_manager), scorecard_url(board)))


# --- each address has its own content -------------------------------------------------


def test_each_period_has_its_own_rag_at_a_glance(board, board_reader):
    december = page_text(read(board_reader, glance_url(board)))
    november = page_text(read(board_reader, glance_url(board, "2020-11")))
    assert "RAG at a glance: December 2020" in december
    assert "RAG at a glance: November 2020" in november
    assert "RAG at a glance: December 2020" not in november


def test_each_period_has_its_own_xlsx_scorecard(board, board_reader):
    december = scorecard_rows(board_reader, board)["Visits on time"]
    response = board_reader.get(xlsx_url(board), {"period": "2020-11"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Scorecard"]
    november = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "Visits on time")
    assert december[4:6] == (84, "December 2020")
    assert november[4:6] == (90, "November 2020")


def refs(content):
    return re.findall(r'<tr [^>]*data-ref="([^"]*)"', content)


TRACKER_ADDRESSES = {
    "": ["1.1", "1.2", "1.3", "2.1", "2.2"],
    "?brag=blue": ["1.2"],
    "?status=not_started": ["2.1"],
    "?sort=-reference": ["2.2", "2.1", "1.3", "1.2", "1.1"],
}


def test_each_tracker_filter_and_sort_has_its_own_rows(board, board_reader):
    TRACKER_ADDRESSES[f"?area={board.other_area.pk}"] = ["2.1", "2.2"]
    for query, expected in TRACKER_ADDRESSES.items():
        assert refs(read(board_reader, tracker_url(board, query))) == expected, query
    for query, expected in TRACKER_ADDRESSES.items():  # and again, from the cache
        assert refs(read(board_reader, tracker_url(board, query))) == expected, query


def test_each_plan_has_its_own_pages(board, board_reader):
    """Two plans at the same data_version never show each other's content."""
    other = factories.make_plan(slug="other-plan", organisation="Otherton", title="Other Plan")
    factories.make_periods(other, first=datetime.date(2020, 1, 1), count=12)
    ours = Plan.objects.values_list("data_version", flat=True).get(pk=board.plan.pk)
    Plan.objects.filter(pk=other.pk).update(data_version=ours)

    ours = page_text(read(board_reader, glance_url(board)))
    theirs = page_text(read(board_reader, reverse("dashboard:at_a_glance", args=[other.slug])))
    assert "Testshire: Test Plan" in ours
    assert "Otherton: Other Plan" in theirs
    assert "Early Help" not in theirs


def test_a_new_day_gives_new_content(board, board_reader, monkeypatch):
    """Overdue depends on today: action 2.1 is due in 10 days, overdue in 11."""
    assert "2.1 Fostering Recruit foster carers Amber" in page_text(
        read(board_reader, tracker_url(board))
    )
    today = timezone.localdate()
    real_localdate = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: (
            today + datetime.timedelta(days=11)
            if value is None
            else real_localdate(value, timezone)
        ),
    )
    assert "2.1 Fostering Recruit foster carers Red" in page_text(
        read(board_reader, tracker_url(board))
    )


# --- any change made through Django shows on the next read ----------------------------


def _rename_action(board):
    action = Action.objects.get(pk=board.actions["1.1"].pk)
    action.text = "Audit every case file"
    action.save()


def _delete_action(board):
    Action.objects.get(pk=board.actions["1.3"].pk).delete()


def _retitle_plan(board):
    plan = Plan.objects.get(pk=board.plan.pk)
    plan.title = "Improvement Plan 2021"
    plan.save()


def _link_action_to_recommendation(board):
    board.actions["2.1"].recommendations.add(board.recommendations["1"])


def _change_comparator(board):
    benchmark = board.visits.benchmarks.get(kind="national")
    benchmark.value = 81
    benchmark.save()


def _new_report(board):
    report = board.area.reports.get(period=board.december)
    report.key_developments = "A new front door opened in January."
    report.save()


# (page, change, text before, text after)
CHANGES = {
    "action renamed, tracker": (
        tracker_url,
        _rename_action,
        "Audit case files",
        "Audit every case file",
    ),
    "action deleted, tracker": (tracker_url, _delete_action, "Launch family hubs", None),
    "plan retitled, glance": (
        glance_url,
        _retitle_plan,
        "Testshire: Test Plan",
        "Testshire: Improvement Plan 2021",
    ),
    "action linked, recommendations": (
        recommendations_url,
        _link_action_to_recommendation,
        "1 : Improve the quality of assessments. 2 1 of 2",
        "1 : Improve the quality of assessments. 3 1 of 3",
    ),
    "comparator changed, measure page": (
        measure_url,
        _change_comparator,
        "National (England) 2019 78%",
        "National (England) 2019 81%",
    ),
    "exception report edited, board pack": (
        pack_url,
        _new_report,
        "Family hubs opened in three localities.",
        "A new front door opened in January.",
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_on_the_next_read(change, board, board_reader):
    page, make_change, before, after = CHANGES[change]
    assert before in page_text(read(board_reader, page(board)))

    make_change(board)

    text = page_text(read(board_reader, page(board)))
    assert before not in text
    if after:
        assert after in text


def test_a_change_through_the_admin_shows_on_the_next_read(board, board_reader, admin_user):
    """The admin's change form for an action, as an administrator would submit it."""
    assert "Audit case files" in page_text(read(board_reader, tracker_url(board)))
    admin_user.is_staff = True
    admin_user.save()
    admin = signed_in(admin_user)
    action = board.actions["1.1"]
    url = reverse("admin:improvement_action_change", args=[action.pk])
    form = admin.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data["recommendations"] = [r.pk for r in action.recommendations.all()]
    data |= {
        "text": "Audit every case file",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
        "updates-MIN_NUM_FORMS": "0",
        "updates-MAX_NUM_FORMS": "1000",
    }

    response = admin.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Audit every case file" in page_text(read(board_reader, tracker_url(board)))


# --- escaping survives the cache ------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("page", [glance_url, pack_url, tracker_url, scorecard_url])
def test_html_in_names_is_shown_escaped_on_the_cached_read_too(page, board, board_reader):
    board.area.name = SCRIPT
    board.area.save()
    action = Action.objects.get(pk=board.actions["1.1"].pk)
    action.text = SCRIPT
    action.save()

    first = read(board_reader, page(board))
    second = read(board_reader, page(board))

    for content in (first, second):
        assert SCRIPT not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "&amp;lt;" not in content  # escaped once, not twice
        assert "<table" in content  # the cached content is still HTML, not text


def test_the_key_holds_the_plans_data_version(plan):
    """A unit check of the key: the same address under another data_version is another key."""
    same = caching.key("page", plan, "/x")
    assert caching.key("page", plan, "/x") == same
    plan.data_version += 1
    assert caching.key("page", plan, "/x") != same


# --- My returns and Returns status, which only read, are kept the same way ---------------


def my_returns_url(board):
    return reverse("returns:my_returns", args=[board.plan.slug]) + "?period=2020-12"


def status_url(board):
    return reverse("returns:status", args=[board.plan.slug]) + "?period=2020-12"


def test_a_new_measure_shows_on_my_returns_and_returns_status(board, manager, admin_user):
    admin = signed_in(admin_user)
    assert "3 of 3 entered" in page_text(read(manager, my_returns_url(board)))
    status_row = table_row(read(admin, status_url(board)), 'id="status-area-')
    assert "3 of 3" in status_row

    factories.make_measure(board.area, "Missing episodes", unit="count", target=5, order=4)

    mine = page_text(read(manager, my_returns_url(board)))
    assert "3 of 4 entered" in mine
    assert "1 without a value" in mine
    assert "3 of 4" in table_row(read(admin, status_url(board)), 'id="status-area-')


def test_my_returns_follows_the_period_lock_for_the_reader(
    board, manager, manager_user, admin_user
):
    """A manager cannot write to a locked period, an admin can: each sees their own links,
    whoever read the page first, even when both have the same areas."""
    board.other_area.managers.add(manager_user)  # now Sam has every area, as an admin does
    admin = signed_in(admin_user)
    board.december.lock(admin_user)  # commits: the plan moves on
    assert "Enter figures" in page_text(read(admin, my_returns_url(board)))
    mine = page_text(read(manager, my_returns_url(board)))
    assert "View figures" in mine
    assert "Enter figures" not in mine


def test_a_made_up_query_parameter_keeps_no_second_copy(board, board_reader):
    """Content is keyed on what it shows, not the whole query string: anyone could
    otherwise fill the cache with copies of the 7 MB board pack."""
    first, first_queries = read_counting_queries(board_reader, pack_url(board) + "?x=1")
    again, again_queries = read_counting_queries(board_reader, pack_url(board) + "?x=2")
    assert again_queries < first_queries
    assert without_per_request_bits(again) == without_per_request_bits(first)


def test_an_unknown_period_says_so_on_the_cached_page_too(board, board_reader):
    """?period= for a month with no period shows the latest, saying so; the plain page,
    read from the cache afterwards, does not carry that message."""
    message = "There is no reporting period for that month"
    assert message in page_text(read(board_reader, glance_url(board, "1999-01")))
    assert message not in page_text(read(board_reader, glance_url(board)))
    assert message in page_text(read(board_reader, glance_url(board, "1999-02")))


# --- forms shown as saved are kept too: each reader gets their own CSRF token -----------


def figures_url(board, month="2020-12"):
    return reverse("returns:figures", args=[board.plan.slug, month, board.area.pk])


def report_url(board):
    return reverse("returns:report", args=[board.plan.slug, "2020-12", board.area.pk])


def action_url(board):
    action = board.actions["1.1"]
    return reverse("returns:action_update", args=[board.plan.slug, action.pk]) + "?period=2020-12"


def periods_url(board):
    return reverse("returns:periods", args=[board.plan.slug])


def csrf_tokens(content):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', content)


def input_value(content, name):
    return re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', content)[1]


@pytest.fixture
def second_manager(board):
    """Kim, who manages Early Help too: the same form, the same rights, another person."""
    return signed_in(factories.make_manager("kim", areas=[board.area]))


@pytest.mark.parametrize(
    ("page", "reader"),
    [
        (figures_url, "manager"),
        (report_url, "manager"),
        (action_url, "manager"),
        (periods_url, "admin"),
    ],
)
def test_a_form_read_again_comes_from_the_cache_and_shows_the_same_form(
    page, reader, board, manager, admin_user
):
    browser = manager if reader == "manager" else signed_in(admin_user)
    first, first_queries = read_counting_queries(browser, page(board))
    again, again_queries = read_counting_queries(browser, page(board))
    assert again_queries < first_queries
    assert without_per_request_bits(again) == without_per_request_bits(first)
    assert csrf_tokens(again)
    assert caching.CSRF_MARK not in again


def test_a_kept_form_carries_each_readers_own_csrf_token(board, manager_user):
    """Sam's read fills the cache; Kim's form comes from it, and her save, with the token
    her page holds, passes the CSRF check. Had the cache kept Sam's token, it would not."""
    sam = Client(enforce_csrf_checks=True)
    sam.force_login(manager_user)
    kim = Client(enforce_csrf_checks=True)
    kim.force_login(factories.make_manager("kim", areas=[board.area]))
    _, filling_queries = read_counting_queries(sam, figures_url(board))
    page, queries = read_counting_queries(kim, figures_url(board))
    assert queries < filling_queries  # Kim's form did come from the cache
    (token,) = csrf_tokens(section(page, 'class="app-figures"', "</form>"))
    refused = kim.post(figures_url(board), december_figures(board, 85))
    assert refused.status_code == 403  # the check is on
    saved = kim.post(
        figures_url(board), december_figures(board, 85) | {"csrfmiddlewaretoken": token}
    )
    assert saved.status_code == 302
    assert Actual.objects.get(measure=board.visits, period=board.december).value == 85


def test_a_figure_saved_by_someone_else_shows_in_the_form_at_once(board, manager, second_manager):
    """Sam's form is kept; Kim saves; Sam's next read shows her value and its new version,
    so Sam's own save is not refused as a clash with a version he never saw."""
    before = read(manager, figures_url(board))
    assert input_value(before, "figures-0-value") == "84"
    save_december_figures(second_manager, board, 87)
    after = read(manager, figures_url(board))
    saved = Actual.objects.get(measure=board.visits, period=board.december)
    assert input_value(after, "figures-0-value") == "87"
    assert input_value(after, "figures-0-version") == str(saved.version)
    save_december_figures(manager, board, 88)


def test_a_form_with_errors_is_for_its_reader_only(board, manager, second_manager):
    """What Sam typed, with its error, is not kept: Kim, and Sam's next read, get the
    form as saved; and a form already kept does not hide Sam's errors."""
    read(manager, figures_url(board))
    response = manager.post(figures_url(board), december_figures(board, "eighty"))
    assert response.status_code == 200
    mine = response.content.decode()
    assert input_value(mine, "figures-0-value") == "eighty"
    assert "There is a problem" in page_text(mine)
    for browser in (second_manager, manager):
        page = read(browser, figures_url(board))
        assert input_value(page, "figures-0-value") == "84"
        assert "There is a problem" not in page_text(page)


def test_a_locked_periods_form_follows_the_reader(board, manager, admin_user):
    """Once December is locked an admin may still correct it, a manager may only read it:
    each sees their own form, whoever read it first."""
    admin = signed_in(admin_user)
    board.december.lock(admin_user)  # commits: the plan moves on
    as_admin = page_text(read(admin, figures_url(board)))
    as_manager = page_text(read(manager, figures_url(board)))
    assert "As an admin you can still correct it" in as_admin
    assert "Save figures" in as_admin
    assert "Nothing in it can be changed now" in as_manager
    assert "Save figures" not in as_manager
    assert "Save figures" in page_text(read(admin, figures_url(board)))


def test_only_an_admin_gets_the_return_for_changes_form(board, manager, admin_user):
    report = ExceptionReport.objects.get(area=board.area, period=board.december)
    report.status = ExceptionReport.Status.SUBMITTED
    report.save()
    admin = signed_in(admin_user)
    assert "Return for changes" not in page_text(read(manager, report_url(board)))
    assert "Return for changes" in page_text(read(admin, report_url(board)))
    assert "Return for changes" not in page_text(read(manager, report_url(board)))


def test_a_period_opened_shows_on_the_periods_page_at_once(board, admin_user):
    admin = signed_in(admin_user)
    lock_january = reverse("returns:period_lock", args=[board.plan.slug, "2021-01"])
    before = read(admin, periods_url(board))
    assert lock_january not in before
    assert input_value(before, "month_month") == "1"  # the form offers January 2021
    response = admin.post(
        periods_url(board),
        {
            "month_month": "1",
            "month_year": "2021",
            "deadline_day": "10",
            "deadline_month": "2",
            "deadline_year": "2021",
        },
    )
    assert response.status_code == 302
    after = read(admin, periods_url(board))
    assert lock_january in after
    assert input_value(after, "month_month") == "2"  # and now February


def test_text_that_looks_like_the_token_mark_is_shown_as_typed(board, manager):
    """The mark is an HTML comment; anything typed is escaped, so it is never replaced."""
    actual = Actual.objects.get(measure=board.visits, period=board.december)
    actual.commentary = str(caching.CSRF_MARK)
    actual.save()
    page = read(manager, figures_url(board))
    assert str(caching.CSRF_MARK) in page_text(page)
    assert len(csrf_tokens(page)) == 2  # the form's and sign out's
