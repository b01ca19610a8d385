"""Send reminders (admins): who would be reminded for the period shown on Returns status,
then, on confirming, send them (returns/reminders.py) and go back to Returns status."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from improvement.roles import admin_required

from ..models import ReminderSending
from ..reminders import reminder_list, send_reminders
from ..selectors import period_for, plan_for
from .common import page


@admin_required
def reminders(request, plan_slug, period):
    """GET: who would get a reminder and why, and who would be skipped. POST: send them."""
    plan = plan_for(plan_slug)
    period = period_for(plan, period)
    if request.method == "POST":
        return _send(request, plan, period)
    context = {"reminders": reminder_list(plan, period)}
    return page(request, plan, "returns/reminders.html", "Send reminders", context, period=period)


def _send(request, plan, period):
    back = redirect(f"{reverse('returns:status', args=[plan.slug])}?period={period.month:%Y-%m}")
    try:
        sending = send_reminders(
            plan=plan, period=period, sent_by=request.user, source=ReminderSending.Source.PAGE
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return back
    skipped = sending.skipped
    (messages.warning if skipped else messages.success)(request, sending_summary(sending))
    return back


def sending_summary(sending):
    """E.g. "Sent 3 reminders for March 2020. Skipped 1: Sam Manager (no e-mail address)." """
    sent, skipped = sending.sent, sending.skipped
    words = f"Sent {len(sent)} reminder{'s' if len(sent) != 1 else ''} for {sending.period.label}."
    if skipped:
        reasons = "; ".join(f"{m.name} ({m.skipped_because})" for m in skipped)
        words += f" Skipped {len(skipped)}: {reasons}."
    return words
