"""Records of the monthly returns app: each sending of return reminders and its messages.

Records are written once, as each message is sent or skipped, and never changed: they say
who sent reminders, when, to whom, and who was skipped and why.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from improvement.models import ReportingPeriod


class ImmutableRecord(models.Model):
    """A record that is written once and never changed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"A {self._meta.verbose_name} is a record: it is not changed.")
        super().save(*args, **kwargs)


class ReminderSending(ImmutableRecord):
    """One sending of reminders for a period: from Returns status, or the command."""

    class Source(models.TextChoices):
        PAGE = "page", "Returns status page"
        COMMAND = "command", "send_return_reminders command"

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reminder_sendings"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [
            # Returns status lists the sendings for the period it shows, latest first.
            models.Index(fields=["period", "-sent_at"], name="reminder_sending_period"),
        ]

    def __str__(self):
        return f"Reminders for {self.period} at {self.sent_at:%Y-%m-%d %H:%M}"

    @property
    def sent(self):
        return [m for m in self.messages.all() if m.was_sent]

    @property
    def skipped(self):
        return [m for m in self.messages.all() if not m.was_sent]


class ReminderMessage(ImmutableRecord):
    """One manager's reminder in a sending: sent, or skipped and why. The name, address and
    what was left are kept as they were then."""

    sending = models.ForeignKey(ReminderSending, on_delete=models.CASCADE, related_name="messages")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=300)
    email = models.CharField(max_length=254, blank=True)  # as tried, even when not valid
    was_sent = models.BooleanField()
    skipped_because = models.CharField(max_length=500, blank=True)
    to_do = models.TextField(help_text="What was still to do in each of the manager's areas.")

    class Meta:
        ordering = ["sending", "pk"]

    def __str__(self):
        return f"{self.name}: {'sent' if self.was_sent else 'skipped'}"
