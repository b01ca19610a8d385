"""Benchmark: import a generated workbook of 10,000 monthly figures and 2,000 actions.

    .venv/bin/python bench/import_bench.py [--measures 400] [--months 25] [--actions 2000]
        [--repeat 3] [--database-url postgres://postgres@127.0.0.1:5432/tracker_import_bench]

Writes the workbook with openpyxl's write-only mode, migrates a throwaway database (SQLite
in a temporary folder, or the PostgreSQL database named, created and dropped), then times
openpyxl alone reading every cell (read-only mode) next to our imports (preview, then
commit, then importing the same figures again). Each step runs --repeat times, each time
in a fresh process from the same database (a copy is put back before each run), and the
median is shown with its multiple of openpyxl's read: on a shared machine the times
move by half from one minute to the next, so openpyxl's read runs again just before each
run of an import step and the multiple is the median of those pairs. Each step's peak
resident memory (ru_maxrss) is its own; --trace adds each step's peak Python allocations
(tracemalloc), at the cost of slower steps. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402


def make_workbook(measures: int, months: int, actions: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    areas = [f"Service area {n + 1}" for n in range(20)]

    sheet = book.create_sheet("Measures")
    sheet.append(["Benchmark plan: measures that matter"])
    sheet.append([])
    sheet.append(["Area", "Ref", "Measure", "Baseline", "Target", "Outcome"])
    for n in range(measures):
        area = areas[n * len(areas) // measures]
        first = n == 0 or areas[(n - 1) * len(areas) // measures] != area
        sheet.append(
            [
                area if first else None,
                f"M{n + 1}",
                f"Increase the % of children seen within timescale, measure {n + 1}",
                f"{50 + n % 40}% SN {55 + n % 30}/ Reg 60 / Nat 62",
                0.9,
                "Children are seen on time.",
            ]
        )

    sheet = book.create_sheet("Actions")
    sheet.append(["Benchmark plan: actions"])
    sheet.append(["Area", "Ref", "Recommendation", "Action", "Target date", "Lead", "RAG"])
    for n in range(actions):
        area = areas[n * len(areas) // actions]
        target = "Ongoing" if n % 7 == 0 else datetime.date(2021, 1 + n % 12, 1)
        sheet.append(
            [
                area,
                f"{n // 100 + 1}.{n % 100 + 1}",
                f"{n // 200 + 1}. Improve the quality of practice in theme {n // 200 + 1}",
                f"Action {n + 1}: audit, train and review the work of team {n % 50}",
                target,
                "Ann Example\nBob Example",
                ("Green", "Amber", "Red", "")[n % 4],
            ]
        )

    sheet = book.create_sheet("Monthly figures")
    first_month = datetime.date(2019, 1, 1)
    month_list = []
    month = first_month
    for _ in range(months):
        month_list.append(month)
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    header = [WriteOnlyCell(sheet, "Measure")]
    for month in month_list:
        cell = WriteOnlyCell(sheet, month)
        cell.number_format = "mmm-yy"
        header.append(cell)
    sheet.append(["Monthly scorecard (generated)"])
    sheet.append(header)
    for n in range(measures):
        row = [f"Increase the % of children seen within timescale, measure {n + 1}"]
        for m in range(months):
            cell = WriteOnlyCell(sheet, round(0.5 + ((n + m) % 45) / 100, 3))
            cell.number_format = "0.0%"
            row.append(cell)
        sheet.append(row)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def setup_django(database_url: str, *, migrate: bool) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def openpyxl_alone(data: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = 0
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        cells += 1
    finally:
        book.close()
    return cells


STEPS = {
    "baseline": "nothing: Python and Django loaded",
    "openpyxl": "openpyxl alone: read every cell (read-only)",
    "plan-preview": "import plan: preview (rolled back)",
    "plan-commit": "import plan: commit",
    "figures-preview": "import figures: preview (rolled back)",
    "figures-commit": "import figures: commit",
    "figures-again": "import figures again: nothing changes",
}


def run_step(step: str, database_url: str, file: Path, trace: bool) -> dict:
    """Run one step in this (fresh) process; return its time, memory and outcome."""
    setup_django(database_url, migrate=False)
    from django.conf import settings

    from improvement.models import Plan
    from spreadsheets.importers import ACTUALS, COUNCIL, ImportPlan

    data = file.read_bytes()
    settings.IMPORT_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, len(data) + 1)
    plan = Plan.objects.get(slug="bench")

    if step.startswith("plan"):
        importer = ImportPlan(data, name=file.name, kind=COUNCIL, plan=plan)
        # Proposed at upload, a request of its own (the batch keeps it): not timed here.
        importer.mapping = [
            m.as_dict() for m in importer.mappings() if m.sheet != "Monthly figures"
        ]
    else:
        importer = ImportPlan(
            data, name=file.name, kind=ACTUALS, plan=plan, sheet="Monthly figures"
        )

    def work():
        if step == "baseline":
            return 0
        if step == "openpyxl":
            return openpyxl_alone(data)
        return importer.preview() if step.endswith("preview") else importer.commit()

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / (1024 * 1024) if trace else None
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    maxrss /= 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KB on Linux
    if step == "baseline":
        outcome = "-"
    elif isinstance(result, int):
        outcome = f"{result:,} cells"
    else:
        totals = result.totals()
        outcome = (
            f"{totals['created']:,} created, {totals['updated']:,} updated, "
            f"{totals['unchanged']:,} unchanged, {len(result.errors)} errors"
        )
    return {"seconds": seconds, "traced": traced, "maxrss": maxrss, "outcome": outcome}


class Snapshots:
    """Put the database back as it was before a step, to run the step again."""

    def __init__(self, url: str, folder: Path):
        self.url, self.folder = url, folder

    def take(self) -> None:
        if self.url.startswith("sqlite"):
            shutil.copy(self.url.removeprefix("sqlite:///"), self.folder / "snapshot.sqlite3")
        else:
            name, _admin = common.postgres_names(self.url)
            common.copy_postgres_database(self.url, name, f"{name}_snapshot")

    def restore(self) -> None:
        if self.url.startswith("sqlite"):
            shutil.copy(self.folder / "snapshot.sqlite3", self.url.removeprefix("sqlite:///"))
        else:
            name, _admin = common.postgres_names(self.url)
            common.copy_postgres_database(self.url, f"{name}_snapshot", name)

    def remove(self) -> None:
        if not self.url.startswith("sqlite"):
            name, admin = common.postgres_names(self.url)
            common.drop_postgres_database(admin, f"{name}_snapshot")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=400)
    parser.add_argument("--months", type=int, default=25)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step (median)")
    parser.add_argument(
        "--database-url", help="a throwaway PostgreSQL database (created, then dropped)"
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help="Also measure each step's peak Python allocations with tracemalloc (this slows "
        "the steps several-fold, so their times are then not comparable).",
    )
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.step:  # one step, in a fresh process so its peak memory is its own
        print(json.dumps(run_step(options.step, options.db, options.file, options.trace)))
        return

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "bench.xlsx"
        url, remove = common.create_database(options.database_url)
        snapshots = Snapshots(url, Path(folder))
        try:
            run_all(options, url, file, snapshots)
        finally:
            snapshots.remove()
            remove()


def run_subprocess(step: str, url: str, file: Path, trace: bool) -> dict | None:
    command = [sys.executable, __file__, "--step", step, "--db", url, "--file", str(file)]
    command += ["--trace"] if trace else []
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        print(done.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_all(options, url: str, file: Path, snapshots: Snapshots) -> None:
    started = time.perf_counter()
    file.write_bytes(make_workbook(options.measures, options.months, options.actions))
    made = time.perf_counter() - started
    figures = options.measures * options.months
    print(
        f"Workbook: {options.measures} measures x {options.months} months = {figures:,} "
        f"monthly figures, {options.actions:,} actions; {file.stat().st_size / 1024:,.0f} "
        f"KB, written in {made:.1f} s (openpyxl write-only)."
    )
    setup_django(url, migrate=True)
    from django.db import connection

    from improvement.models import Plan

    Plan.objects.create(
        slug="bench",
        organisation="Bench Council",
        title="Benchmark plan",
        starts=datetime.date(2019, 1, 1),
    )
    vendor = connection.vendor
    connection.close()  # a PostgreSQL database is copied only with no one connected
    print(f"Database: throwaway {vendor}; each step run {options.repeat} times (median)\n")

    width = max(len(label) for label in STEPS.values())
    print(
        f"{'Step':<{width}}  {'Time (s)':>8}  {'x openpyxl':>10}  {'Peak RSS (MB)':>13}  "
        f"{'Peak traced (MB)':>16}  Result"
    )
    print(f"{'-' * width}  {'-' * 8}  {'-' * 10}  {'-' * 13}  {'-' * 16}  {'-' * 44}")
    for step, label in STEPS.items():
        results, ratios = [], []
        snapshots.take()
        for run in range(max(1, options.repeat)):
            if run:
                snapshots.restore()
            if step not in ("baseline", "openpyxl"):
                # openpyxl's read just before, so both meet the machine in the same state
                reference = run_subprocess("openpyxl", url, file, options.trace)
            result = run_subprocess(step, url, file, options.trace)
            if result is None:
                print(f"{label}: failed")
                return
            results.append(result)
            if step not in ("baseline", "openpyxl"):
                ratios.append(result["seconds"] / reference["seconds"])
        seconds = statistics.median(r["seconds"] for r in results)
        result = results[-1]
        traced = "-" if result["traced"] is None else f"{result['traced']:.1f}"
        times = f"{statistics.median(ratios):.1f}" if ratios else "-"
        print(
            f"{label:<{width}}  {seconds:>8.2f}  {times:>10}  "
            f"{max(r['maxrss'] for r in results):>13.0f}  {traced:>16}  {result['outcome']}"
        )
    print(
        "\nEach step runs in its own process, so its peak RSS is its own and includes the "
        "first row's Python and Django."
    )


if __name__ == "__main__":
    main()
