"""send_return_reminders: e-mails managers whose returns for the open period are incomplete."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from improvement.models import ActionUpdate
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
