from django.core.management.base import BaseCommand, CommandError

from improvement.models import Plan
from spreadsheets.importers import ACTUALS, ImportPlan

from ._common import add_report_arguments, read_file, run_import


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
        add_report_arguments(parser)

    def handle(self, *args, **options):
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f'There is no plan "{options["plan"]}".')
        path = options["file"]
        data, name = read_file(path), path.rsplit("/", 1)[-1]
        importer = ImportPlan(
            data,
            name=name,
            kind=ACTUALS,
            plan=plan,
            sheet=options["sheet"],
            reason=f"Imported from {path} on the command line",
        )
        run_import(self, importer, data, name, options)
