from django.core.management.base import BaseCommand, CommandError

from improvement.models import Plan
from spreadsheets.importers import ACTUALS, ImportPlan

from ._common import finish, read_file


class Command(BaseCommand):
    help = (
        "Import monthly figures (actuals) into a plan from a workbook, wide (one column per "
        "month) or long (measure, period, value, commentary). Prints the import report; exits "
        "non-zero on errors, in which case nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx workbook.")
        parser.add_argument("--plan", required=True, help="Short name (slug) of the plan.")
        parser.add_argument("--sheet", help="Import only this sheet.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument("--all", action="store_true", help="List every record, not 50.")

    def handle(self, *args, **options):
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f'There is no plan "{options["plan"]}".')
        path = options["file"]
        importer = ImportPlan(
            read_file(path),
            name=path.rsplit("/", 1)[-1],
            kind=ACTUALS,
            plan=plan,
            sheet=options["sheet"],
            reason=f"Imported from {path} on the command line",
        )
        report = importer.preview() if options["dry_run"] else importer.commit()
        finish(self, report, dry_run=options["dry_run"], show_all=options["all"])
