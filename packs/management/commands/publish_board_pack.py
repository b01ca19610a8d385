"""Publish a plan's board pack from the command line, as the Board packs page does."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from improvement.models import Plan
from improvement.rules import long_date_words
from packs.models import FILES, PublishedPack
from packs.publishing import PublishError, publish


def _month(text):
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError as error:
        raise CommandError(f'--period "{text}" is not a month written YYYY-MM.') from error


class Command(BaseCommand):
    help = (
        "Publish the board pack of a plan's month for a meeting (PDF and workbook, and with "
        "--public the public version of each); with --out, also write a copy of each file "
        "into a folder and print their paths."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_slug")
        parser.add_argument("--period", required=True, help="The month, YYYY-MM.")
        parser.add_argument(
            "--meeting", required=True, help='e.g. "Improvement Board, 14 August 2020"'
        )
        parser.add_argument("--meeting-date", help="The meeting's date, YYYY-MM-DD.")
        parser.add_argument("--public", action="store_true", help="Also make the public version.")
        parser.add_argument("--out", help="A folder to write a copy of each file into.")
        parser.add_argument("--user", help="The user name to record as the publisher.")
        parser.add_argument(
            "--unless-published",
            action="store_true",
            help="Publish nothing when the meeting has a pack already (for scripts run again).",
        )

    def handle(self, *args, **options):
        plan = Plan.objects.filter(slug=options["plan_slug"]).first()
        if plan is None:
            raise CommandError(f'There is no plan "{options["plan_slug"]}".', returncode=2)
        month = _month(options["period"])
        period = plan.periods.filter(month=month).first()
        if period is None:
            raise CommandError(f"{plan} has no reporting period for {month:%B %Y}.", returncode=2)
        meeting_date = None
        if options["meeting_date"]:
            try:
                meeting_date = datetime.date.fromisoformat(options["meeting_date"])
            except ValueError as error:
                raise CommandError("--meeting-date is not a date written YYYY-MM-DD.") from error
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f'There is no user "{options["user"]}".', returncode=2)
        kept = options["unless_published"] and PublishedPack.objects.current_for(
            plan, options["meeting"]
        )
        if kept:
            published = timezone.localtime(kept.published_at)
            self.stdout.write(
                f"{kept.meeting} has a pack already (version {kept.version}, published"
                f" {long_date_words(published)} {published:%H:%M}): nothing published."
            )
            return
        try:
            pack = publish(
                plan,
                period,
                meeting=options["meeting"],
                meeting_date=meeting_date,
                user=user,
                public=options["public"],
            )
        except PublishError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Published {pack.meeting} ({period.label}), version {pack.version}: "
            + ", ".join(
                f"{kind} {getattr(pack, kind + '_size')} bytes" for kind in self._kinds(pack)
            )
        )
        if options["out"]:
            folder = Path(options["out"])
            folder.mkdir(parents=True, exist_ok=True)
            for kind in self._kinds(pack):
                path = folder / pack.file_name(kind)
                path.write_bytes(bytes(getattr(pack, kind)))
                self.stdout.write(str(path))

    @staticmethod
    def _kinds(pack):
        return [kind for kind in FILES if getattr(pack, kind + "_size")]
