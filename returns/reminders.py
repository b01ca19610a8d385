"""Reminders to service managers whose returns for a period are incomplete: who would get
one and why, and sending them, one message per manager. Used by the "Send reminders" button
on Returns status and by the send_return_reminders command, so the two never differ.

Each message is sent on its own: an address that is not valid, a header Django refuses or
an SMTP error skips that message with a warning and the rest are still sent. Each sending
is recorded (returns.models.ReminderSending) as it goes.
"""

import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMessage, get_connection
from django.core.validators import validate_email
from django.urls import reverse

from improvement.rules import long_date_words

from .models import ReminderMessage, ReminderSending
from .selectors import area_returns

logger = logging.getLogger(__name__)

NO_EMAIL = "no e-mail address"
NOT_VALID = "e-mail address is not valid"
INACTIVE = "account is deactivated"
PERIOD_LOCKED = "{period} is locked: managers can no longer change it, so nobody is reminded."
# What can go wrong sending one message: a header Django refuses (BadHeaderError is a
# ValueError, as is an address it cannot parse), the server refusing it, the network.
SEND_ERRORS = (BadHeaderError, ValueError, smtplib.SMTPException, OSError)


def one_line(text):
    """Text with every run of whitespace (line breaks too) as one space: safe in a header."""
    return " ".join(str(text).split())


def person_name(user):
    return one_line(user.get_full_name() or user.username)


@dataclass
class Reminder:
    """One manager's reminder: their incomplete areas, and why it would be skipped if so."""

    manager: object  # User
    returns: list  # [AreaReturn], each incomplete
    skipped_because: str = ""

    @property
    def name(self):
        return person_name(self.manager)

    @property
    def email(self):
        return self.manager.email

    @property
    def summary(self):
        """What is left, area by area: "Early Help: 1 measure without a value, ..."."""
        return "; ".join(f"{item.area.name}: {', '.join(item.to_do())}" for item in self.returns)


@dataclass
class ReminderList:
    """Who would be reminded for a plan's period, who would be skipped, and which incomplete
    areas have nobody to remind."""

    plan: object
    period: object
    reminders: list = field(default_factory=list)
    unmanaged: list = field(default_factory=list)  # [AreaReturn] incomplete, no manager

    @property
    def to_send(self):
        return [r for r in self.reminders if not r.skipped_because]

    @property
    def skipped(self):
        return [r for r in self.reminders if r.skipped_because]


def reminder_list(plan, period, *, today=None) -> ReminderList:
    """Every manager of an incomplete area in the period, with what is left in each of their
    areas; deactivated accounts and missing or invalid addresses are skipped, saying why."""
    by_manager = {}
    unmanaged = []
    for item in area_returns(plan, period, today=today):
        if item.is_complete:
            continue
        if not item.managers:
            unmanaged.append(item)
        for manager in item.managers:
            by_manager.setdefault(manager.pk, Reminder(manager, [])).returns.append(item)
    reminders = sorted(by_manager.values(), key=lambda r: r.manager.username)
    for reminder in reminders:
        reminder.skipped_because = _skip_reason(reminder.manager)
    return ReminderList(plan, period, reminders, unmanaged)


def _skip_reason(manager):
    if not manager.is_active:
        return INACTIVE
    if not manager.email:
        return NO_EMAIL
    try:
        validate_email(manager.email)
    except ValidationError:
        return f"{NOT_VALID} ({manager.email})"
    return ""


def send_reminders(*, plan, period, sent_by=None, source, today=None, on_each=None):
    """Send the period's reminders, one message per manager, and record the sending.

    A message that cannot be sent is logged as a warning and recorded as skipped with the
    error; the others are still sent. `on_each(message)` is called with each ReminderMessage
    as it is recorded (the command prints them). Returns the ReminderSending.
    """
    if period.is_locked:
        raise ValidationError(PERIOD_LOCKED.format(period=period.label))
    reminders = reminder_list(plan, period, today=today)
    sending = ReminderSending.objects.create(period=period, sent_by=sent_by, source=source)
    connection = get_connection()
    for reminder in reminders.reminders:
        skipped_because = reminder.skipped_because or _send(connection, plan, period, reminder)
        message = ReminderMessage.objects.create(
            sending=sending,
            manager=reminder.manager,
            name=reminder.name,
            email=reminder.email,
            was_sent=not skipped_because,
            skipped_because=skipped_because,
            to_do=reminder.summary,
        )
        if on_each:
            on_each(message)
    return sending


def _send(connection, plan, period, reminder):
    """Send one reminder: "" when sent, else why it was not."""
    email = EmailMessage(
        subject=reminder_subject(plan, period),
        body=reminder_body(plan, period, reminder),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.email],
        connection=connection,
    )
    try:
        email.send()
    except SEND_ERRORS as error:
        logger.warning(
            "Reminder to %s <%s> for %s not sent: %s", reminder.name, reminder.email, plan, error
        )
        return f"could not be sent ({one_line(error) or type(error).__name__})"
    return ""


def reminder_subject(plan, period):
    return one_line(f"Your {period.label} returns for {plan.title} are incomplete")


def my_returns_link(plan, period):
    link = settings.SITE_URL.rstrip("/") + reverse("returns:my_returns", args=[plan.slug])
    return f"{link}?period={period.month:%Y-%m}"


def reminder_body(plan, period, reminder):
    deadline = long_date_words(period.deadline) if period.deadline else "not set"
    lines = [
        f"Dear {reminder.name},",
        "",
        f"Your returns for {period.label} ({one_line(plan.organisation)}: "
        f"{one_line(plan.title)}) are not complete yet.",
        f"The deadline is {deadline}.",
        "",
        "Still to do:",
    ]
    for item in reminder.returns:
        lines.append(f"- {item.area.name}: {', '.join(item.to_do())}")
        lines.extend(f"    - no value for: {row.measure.name}" for row in item.measures_missing)
        lines.extend(
            f"    - not updated: action {row.action.reference}" for row in item.actions_to_update
        )
    lines += ["", f"Complete them here: {my_returns_link(plan, period)}", "", "Improvement Tracker"]
    return "\n".join(lines)
