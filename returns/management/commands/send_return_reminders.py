"""E-mail each service manager whose returns for the open period are incomplete.

Run it from cron, e.g. daily in the week before the deadline:
    python manage.py send_return_reminders
    python manage.py send_return_reminders --plan southampton-2020-21 --dry-run
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from improvement.models import Plan
from returns.selectors import area_returns, current_period


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
        by_manager = {}
        for item in area_returns(plan, period):
            if item.is_complete:
                continue
            for manager in item.managers:
                if manager.is_active:
                    by_manager.setdefault(manager, []).append(item)
        link = settings.SITE_URL.rstrip("/") + reverse("returns:my_returns", args=[plan.slug])
        link += f"?period={period.month:%Y-%m}"
        count = 0
        for manager, items in sorted(by_manager.items(), key=lambda pair: pair[0].username):
            name = manager.get_full_name() or manager.username
            summary = "; ".join(f"{i.area.name}: {', '.join(i.to_do())}" for i in items)
            if not manager.email:
                self.stderr.write(f"Skipped {name}: no e-mail address ({summary}).")
                continue
            if not dry_run:
                send_mail(
                    subject=f"Your {period.label} returns for {plan.title} are incomplete",
                    message=self.message(plan, period, name, items, link),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[manager.email],
                )
            verb = "Would send" if dry_run else "Sent"
            self.stdout.write(f"{verb} a reminder to {name} <{manager.email}>: {summary}.")
            count += 1
        return count

    def message(self, plan, period, name, items, link):
        deadline = (
            f"{period.deadline.day} {period.deadline:%B %Y}" if period.deadline else "not set"
        )
        lines = [
            f"Dear {name},",
            "",
            f"Your returns for {period.label} ({plan.organisation}: {plan.title}) are not "
            "complete yet.",
            f"The deadline is {deadline}.",
            "",
            "Still to do:",
        ]
        for item in items:
            lines.append(f"- {item.area.name}: {', '.join(item.to_do())}")
            lines.extend(f"    - no value for: {row.measure.name}" for row in item.measures_missing)
            lines.extend(
                f"    - not updated: action {row.action.reference}"
                for row in item.actions_to_update
            )
        lines += ["", f"Complete them here: {link}", "", "Improvement Tracker"]
        return "\n".join(lines)
