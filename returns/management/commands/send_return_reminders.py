"""E-mail each service manager whose returns for the open period are incomplete.

Run it from cron, e.g. daily in the week before the deadline:
    python manage.py send_return_reminders
    python manage.py send_return_reminders --plan southampton-2020-21 --dry-run

It uses the same service as the "Send reminders" button on Returns status
(returns/reminders.py), and each sending is recorded there in the same way.
"""

from django.core.management.base import BaseCommand, CommandError

from improvement.models import Plan
from returns.models import ReminderSending
from returns.reminders import reminder_list, send_reminders
from returns.selectors import current_period


class Command(BaseCommand):
    help = "E-mail service managers whose monthly returns for the open period are incomplete."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="Only this plan (its slug). Default: every active plan.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent, send nothing."
        )

    def handle(self, *args, plan=None, dry_run=False, **options):
        if plan:
            plans = Plan.objects.filter(slug=plan)
            if not plans.exists():
                raise CommandError(f'No plan with the slug "{plan}".')
        else:
            plans = Plan.objects.filter(status=Plan.Status.ACTIVE)
        sent = 0
        for each in plans.order_by("slug"):
            sent += self.remind(each, dry_run)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} {sent} reminder{'s' if sent != 1 else ''}.")

    def remind(self, plan, dry_run):
        period = current_period(plan)
        if period is None or period.is_locked:
            self.stdout.write(f"{plan.slug}: no open period, nothing to send.")
            return 0
        if dry_run:
            reminders = reminder_list(plan, period)
            for reminder in reminders.reminders:
                if reminder.skipped_because:
                    self.skipped(reminder.name, reminder.skipped_because, reminder.summary)
                else:
                    self.stdout.write(
                        f"Would send a reminder to {reminder.name} <{reminder.email}>: "
                        f"{reminder.summary}."
                    )
            return len(reminders.to_send)
        sending = send_reminders(
            plan=plan, period=period, source=ReminderSending.Source.COMMAND, on_each=self.report
        )
        return len(sending.sent)

    def report(self, message):
        if message.was_sent:
            self.stdout.write(
                f"Sent a reminder to {message.name} <{message.email}>: {message.to_do}."
            )
        else:
            self.skipped(message.name, message.skipped_because, message.to_do)

    def skipped(self, name, because, summary):
        self.stderr.write(f"Skipped {name}: {because} ({summary}).")
