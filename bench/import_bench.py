"""Benchmark: import a generated workbook of 10,000 monthly figures and 2,000 actions.

    .venv/bin/python bench/import_bench.py [--measures 400] [--months 25] [--actions 2000]

Writes the workbook with openpyxl's write-only mode, migrates a throwaway SQLite
database, then times openpyxl alone reading every cell (read-only mode) next to our
imports (preview, then commit, then importing the same figures again). Each step runs
in its own process, so its peak resident memory (ru_maxrss) is its own; --trace adds
each step's peak Python allocations (tracemalloc), at the cost of slower steps.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def setup_django(database: Path, *, migrate: bool) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
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


def run_step(step: str, database: Path, file: Path, trace: bool) -> dict:
    """Run one step in this (fresh) process; return its time, memory and outcome."""
    setup_django(database, migrate=False)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=400)
    parser.add_argument("--months", type=int, default=25)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument(
        "--trace",
        action="store_true",
        help="Also measure each step's peak Python allocations with tracemalloc (this slows "
        "the steps several-fold, so their times are then not comparable).",
    )
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.step:  # one step, in a fresh process so its peak memory is its own
        print(json.dumps(run_step(options.step, options.db, options.file, options.trace)))
        return

    with tempfile.TemporaryDirectory() as folder:
        database, file = Path(folder) / "bench.sqlite3", Path(folder) / "bench.xlsx"
        started = time.perf_counter()
        file.write_bytes(make_workbook(options.measures, options.months, options.actions))
        made = time.perf_counter() - started
        figures = options.measures * options.months
        print(
            f"Workbook: {options.measures} measures x {options.months} months = {figures:,} "
            f"monthly figures, {options.actions:,} actions; {file.stat().st_size / 1024:,.0f} "
            f"KB, written in {made:.1f} s (openpyxl write-only)."
        )
        setup_django(database, migrate=True)
        from improvement.models import Plan

        Plan.objects.create(
            slug="bench",
            organisation="Bench Council",
            title="Benchmark plan",
            starts=datetime.date(2019, 1, 1),
        )
        print(f"Database: throwaway SQLite at {database}\n")

        width = max(len(label) for label in STEPS.values())
        print(
            f"{'Step':<{width}}  {'Time (s)':>8}  {'Peak RSS (MB)':>13}  "
            f"{'Peak traced (MB)':>16}  Result"
        )
        print(f"{'-' * width}  {'-' * 8}  {'-' * 13}  {'-' * 16}  {'-' * 44}")
        for step, label in STEPS.items():
            command = [
                sys.executable,
                __file__,
                "--step",
                step,
                "--db",
                str(database),
                "--file",
                str(file),
            ] + (["--trace"] if options.trace else [])
            done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
            if done.returncode:
                print(f"{label}: failed\n{done.stderr}")
                return
            result = json.loads(done.stdout.strip().splitlines()[-1])
            traced = "-" if result["traced"] is None else f"{result['traced']:.1f}"
            print(
                f"{label:<{width}}  {result['seconds']:>8.2f}  {result['maxrss']:>13.0f}  "
                f"{traced:>16}  {result['outcome']}"
            )
        print(
            "\nEach step runs in its own process, so its peak RSS is its own and includes the "
            "first row's Python and Django."
        )


if __name__ == "__main__":
    main()
