"""send_return_reminders: e-mails managers whose returns for the open period are incomplete."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from improvement.models import ActionUpdate
from returns import reminders
from returns.models import ReminderMessage, ReminderSending
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_period(plan, periods):
    """Only December 2020 is open: the period reminders are about."""
    for period in periods[:-1]:
        period.lock(None)
    return periods[-1]


@pytest.fixture
def manager_with_email(manager_user):
    manager_user.email = "sam.manager@council.example"
    manager_user.save()
    return manager_user


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("send_return_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_emails_a_manager_what_is_missing_the_deadline_and_a_link(
    settings, open_period, manager_with_email, percent_measure, action
):
    settings.SITE_URL = "https://tracker.council.example"
    out, _ = run()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["sam.manager@council.example"]
    assert email.subject == "Your December 2020 returns for Test Plan are incomplete"
    assert "The deadline is 10 January 2021." in email.body
    assert (
        "- Early Help: 1 measure without a value, 1 action not updated this period, "
        "exception report not submitted" in email.body
    )
    assert "no value for: Assessments completed in 45 days" in email.body
    assert "not updated: action 1.1" in email.body
    assert "https://tracker.council.example/plans/test-plan/returns/?period=2020-12" in email.body
    assert "Sent a reminder to Sam Manager <sam.manager@council.example>: Early Help:" in out
    assert "Sent 1 reminder." in out


def test_managers_whose_returns_are_complete_get_nothing(
    open_period, manager_with_email, area, percent_measure, action
):
    factories.make_actual(percent_measure, open_period, 85)
    ActionUpdate.objects.create(action=action, period=open_period, status="in_progress")
    factories.make_report(area, open_period, status="submitted")
    out, _ = run()
    assert mail.outbox == []
    assert "Sent 0 reminders." in out


def test_a_dry_run_sends_nothing_and_says_what_it_would_send(open_period, manager_with_email):
    out, _ = run("--dry-run")
    assert mail.outbox == []
    assert "Would send a reminder to Sam Manager" in out
    assert "Would send 1 reminder." in out


def test_a_manager_without_an_email_address_is_reported(open_period, manager_user):
    _, err = run()
    assert mail.outbox == []
    assert "Skipped Sam Manager: no e-mail address" in err


def test_only_the_plan_asked_for(open_period, manager_with_email):
    other = factories.make_plan(slug="other-plan")
    factories.make_periods(other, first=datetime.date(2020, 12, 1), count=1)
    out, _ = run("--plan", "other-plan")
    assert mail.outbox == []  # the test plan's manager is not reminded
    assert "Sent 0 reminders." in out
    with pytest.raises(CommandError, match='No plan with the slug "nope"'):
        run("--plan", "nope")


def test_nothing_is_sent_when_every_period_is_locked(plan, periods, manager_with_email):
    for period in periods:
        period.lock(None)
    out, _ = run()
    assert mail.outbox == []
    assert "test-plan: no open period, nothing to send." in out


# One bad message never stops the others --------------------------------------------------


class BouncingBackend(locmem.EmailBackend):
    """The locmem backend, except that the server refuses addresses at bounce.example."""

    def send_messages(self, messages):
        for message in messages:
            if any(to.endswith("@bounce.example") for to in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


def managers_of(area, *emails):
    return [factories.make_manager(f"m{n}", areas=[area]) for n, _ in enumerate(emails, start=1)]


def with_emails(users, emails):
    for user, email in zip(users, emails, strict=True):
        user.email = email
        user.save()
    return users


def test_an_address_that_is_not_valid_skips_that_manager_and_the_others_are_sent(open_period, area):
    emails = ["one@council.example", "not an address", "three@council.example"]
    with_emails(managers_of(area, *emails), emails)
    out, err = run()
    assert sorted(m.to[0] for m in mail.outbox) == ["one@council.example", "three@council.example"]
    assert "Skipped Sam Manager: e-mail address is not valid (not an address)" in err
    assert "Sent 2 reminders." in out
    sending = ReminderSending.objects.get()
    assert [(m.email, m.was_sent) for m in sending.messages.all()] == [
        ("one@council.example", True),
        ("not an address", False),
        ("three@council.example", True),
    ]


def test_a_refused_address_is_skipped_with_a_warning_and_the_rest_are_sent(
    settings, open_period, area, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.BouncingBackend"
    emails = ["gone@bounce.example", "two@council.example"]
    with_emails(managers_of(area, *emails), emails)
    out, err = run()
    assert [m.to for m in mail.outbox] == [["two@council.example"]]
    assert "Skipped Sam Manager: could not be sent (" in err
    assert "No such user" in err
    assert "Sent a reminder to Sam Manager <two@council.example>" in out
    assert "Reminder to Sam Manager <gone@bounce.example>" in caplog.text  # a warning logged
    skipped = ReminderMessage.objects.get(was_sent=False)
    assert skipped.email == "gone@bounce.example"


def test_a_line_break_in_a_plan_title_does_not_stop_later_plans(open_period, area):
    first = factories.make_plan(slug="a-first-plan", title="Children's services\nplan 2020")
    first_area = factories.make_area(first, name="Adoption")
    factories.make_periods(first, first=datetime.date(2020, 12, 1), count=1)
    with_emails(managers_of(first_area, "x"), ["first@council.example"])
    with_emails([factories.make_manager("later", areas=[area])], ["later@council.example"])
    out, _ = run()
    assert [m.to[0] for m in mail.outbox] == ["first@council.example", "later@council.example"]
    assert mail.outbox[0].subject == (
        "Your December 2020 returns for Children's services plan 2020 are incomplete"
    )
    assert "Sent 2 reminders." in out


def test_a_header_error_skips_that_message_and_later_plans_still_get_theirs(
    open_period, area, monkeypatch
):
    first = factories.make_plan(slug="a-first-plan", title="Children's services\nplan 2020")
    first_area = factories.make_area(first, name="Adoption")
    factories.make_periods(first, first=datetime.date(2020, 12, 1), count=1)
    with_emails(managers_of(first_area, "x"), ["first@council.example"])
    with_emails([factories.make_manager("later", areas=[area])], ["later@council.example"])
    # As before subjects were made safe: the title's line break goes into the header.
    monkeypatch.setattr(
        reminders,
        "reminder_subject",
        lambda plan, period: f"Your {period.label} returns for {plan.title} are incomplete",
    )
    out, err = run()
    assert [m.to[0] for m in mail.outbox] == ["later@council.example"]
    assert "Skipped Sam Manager: could not be sent (Header values can't contain newlines" in err
    assert "Sent a reminder to Sam Manager <later@council.example>" in out
    assert "Sent 1 reminder." in out


def test_deactivated_managers_are_skipped_and_said_so(open_period, manager_with_email):
    manager_with_email.is_active = False
    manager_with_email.save()
    out, err = run()
    assert mail.outbox == []
    assert "Skipped Sam Manager: account is deactivated" in err


def test_each_sending_by_the_command_is_recorded(open_period, manager_with_email):
    run()
    sending = ReminderSending.objects.get()
    assert sending.source == "command"
    assert sending.sent_by is None
    assert sending.period == open_period
    message = sending.messages.get()
    assert (message.name, message.email, message.was_sent) == (
        "Sam Manager",
        "sam.manager@council.example",
        True,
    )
    assert message.to_do.startswith("Early Help: ")
    run("--dry-run")
    assert ReminderSending.objects.count() == 1  # a dry run records nothing


def test_a_record_of_a_sending_is_never_changed(open_period, manager_with_email):
    run()
    sending = ReminderSending.objects.get()
    with pytest.raises(ValueError, match="it is not changed"):
        sending.save()
    message = sending.messages.get()
    message.was_sent = False
    with pytest.raises(ValueError, match="it is not changed"):
        message.save()


# The "Send reminders" button on Returns status ----------------------------------------


@pytest.fixture
def reminders_url(plan, open_period):
    return reverse("returns:reminders", args=[plan.slug, open_period])


@pytest.fixture
def status_url(plan):
    return reverse("returns:status", args=[plan.slug]) + "?period=2020-12"


@pytest.fixture
def mixed_managers(open_period, area, other_area, plan, manager_with_email):
    """Early Help: Sam (e-mail) and Nia (no e-mail). Fostering: Olu (e-mail) and a deactivated
    manager. Adoption: no manager. Youth Justice: complete, its manager gets nothing."""
    nia = factories.make_manager("nia", areas=[area])
    nia.first_name, nia.last_name = "Nia", "Noemail"
    nia.save()
    olu = factories.make_manager("olu", areas=[other_area])
    olu.first_name, olu.last_name, olu.email = "Olu", "Other", "olu@council.example"
    olu.save()
    gone = factories.make_manager("gone", areas=[other_area])
    gone.first_name, gone.last_name, gone.email = "Gil", "Gone", "gil@council.example"
    gone.is_active = False
    gone.save()
    factories.make_area(plan, name="Adoption", order=3)
    done = factories.make_area(plan, name="Youth Justice", order=4)
    factories.make_report(done, open_period, status="submitted")
    finished = factories.make_manager("finished", areas=[done])
    finished.email = "finished@council.example"
    finished.save()


def test_returns_status_has_a_send_reminders_button(admin_client, status_url, reminders_url):
    page = admin_client.get(status_url).content.decode()
    assert f'href="{reminders_url}"' in page
    assert "Send reminders" in page
    assert "No reminders have been sent for December 2020." in page


def test_the_confirm_page_lists_who_gets_a_reminder_and_why_and_who_is_skipped(
    admin_client, reminders_url, mixed_managers
):
    page = admin_client.get(reminders_url).content.decode()
    assert mail.outbox == []  # nothing is sent by looking
    to_send = section(page, "app-reminders-to-send")
    assert "Who will get a reminder (2)" in to_send
    assert "Sam Manager" in to_send and "sam.manager@council.example" in to_send
    assert "Olu Other" in to_send
    assert "Early Help: exception report not submitted" in to_send
    assert "Fostering: exception report not submitted" in to_send
    skipped = section(page, "app-reminders-skipped")
    assert "Who will be skipped (2)" in skipped
    assert "Nia Noemail" in skipped and "No e-mail address" in skipped
    assert "Gil Gone" in skipped and "Account is deactivated" in skipped
    assert "Adoption: exception report not submitted" in section(page, "app-reminders-unmanaged")
    assert "Youth Justice" not in page  # complete: nobody is reminded about it
    assert 'name="csrfmiddlewaretoken"' in page
    assert "Send 2 reminders" in page


def test_sending_from_the_button_sends_records_and_says_what_happened(
    admin_client, admin_user, reminders_url, status_url, mixed_managers
):
    response = admin_client.post(reminders_url, follow=True)
    assert response.redirect_chain[-1][0] == status_url
    assert sorted(m.to[0] for m in mail.outbox) == [
        "olu@council.example",
        "sam.manager@council.example",
    ]
    page = response.content.decode()
    assert "govuk-notification-banner" in page
    assert (
        "Sent 2 reminders for December 2020. Skipped 2: Gil Gone (account is deactivated); "
        "Nia Noemail (no e-mail address)." in page
    )
    sending = ReminderSending.objects.get()
    assert (sending.sent_by, sending.source) == (admin_user, "page")
    when = timezone.localtime(sending.sent_at)
    assert f"Reminders sent: {when:%-d %b %Y %H:%M} by Ada Admin to 2 managers, 2 skipped" in page
    assert "Sent to Olu Other &lt;olu@council.example&gt;" in page
    assert "Skipped Nia Noemail: no e-mail address" in page


def test_the_command_and_the_button_remind_the_same_people(
    admin_client, reminders_url, mixed_managers
):
    run()
    by_command = sorted((m.to[0], m.subject, m.body) for m in mail.outbox)
    mail.outbox.clear()
    admin_client.post(reminders_url)
    by_button = sorted((m.to[0], m.subject, m.body) for m in mail.outbox)
    assert by_command == by_button
    assert len(by_button) == 2
    command, button = ReminderSending.objects.order_by("pk")
    assert [(m.name, m.was_sent, m.skipped_because) for m in command.messages.all()] == [
        (m.name, m.was_sent, m.skipped_because) for m in button.messages.all()
    ]


@pytest.mark.parametrize("who", ["manager_client", "board_client"])
def test_only_admins_may_send_reminders(request, who, reminders_url, manager_with_email):
    client = request.getfixturevalue(who)
    assert client.get(reminders_url).status_code == 403
    assert client.post(reminders_url).status_code == 403
    assert mail.outbox == []
    assert not ReminderSending.objects.exists()


def test_the_button_needs_the_csrf_token(admin_user, reminders_url, manager_with_email):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(reminders_url).status_code == 403
    assert mail.outbox == []


def test_a_period_that_does_not_exist_is_not_found(admin_client, plan, open_period):
    url = reverse("returns:reminders", args=[plan.slug, "2031-01"])
    assert admin_client.get(url).status_code == 404


def test_nobody_is_reminded_for_a_locked_period(
    admin_client, plan, periods, manager_user, open_period
):
    march = periods[2]  # locked by the open_period fixture
    url = reverse("returns:reminders", args=[plan.slug, march])
    page = admin_client.get(url).content.decode()
    assert "March 2020 is locked: managers can no longer change it" in page
    assert "<form" not in page.split('id="main-content"')[-1]
    status = admin_client.get(reverse("returns:status", args=[plan.slug]) + "?period=2020-03")
    assert url not in status.content.decode()
    response = admin_client.post(url, follow=True)
    assert "March 2020 is locked" in response.content.decode()
    assert mail.outbox == []
    assert not ReminderSending.objects.exists()


def section(page, css_class):
    start = page.index(css_class)
    return page[start : page.index("</ul>" if "unmanaged" in css_class else "</table>", start)]
