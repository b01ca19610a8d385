from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from improvement.models import Plan
from spreadsheets.export import export_plan


class Command(BaseCommand):
    help = "Export a plan to a workbook in the Improvement Tracker template."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Short name (slug) of the plan.")
        parser.add_argument("file", help="Where to write the .xlsx workbook.")

    def handle(self, *args, **options):
        plan = Plan.objects.filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(f'There is no plan "{options["slug"]}".')
        path = Path(options["file"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError("Give the file name ending in .xlsx.")
        path.write_bytes(export_plan(plan))
        self.stdout.write(f"Exported {plan} to {path}.")
