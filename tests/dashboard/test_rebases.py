"""Changes in a measure's process: an admin of the plan marks the month a new process started
and says what changed; the chart's readings start a new segment there; the history says who
did what; nobody else may change them, and nobody's change is lost to another's."""

import re

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from dashboard import selectors
from improvement import roles
from measures.models import Rebase
from tests import factories

from .helpers import page_text

pytestmark = pytest.mark.django_db

FRONT_DOOR = "A new front door: every contact now goes through the MASH."


def url(name, board, rebase=None, measure=None):
    args = [board.plan.slug, (measure or board.visits).pk]
    return reverse(f"returns:{name}", args=[*args, rebase.pk] if rebase else args)


def july(board):
    return board.periods[6]


def mark(board, user, period=None, reason=FRONT_DOOR):
    rebase = Rebase(
        measure=board.visits, period=period or july(board), reason=reason, created_by=user
    )
    rebase._history_user = user
    rebase.save()
    return rebase


def save_as(rebase, user, reason):
    """Someone else changes what changed, from their own page."""
    rebase = Rebase.objects.get(pk=rebase.pk)
    rebase.reason = reason
    rebase._history_user = user
    rebase.save()
    return rebase


def reading(board):
    detail = selectors.measure_detail_get(
        measure=board.visits, period=board.december, plan_periods=board.periods
    )
    return detail.reading


def summary(response):
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', response.content.decode(), re.S)
    return page_text(match.group(0)) if match else ""


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Marking a month -----------------------------------------------------------------------


def test_the_form_offers_the_plans_months_newest_first_and_counts_characters(board, admin_client):
    response = admin_client.get(url("rebase_new", board))

    assert response.status_code == 200
    content = response.content.decode()
    months = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", content)
    assert months == [p.label for p in reversed(board.periods)]
    assert 'data-module="govuk-character-count"' in content
    assert "You can enter up to 1,000 characters" in content
    assert "Mark a change in process" in page_text(content)


def test_an_admin_marks_a_month_and_the_reading_starts_a_new_segment_there(
    board, admin_client, admin_user
):
    assert reading(board).rebased_from is None

    response = admin_client.post(
        url("rebase_new", board), {"period": july(board).pk, "reason": FRONT_DOOR}
    )

    assert response.status_code == 302
    assert response.url == board.visits.get_absolute_url()
    assert messages_of(response) == [
        "July 2020 now starts a new process: the chart's mean and limits are worked out "
        "again from that month on"
    ]
    rebase = Rebase.objects.get()
    assert (rebase.period, rebase.reason, rebase.created_by) == (
        july(board),
        FRONT_DOOR,
        admin_user,
    )
    assert reading(board).rebased_from == july(board).month
    created = rebase.history.get()
    assert (created.history_type, created.history_user, created.reason) == (
        "+",
        admin_user,
        FRONT_DOOR,
    )


def test_a_mark_without_a_reason_is_refused_in_the_error_summary(board, admin_client):
    response = admin_client.post(url("rebase_new", board), {"period": july(board).pk})

    assert response.status_code == 400
    assert summary(response) == (
        "There is a problem Say what changed: the reason is shown beside the chart."
    )
    assert 'href="#id_reason"' in response.content.decode()
    assert not Rebase.objects.exists()


def test_a_month_already_marked_is_refused_saying_what_it_was_marked_for(
    board, admin_client, admin_user
):
    mark(board, admin_user)

    response = admin_client.post(
        url("rebase_new", board), {"period": july(board).pk, "reason": "Another change"}
    )

    assert response.status_code == 400
    assert (
        summary(response)
        == f"There is a problem July 2020 already starts a new process: {FRONT_DOOR}"
    )
    assert Rebase.objects.count() == 1


def test_a_month_of_another_plan_cannot_be_chosen(board, admin_client):
    other = factories.make_periods(factories.make_plan(), count=1)[0]

    response = admin_client.post(
        url("rebase_new", board), {"period": other.pk, "reason": FRONT_DOOR}
    )

    assert response.status_code == 400
    assert "Choose one of this plan's months" in summary(response)
    assert not Rebase.objects.exists()


# Who may ------------------------------------------------------------------------------


@pytest.fixture(params=["board_client", "manager_client"])
def reader(request, board):
    return request.getfixturevalue(request.param)


def test_board_members_and_managers_are_refused_every_change(board, reader, admin_user):
    rebase = mark(board, admin_user)
    data = {"period": board.periods[3].pk, "reason": "Mine", "version": rebase.version}

    for name, target in (("rebase_new", None), ("rebase_edit", rebase), ("rebase_remove", rebase)):
        assert reader.get(url(name, board, target)).status_code == 403, name
        response = reader.post(url(name, board, target), data)
        assert response.status_code == 403, name
        assert "Only an admin of this plan can do this." in response.content.decode()

    saved = Rebase.objects.get()
    assert (saved.period, saved.reason, saved.version) == (july(board), FRONT_DOOR, 1)


def test_someone_outside_the_plan_finds_nothing_there(board, client, admin_user):
    rebase = mark(board, admin_user)
    client.force_login(factories.make_admin("stranger", plans=[factories.make_plan()]))

    for name, target in (("rebase_new", None), ("rebase_edit", rebase), ("rebase_remove", rebase)):
        assert client.get(url(name, board, target)).status_code == 404, name
    assert client.get(url("rebase_history", board)).status_code == 404


def test_a_change_of_another_measure_is_not_found_under_this_one(board, admin_client, admin_user):
    rebase = mark(board, admin_user)
    wrong = url("rebase_edit", board, rebase, measure=board.children)
    assert admin_client.get(wrong).status_code == 404


# Changing what changed ------------------------------------------------------------------


def test_an_admin_changes_what_changed_and_the_history_records_it(board, admin_client, admin_user):
    rebase = mark(board, admin_user)
    page = admin_client.get(url("rebase_edit", board, rebase)).content.decode()
    assert 'name="version" value="1"' in page
    assert "July 2020" in page_text(page)

    response = admin_client.post(
        url("rebase_edit", board, rebase), {"reason": "A new front door", "version": "1"}
    )

    assert response.status_code == 302
    saved = Rebase.objects.get()
    assert (saved.reason, saved.version, saved.period) == ("A new front door", 2, july(board))
    changed = saved.history.first()
    assert (changed.history_type, changed.history_user) == ("~", admin_user)


def test_a_stale_change_is_refused_saying_who_changed_it_and_when(
    board, admin_client, admin_user, manager_user
):
    rebase = mark(board, admin_user)
    theirs = save_as(rebase, manager_user, "Their words")

    response = admin_client.post(
        url("rebase_edit", board, rebase), {"reason": "My words", "version": "1"}
    )

    assert response.status_code == 409
    when = timezone.localtime(theirs.history.first().history_date)
    assert summary(response) == (
        "There is a problem Sam Manager changed this change in process at "
        f"{when:%H:%M} on {when.day} {when:%B %Y} while you were editing. It now says: "
        "“Their words”. Your text is below: save it again to replace theirs."
    )
    content = response.content.decode()
    assert "My words</textarea>" in content  # what the admin typed is kept
    assert 'name="version" value="2"' in content  # and now carries the saved version
    assert Rebase.objects.get().reason == "Their words"

    again = admin_client.post(
        url("rebase_edit", board, rebase), {"reason": "My words", "version": "2"}
    )
    assert again.status_code == 302
    assert Rebase.objects.get().reason == "My words"


# Removing ------------------------------------------------------------------------------


def test_removing_asks_first_then_removes_and_the_history_keeps_who(
    board, admin_client, admin_user
):
    rebase = mark(board, admin_user)

    confirm = admin_client.get(url("rebase_remove", board, rebase))
    assert confirm.status_code == 200
    text = page_text(confirm.content)
    assert "Remove the change in process from July 2020?" in text
    assert FRONT_DOOR in text
    assert Rebase.objects.exists()

    response = admin_client.post(url("rebase_remove", board, rebase), {"version": "1"})

    assert response.status_code == 302
    assert response.url == board.visits.get_absolute_url()
    assert not Rebase.objects.exists()
    assert reading(board).rebased_from is None
    removed = Rebase.history.filter(id=rebase.pk).first()
    assert (removed.history_type, removed.history_user) == ("-", admin_user)


def test_a_change_made_since_the_confirmation_page_is_not_removed(
    board, admin_client, admin_user, manager_user
):
    rebase = mark(board, admin_user)
    save_as(rebase, manager_user, "Their words")

    response = admin_client.post(url("rebase_remove", board, rebase), {"version": "1"})

    assert response.status_code == 409
    text = page_text(response.content)
    assert "Sam Manager changed this change in process at " in text
    assert "after you opened this page, so it has not been removed" in text
    assert "Their words" in text  # the page shows it as it is now
    assert 'name="version" value="2"' in response.content.decode()
    assert Rebase.objects.get().reason == "Their words"


def test_removing_without_the_version_shown_removes_nothing(board, admin_client, admin_user):
    rebase = mark(board, admin_user)
    assert admin_client.post(url("rebase_remove", board, rebase)).status_code == 409
    assert Rebase.objects.exists()


# What readers see ----------------------------------------------------------------------


def test_every_reader_sees_the_history_of_the_measures_process(
    board, board_client, admin_user, manager_user
):
    rebase = mark(board, admin_user)
    save_as(rebase, manager_user, "A new front door")
    Rebase.objects.get().delete()

    response = board_client.get(url("rebase_history", board))

    assert response.status_code == 200
    text = page_text(response.content)
    assert re.search(
        r"New process from July 2020: removed By .*"
        r"New process from July 2020: changed By Sam Manager .* Reason "
        + re.escape(FRONT_DOOR)
        + r" A new front door "
        r".*New process from July 2020: marked By Ada Admin .* Period – July 2020",
        text,
    ), text


def detail_of(board):
    return selectors.measure_detail_get(
        measure=board.visits, period=board.december, plan_periods=board.periods
    )


def include(board, user, detail=None):
    """The measure page's "Changes in process" section as `user` reads it."""
    request = RequestFactory().get(board.visits.get_absolute_url())
    request.user = user
    context = {"measure": board.visits, "plan": board.plan, "detail": detail or detail_of(board)}
    context["period"] = board.december
    return render_to_string("dashboard/_rebases.html", context, request=request)


def test_the_measure_page_section_lists_the_changes_and_offers_admins_the_links(
    board, admin_user, board_user
):
    rebase = mark(board, admin_user)

    for_admin = include(board, admin_user)
    text = page_text(for_admin)
    assert "Changes in process" in text
    assert "worked out again from that month on" in text
    assert "The readings on this page are worked out from July 2020" in text
    assert f"July 2020 {FRONT_DOOR} Ada Admin {rebase.created_at.day}" in text
    for name in ("rebase_new", "rebase_history"):
        assert url(name, board) in for_admin
    for name in ("rebase_edit", "rebase_remove"):
        assert url(name, board, rebase) in for_admin

    for_board = include(board, board_user)
    assert f"July 2020 {FRONT_DOOR} Ada Admin" in page_text(for_board)
    assert url("rebase_history", board) in for_board
    assert url("rebase_new", board) not in for_board
    assert url("rebase_edit", board, rebase) not in for_board


def test_the_section_says_so_when_no_change_is_marked(board, admin_user):
    text = page_text(include(board, admin_user))
    assert "No change in process is marked up to December 2020" in text


def test_the_section_reads_nothing_the_page_has_not_read(
    board, admin_user, django_assert_num_queries
):
    mark(board, admin_user)
    detail = detail_of(board)
    roles.plan_role(admin_user, board.plan)  # as the page's own check did

    with django_assert_num_queries(0):
        assert "Change<span" in include(board, admin_user, detail)
