"""Loading the whole of LAIT's bulk file of published figures (issue 13): time and memory.

    .venv/bin/python bench/comparators_bench.py                   # SQLite, in a temp folder
    .venv/bin/python bench/comparators_bench.py --database-url \\
        postgres://postgres@127.0.0.1:5432/comparators_bench       # created, then dropped
    .venv/bin/python bench/comparators_bench.py --file path/to/lait_bulk_long.csv.gz

Makes a throwaway database (migrated: the catalogue comes with the migrations), loads the
file with `comparators.loading.load_files` (one transaction, streamed, batched writes),
then loads it again, which must change nothing. Reports the seconds of each, the process's
peak resident memory after each (getrusage: if it does not grow between a small slice and
the whole file, memory is flat) and the peak of Python's own allocations (tracemalloc,
with `--tracemalloc`: slower). Target: the first load under 60 s. Exit status 0 when the
target is met and the second load changed nothing, 1 otherwise.
"""

import argparse
import gzip
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import create_database, markdown_table  # noqa: E402
from bench.generate import setup_django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = next(
    (
        p
        for p in (ROOT.parent / "shared/dfe/lait/lait_bulk_long.csv.gz",)
        + (Path("/work/shared/dfe/lait/lait_bulk_long.csv.gz"),)
        if p.exists()
    ),
    None,
)
TARGET_S = 60.0


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def slice_of(path, rows, folder):
    """The first `rows` rows of the file, gzipped: the small load memory is compared with."""
    out = Path(folder) / "slice.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as src, gzip.open(out, "wt") as dst:
        for i, line in enumerate(src):
            if i > rows:
                break
            dst.write(line)
    return out


def timed_load(path, trace):
    from comparators.loading import load_files

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    report = load_files([path])
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    if trace:
        tracemalloc.stop()
    return report.files[0], seconds, peak_rss_mb(), traced


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to create and drop")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--tracemalloc", action="store_true", help="also Python's peak")
    args = parser.parse_args(argv)
    if not args.file or not Path(args.file).exists():
        raise SystemExit("name LAIT's bulk file with --file")
    url, remove = create_database(args.database_url, prefix="comparators_bench_")
    try:
        setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        rows = []
        with tempfile.TemporaryDirectory() as folder:
            small = slice_of(args.file, 20_000, folder)
            for what, path in (
                ("a slice (20,000 rows), first load", small),
                ("the whole file, first load", args.file),
                ("the whole file, again", args.file),
            ):
                report, seconds, rss, traced = timed_load(path, args.tracemalloc)
                rows.append(
                    [
                        what,
                        f"{report.rows_read:,}",
                        f"{report.added:,}",
                        f"{report.replaced:,}",
                        f"{report.unchanged:,}",
                        f"{seconds:.1f}",
                        f"{rss:.0f}",
                        "" if traced is None else f"{traced:.0f}",
                    ]
                    + ["; ".join(report.warnings)[:80]]
                )
                print(rows[-1], flush=True)
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"\n{engine}, load average {os.getloadavg()[0]:.1f}\n")
        print(
            markdown_table(
                [
                    "load",
                    "rows read",
                    "added",
                    "replaced",
                    "unchanged",
                    "seconds",
                    "peak RSS MB",
                    "Python peak MB",
                    "warnings",
                ],
                rows,
            )
        )
        first, again = float(rows[1][5]), rows[2]
        ok = first < TARGET_S and again[2] == "0" and again[3] == "0"
        print(
            f"\nTarget (first load under {TARGET_S:.0f} s, again changes nothing): "
            f"{'met' if ok else 'NOT met'}"
        )
        return 0 if ok else 1
    finally:
        remove()


if __name__ == "__main__":
    sys.exit(main())
