"""What the import commands share: reading the file and printing the report."""

from pathlib import Path

from django.core.management.base import CommandError

from spreadsheets.report import render_text


def read_file(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"There is no file {path}.")
    return file.read_bytes()


def finish(command, report, *, dry_run: bool, show_all: bool) -> None:
    """Print the report; fail (non-zero exit) when it has errors."""
    command.stdout.write(render_text(report, limit=None if show_all else 50))
    if report.has_errors:
        raise CommandError(f"{len(report.errors)} error(s): nothing was written.")
    if dry_run:
        command.stdout.write("Dry run: nothing was written.")
