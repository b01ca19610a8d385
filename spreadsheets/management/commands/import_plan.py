from django.core.management.base import BaseCommand, CommandError

from improvement.models import Plan
from spreadsheets.importers import AUTO, COUNCIL, PLAN, ImportPlan, detect_kind
from spreadsheets.layouts import FIELD_LABELS, IGNORE
from spreadsheets.layouts.reports import month_of
from spreadsheets.reader import SpreadsheetError, open_workbook

from ._common import add_report_arguments, read_file, run_import


class Command(BaseCommand):
    help = (
        "Import a plan from a workbook: the Improvement Tracker template (or an export), or "
        "the council's own layout (one row per action, measure or area's exception report: give "
        "--period for those). Prints what was created, "
        "updated and left unchanged, with every warning and error; exits non-zero on errors, "
        "in which case nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx workbook.")
        parser.add_argument(
            "--plan",
            dest="plan",
            help="Short name (slug) of the plan to import into; created if it does not exist. "
            "Defaults to the slug on the workbook's Plan sheet.",
        )
        parser.add_argument("--sheet", help="Import only this sheet (council layouts).")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help='Read a column as a field, e.g. --map "Progress=lead" or --map "F=notes"; '
            "FIELD may be blank to leave the column out. May be repeated.",
        )
        parser.add_argument(
            "--period",
            metavar="YYYY-MM",
            help="The month a sheet of exception reports (one row per area) is for.",
        )
        add_report_arguments(parser)

    def handle(self, *args, **options):
        path = options["file"]
        data, name = read_file(path), path.rsplit("/", 1)[-1]
        slug = options["plan"]
        plan = Plan.objects.filter(slug=slug).first() if slug else None
        importer = ImportPlan(
            data,
            name=name,
            kind=AUTO,
            plan=plan,
            plan_slug=slug,
            sheet=options["sheet"],
            reason=f"Imported from {path} on the command line",
        )
        period = options["period"]
        if period and month_of(period) is None:
            raise CommandError(f'"{period}" is not a month: give it as YYYY-MM, e.g. 2020-07.')
        ours = bool(period) and self._ours(data, path)
        if ours:
            self.stdout.write(
                "--period is not used: the workbook is in our own format, whose Exception "
                "reports sheet gives each report's month.\n"
            )
        if options["map"] or options["sheet"] or (period and not ours):
            try:
                mappings = importer.mappings()
            except SpreadsheetError as error:
                raise CommandError(str(error)) from None
            for mapping in mappings:
                self._override(mapping, options["map"])
                mapping.period = month_of(period).strftime("%Y-%m") if period else ""
                if mapping.kind:
                    self.stdout.write(self._describe(mapping))
            importer.kind = COUNCIL
            importer.mapping = [m.as_dict() for m in mappings]
        run_import(self, importer, data, name, options)

    @staticmethod
    def _ours(data, path) -> bool:
        """Whether the workbook is in our own format (its reports name their months)."""
        try:
            with open_workbook(data, path.rsplit("/", 1)[-1]) as book:
                return detect_kind(book) == PLAN
        except SpreadsheetError as error:
            raise CommandError(str(error)) from None

    @staticmethod
    def _override(mapping, overrides):
        if not mapping.kind:
            return
        fields = FIELD_LABELS[mapping.kind]
        for item in overrides:
            column, _, field = item.partition("=")
            column, field = column.strip(), field.strip()
            if field and field not in fields:
                raise CommandError(
                    f'"{field}" is not a field of a {mapping.kind} sheet; choose from: '
                    + ", ".join(fields)
                )
            for index, header in enumerate(mapping.headers):
                letter = mapping.column_label(index).split(" ")[0]
                if column.casefold() in {header.casefold(), letter.casefold()}:
                    if field:
                        mapping.columns[index] = field
                    else:
                        mapping.columns.pop(index, None)
                    mapping.notes = []

    @staticmethod
    def _describe(mapping) -> str:
        lines = [f'Sheet "{mapping.sheet}" ({mapping.kind}), headings on row {mapping.header_row}:']
        for _index, letter, header, field in mapping.rows():
            shown = (
                FIELD_LABELS[mapping.kind].get(field, "not imported")
                if field != IGNORE
                else ("not imported")
            )
            lines.append(f'  {letter} "{header}" -> {shown}')
        return "\n".join(lines) + "\n"
