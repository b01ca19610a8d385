"""python manage.py load_comparators PATH... : load the DfE's published figures (LAIT's bulk
file, open-data CSVs; gzip or plain), all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from comparators.catalogue.sync import sync_catalogue
from comparators.loading import LoadError, load_files


class Command(BaseCommand):
    help = "Load the DfE's published figures from LAIT's bulk file and open-data CSVs."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="the files (.csv or .csv.gz)")

    def handle(self, *args, paths, **options):
        sync_catalogue()
        try:
            report = load_files(paths)
        except (LoadError, OSError) as error:
            raise CommandError(str(error), returncode=2) from error
        for file in report.files:
            self.stdout.write(
                f"{file.name} ({file.kind}): {file.rows_read:,} rows read, {file.added:,} "
                f"added, {file.replaced:,} replaced, {file.unchanged:,} unchanged"
            )
            for warning in file.warnings:
                self.stdout.write(f"  warning: {warning}")
