"""An admin's save never overwrites someone else's: a figure, an action or an exception report
changed since the admin opened its page (its own page, or a row of a measure's or an area's
page) is refused, naming who changed it and when, with what the admin typed kept to save again.
The admin holds figures to the returns form's rules too."""

import html
import re
import threading
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exceptions.models import ExceptionReport
from improvement.models import Action, PlanMembership
from improvement.versioning import Conflict
from measures.models import Actual

from . import factories
from .admin_pages import form_data

pytestmark = pytest.mark.django_db

REFUSAL_ENDS = (
    "while you were editing. Your changes are below: check them against the saved record and "
    "save again."
)


@dataclass
class Page:
    """An admin page that edits `record`: its own change form (prefix "") or a row of an
    inline on another record's page (prefix "actuals-0-")."""

    record: object
    url: str
    prefix: str
    typed: dict  # what the admin types: {field: value}
    theirs: dict  # what someone else saves meanwhile
    noun: str

    def post_data(self, data, values):
        return data | {self.prefix + name: [value] for name, value in values.items()}

    def shown(self, data):
        return {name: data[self.prefix + name][0] for name in self.typed}

    def shown_version(self, data):
        return data[self.prefix + "shown_version"]


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def make_figure(area, periods):
    measure = factories.make_measure(area, "Visits on time", target=90)
    return factories.make_actual(measure, periods[0], 92, commentary="On track")


def figure_page(area, periods):
    figure = make_figure(area, periods)
    typed = {"value": "93", "commentary": "Checked with the data team"}
    return Page(figure, change_url(figure), "", typed, {"value": Decimal(95)}, "figure")


def action_page(area, periods):
    action = factories.make_action(area, "Audit visits")
    typed = {"text": "Audit every visit", "lead": "Head of Service"}
    return Page(action, change_url(action), "", typed, {"text": "Audit visits monthly"}, "action")


def report_page(area, periods):
    report = factories.make_report(area, periods[0], key_risks="Agency staff")
    typed = {"key_risks": "Agency staff leaving", "progress": "Audits done"}
    theirs = {"key_risks": "Caseloads rising"}
    return Page(report, change_url(report), "", typed, theirs, "exception report")


def figure_row_on_measure_page(area, periods):
    figure = make_figure(area, periods)
    typed = {"value": "93", "commentary": "Checked with the data team"}
    url = change_url(figure.measure)
    return Page(figure, url, "actuals-0-", typed, {"value": Decimal(95)}, "figure")


def action_row_on_area_page(area, periods):
    action = factories.make_action(area, "Audit visits")
    typed = {"text": "Audit every visit", "lead": "Head of Service"}
    theirs = {"text": "Audit visits monthly"}
    return Page(action, change_url(area), "actions-0-", typed, theirs, "action")


PAGES = [
    figure_page,
    action_page,
    report_page,
    figure_row_on_measure_page,
    action_row_on_area_page,
]


@pytest.fixture(params=PAGES, ids=lambda make: make.__name__)
def page(request, area, periods):
    return request.param(area, periods)


@pytest.fixture
def staff_admin(admin_user):
    admin_user.is_staff = True
    admin_user.save()
    return admin_user


@pytest.fixture
def admin_browser(client, staff_admin):
    client.force_login(staff_admin)
    return client


@pytest.fixture
def sam(area):
    return factories.make_manager(areas=[area])  # Sam Manager


def save_as(record, user, **values):
    """Someone else saves the record: from their own page (a user) or an import (None)."""
    for name, value in values.items():
        setattr(record, name, value)
    if user is not None:
        record._history_user = user
    record.save()


def when_changed(record):
    when = timezone.localtime(record.history.first().history_date)
    return f"at {when:%H:%M} on {when.day} {when:%B %Y}"


def errors(response):
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", e)).strip() for e in found]


def test_a_change_made_since_the_page_opened_is_refused_naming_who_and_when(
    admin_browser, page, sam
):
    data = form_data(admin_browser.get(page.url))
    assert page.shown_version(data) == ["1"]
    save_as(page.record, sam, **page.theirs)

    response = admin_browser.post(page.url, page.post_data(data, page.typed))

    assert response.status_code == 200
    refusal = f"Sam Manager changed this {page.noun} {when_changed(page.record)} {REFUSAL_ENDS}"
    assert refusal in errors(response)
    saved = type(page.record).objects.get(pk=page.record.pk)
    assert saved.version == 2  # Sam's save only
    for name, value in page.theirs.items():
        assert getattr(saved, name) == value


def test_a_refused_page_keeps_what_the_admin_typed_and_saves_it_when_sent_again(
    admin_browser, page, sam
):
    data = form_data(admin_browser.get(page.url))
    save_as(page.record, sam, **page.theirs)

    refused = admin_browser.post(page.url, page.post_data(data, page.typed))
    shown = form_data(refused)
    assert page.shown(shown) == page.typed
    assert page.shown_version(shown) == ["2"]  # the version saved now: the admin has seen it

    response = admin_browser.post(page.url, shown)
    assert response.status_code == 302, errors(response)
    saved = type(page.record).objects.get(pk=page.record.pk)
    assert saved.version == 3
    for name, value in page.typed.items():
        assert str(getattr(saved, name)).removesuffix(".0000") == value


def test_a_change_to_an_up_to_date_page_saves_and_moves_the_version_on_by_one(
    admin_browser, page, staff_admin
):
    data = form_data(admin_browser.get(page.url))
    response = admin_browser.post(page.url, page.post_data(data, page.typed))

    assert response.status_code == 302, errors(response)
    saved = type(page.record).objects.get(pk=page.record.pk)
    assert saved.version == 2
    assert saved.history.count() == 2
    assert saved.history.first().history_user == staff_admin


def test_a_change_by_an_import_or_command_is_named_as_such(admin_browser, area, periods):
    page = figure_page(area, periods)
    data = form_data(admin_browser.get(page.url))
    save_as(page.record, None, **page.theirs)

    response = admin_browser.post(page.url, page.post_data(data, page.typed))

    refusal = f"An import or command changed this figure {when_changed(page.record)}"
    assert any(e.startswith(refusal) for e in errors(response))


def test_saving_a_figure_records_the_admin_who_entered_it(
    admin_browser, staff_admin, area, periods
):
    page = figure_page(area, periods)
    data = form_data(admin_browser.get(page.url))
    admin_browser.post(page.url, page.post_data(data, page.typed))
    assert Actual.objects.get().entered_by == staff_admin


def test_saving_a_report_records_the_admin_who_updated_it(
    admin_browser, staff_admin, area, periods
):
    page = report_page(area, periods)
    data = form_data(admin_browser.get(page.url))
    admin_browser.post(page.url, page.post_data(data, page.typed))
    assert ExceptionReport.objects.get().updated_by == staff_admin


@pytest.mark.parametrize("make_page", [figure_page, figure_row_on_measure_page])
def test_a_red_figure_without_commentary_is_refused(admin_browser, area, periods, make_page):
    page = make_page(area, periods)
    data = form_data(admin_browser.get(page.url))

    response = admin_browser.post(page.url, page.post_data(data, {"value": "50", "commentary": ""}))

    assert response.status_code == 200
    assert (
        "50% is Red against the target of 90% or more: "
        "add commentary saying why and what is being done"
    ) in errors(response)
    assert Actual.objects.get().value == 92


def test_an_area_row_left_as_it_was_does_not_stop_the_page_saving(
    admin_browser, area, periods, sam
):
    """Sam changed an action in a way the area's page does not show; the admin renames the
    area: the action's row is not saved, so it neither blocks the page nor undoes Sam's."""
    page = action_row_on_area_page(area, periods)
    data = form_data(admin_browser.get(page.url))
    save_as(page.record, sam, key_partners="Police, health")

    response = admin_browser.post(page.url, data | {"name": ["Early Help and MASH"]})

    assert response.status_code == 302, errors(response)
    area.refresh_from_db()
    assert area.name == "Early Help and MASH"
    action = Action.objects.get()
    assert (action.key_partners, action.version) == ("Police, health", 2)


def test_a_conflict_at_save_is_not_a_server_error_the_page_is_checked_again(
    admin_browser, area, periods, monkeypatch
):
    """The form's check locks the row, so a Conflict at save should not come; if one does,
    the page's writes are rolled back and the page is checked again (here: nothing had really
    changed, so it saves, once)."""
    page = figure_page(area, periods)
    data = form_data(admin_browser.get(page.url))
    save = Actual.save
    raised = []

    def save_once_refused(self, *args, **kwargs):
        if not raised:
            raised.append(True)
            raise Conflict({self.pk: self})
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Actual, "save", save_once_refused)
    response = admin_browser.post(page.url, page.post_data(data, page.typed))

    assert raised and response.status_code == 302
    saved = Actual.objects.get()
    assert (saved.value, saved.version, saved.history.count()) == (93, 2, 2)


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="Two connections racing need PostgreSQL (SQLite has no row locks); "
    "set DATABASE_URL=postgres://... to run it",
)
@pytest.mark.django_db(transaction=True)
def test_two_admins_saving_the_same_figure_at_once_one_saves_the_other_is_refused(area, periods):
    page = figure_page(area, periods)
    admins = [
        factories.make_user(name, "Admin", first_name=first, last_name="Admin", is_staff=True)
        for name, first in (("ada", "Ada"), ("bob", "Bob"))
    ]
    for admin in admins:  # admins of this plan: the admin shows them its figures
        factories.make_member(admin, area.plan, PlanMembership.Role.ADMIN)
    browsers = []
    for admin in admins:
        browser = Client()
        browser.force_login(admin)
        browsers.append(browser)
    data = form_data(browsers[0].get(page.url))
    barrier = threading.Barrier(len(browsers))
    responses = {}

    def save(admin, browser, value):
        try:
            barrier.wait(timeout=10)
            responses[admin.username] = browser.post(page.url, page.post_data(data, value))
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=save, args=(admin, browser, {"value": str(80 + i)}))
        for i, (admin, browser) in enumerate(zip(admins, browsers, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(r.status_code for r in responses.values())
    assert statuses == [200, 302], statuses
    winner = next(a for a in admins if responses[a.username].status_code == 302)
    loser = next(a for a in admins if a is not winner)
    saved = Actual.objects.get()
    refusal = f"{winner.get_full_name()} changed this figure {when_changed(saved)} {REFUSAL_ENDS}"
    assert refusal in errors(responses[loser.username])
    assert saved.value == 80 + admins.index(winner)
    assert (saved.version, saved.history.count()) == (2, 2)
    assert saved.history.first().history_user == winner


def test_a_record_is_not_reverted_from_its_history_even_when_a_revert_is_posted(
    admin_browser, area, periods
):
    """Reverting is turned off: the history page only reads, and a revert sent anyway is
    refused without writing (django-simple-history itself only hides the button)."""
    figure = make_figure(area, periods)
    first = figure.history.earliest()
    save_as(Actual.objects.get(pk=figure.pk), None, value=Decimal("75"))
    url = reverse("admin:measures_actual_simple_history", args=[figure.pk, first.history_id])

    assert admin_browser.get(url).status_code == 200
    response = admin_browser.post(url, form_data(admin_browser.get(url)))

    assert response.status_code == 403
    assert Actual.objects.get(pk=figure.pk).value == Decimal("75")
