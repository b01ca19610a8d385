"""What the import commands share: reading the file, running the import, printing the
report and writing the error file."""

from pathlib import Path

from django.core.management.base import CommandError

from spreadsheets.error_file import capturing_cells, error_workbook
from spreadsheets.report import render_text

RECORD_LIMIT = 50  # records of each outcome printed, without --all
ISSUE_LIMIT = 100  # warnings, and errors, printed without --all


def read_file(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"There is no file {path}.")
    return file.read_bytes()


def add_report_arguments(parser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="Show what would change; write nothing."
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help=f"Print every record, warning and error, not {RECORD_LIMIT} records and "
        f"{ISSUE_LIMIT} warnings and errors.",
    )
    parser.add_argument(
        "--errors",
        metavar="FILE.xlsx",
        help="Write every warning and error to this workbook: sheet, row, column, the cell's "
        "text, what is wrong and what to do (as the upload page's error file).",
    )


def run_import(command, importer, data: bytes, name: str, options) -> None:
    """Preview (--dry-run) or commit, write the error file (--errors) and print the report;
    fail (non-zero exit) when it has errors."""
    dry_run, path = options["dry_run"], options["errors"]
    with capturing_cells() as texts:
        report = importer.preview() if dry_run else importer.commit()
    problems = len(report.errors) + len(report.warnings)
    if path and problems:
        Path(path).write_bytes(error_workbook(report, data, name, texts))
    more = f"in {path}" if path else "(--all prints them; --errors FILE.xlsx writes them all)"
    show_all = options["all"]
    command.stdout.write(
        render_text(
            report,
            limit=None if show_all else RECORD_LIMIT,
            issue_limit=None if show_all else ISSUE_LIMIT,
            more=more,
        )
    )
    if path:
        command.stdout.write(
            f"Wrote {problems} warning(s) and error(s) to {path}."
            if problems
            else f"No warnings or errors: {path} was not written."
        )
    if report.has_errors:
        raise CommandError(f"{len(report.errors)} error(s): nothing was written.")
    if dry_run:
        command.stdout.write("Dry run: nothing was written.")
