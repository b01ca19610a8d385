"""Page benchmarks at county and regional scale, every request uncached, beside two baselines.

    .venv/bin/python bench/pages_bench.py                      # SQLite, in a temp folder
    .venv/bin/python bench/pages_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/tracker_bench
    .venv/bin/python bench/pages_bench.py --requests 5 --county-only --json bench/out/p.json

Creates a throwaway database (a SQLite file in a temp folder, or the PostgreSQL database
named in --database-url, which it creates and drops: never point it at a real one),
migrates it and generates one county-scale plan (bench/generate.py); then copies it and
adds nine more plans to the copy (a regional-scale database of ten plans, the first one
identical row for row). For each kind of page it issues --requests requests (30) at each
scale with Django's test Client, signed in as the role that uses the page, timing each
(time.perf_counter around client.get, the response body read), and counts the SQL
queries of one more request (an execute wrapper: exact however many). The two scales are
measured turn about, in six blocks per page (bench/pages_timing.py). DEBUG is off.

Two baselines are measured in the same run: a view that runs one query (the plan by its
slug) and returns a tiny response, and the same behind `reader_required` ("baseline,
signed in": session, user and roles read, as on every page). Each is timed in each of
every page's blocks just before the page, so "x signed-in baseline" (and "x baseline")
compares the page with the floor as the machine was at the same moments: the figure to
judge on a noisy machine.

Targets (on a 2-core machine): every page's median under 100 ms at county scale, the
board pack under 600 ms, its .xlsx under 300 ms; regional median no more than 1.2x the
county median; the same query count at both scales.
"""

import argparse
import json
import logging
import os
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import write_file  # noqa: E402
from bench.pages_kinds import (  # noqa: E402
    BASELINE,
    BENCH_URLCONF,
    SIGNED_IN_BASELINE,
    Context,
    build_urlconf,
    choose_pages,
    resolve_pages,
    url_names,
)
from bench.pages_report import REGIONAL_RATIO_TARGET, json_records, report  # noqa: E402
from bench.pages_timing import BLOCKS, MIN_REQUESTS, Databases, run_pages  # noqa: E402
from config.runtime import tune_garbage_collector  # noqa: E402


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to create and drop")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--plans", type=int, default=10, help="plans at regional scale")
    parser.add_argument("--county-only", action="store_true", help="skip the regional scale")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help=f"seconds of timed requests per page before stopping early (at least"
        f" {MIN_REQUESTS} requests)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--output", help="also write the table to this Markdown file")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="TEXT",
        help="measure only the pages whose label contains TEXT (any case; repeat for more);"
        " the baselines are always measured",
    )
    parser.add_argument(
        "--untuned",
        action="store_true",
        help="the garbage collector as Python sets it, not as served (config/runtime.py)",
    )
    return parser.parse_args(argv)


def setup_django(database_url):
    """Django with DEBUG off, the bench urlconf (the baselines added) and quiet errors."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "1"  # development security defaults (no HTTPS redirect) ...
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # not django-axes's line per sign-in
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings
    from django.urls import clear_url_caches

    settings.DEBUG = False  # ... and then DEBUG off for the measurements
    # A page that fails is shown in the table; its traceback would bury the output.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    build_urlconf()
    settings.ROOT_URLCONF = BENCH_URLCONF
    clear_url_caches()


def prepare_data(dbs, args):
    """Migrate, generate the county plan, then the regional copy; (county, scales)."""
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import generate_plan, generate_region

    dbs.start()
    print(f"Database: {connection.vendor} ({dbs.url})", flush=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Migrated in {time.perf_counter() - started:.1f} s", flush=True)
    county = generate_plan("county-01", seed=1)
    counts = ", ".join(f"{n:,} {name}" for name, n in county.counts.items())
    print(f"County scale: {counts} in {county.seconds:.1f} s", flush=True)
    dbs.analyze()
    scales = ["county"]
    if not args.county_only and args.plans > 1:
        # The regional database is a copy of the county one with more plans, so the plan
        # under test is the same row for row and the scales can be measured turn about.
        started = time.perf_counter()
        dbs.copy_for_regional()
        generate_region(args.plans - 1, seed=1, start=2)
        dbs.analyze()
        print(
            f"Regional scale: a copy with {args.plans} plans"
            f" (+{args.plans - 1} in {time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        scales.append("regional")
    return county, scales


def measure(county, scales, dbs, args):
    """Resolve the pages, sign in at each scale and time them; (pages, results)."""
    ctx = Context(county)
    clients = {}
    for scale in scales:
        dbs.use(scale)
        clients[scale] = ctx.signed_in_clients()
    pages, notes = resolve_pages(ctx, url_names())
    pages = choose_pages(pages, args.page)
    for note in notes:
        print(f"note: {note}")
    print(
        f"Measuring {len(pages)} pages, {args.requests} requests each at each scale"
        f" ({' and '.join(scales)}, in turn, {BLOCKS} blocks), each after the baselines",
        flush=True,
    )
    in_turn = (SIGNED_IN_BASELINE, BASELINE)
    results = run_pages(pages, scales, dbs, clients, args.requests, args.budget, in_turn)
    return pages, results


def main(argv=None):
    args = parse_args(argv)
    dbs = Databases(args.database_url)
    try:
        setup_django(dbs.url)
        from django.db import connection

        county, scales = prepare_data(dbs, args)
        if not args.untuned:
            tune_garbage_collector()  # as the served app does (config/wsgi.py)
        pages, results = measure(county, scales, dbs, args)
        table, measured, failures = report(pages, results["county"], results.get("regional"))
        scales_text = "county scale (1 plan)"
        if "regional" in scales:
            scales_text += f" and regional scale ({args.plans} plans)"
        heading = (
            f"Pages at {scales_text}, {connection.vendor}, {args.requests} requests each,"
            f" {os.cpu_count()} CPUs, DEBUG off,"
            f" garbage collector {'as Python sets it' if args.untuned else 'as served'},"
            f" {time.strftime('%Y-%m-%d %H:%M')}"
        )
        verdict = (
            "Targets: county median < 100 ms (board pack < 600 ms, its .xlsx < 300 ms);"
            f" regional <= {REGIONAL_RATIO_TARGET}x county; the same queries at both scales."
            f" {measured - failures} of {measured} pages meet every target."
        )
        print(f"\n{heading}\n{table}\n\n{verdict}")
        if args.output:
            write_file(args.output, f"{heading}\n\n{table}\n\n{verdict}\n")
        if args.json:
            write_file(args.json, json.dumps(json_records(pages, results), indent=1) + "\n")
    finally:
        if args.keep:
            print(f"Kept the databases: {dbs.names}")
        else:
            dbs.cleanup()
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
