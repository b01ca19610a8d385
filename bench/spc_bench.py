"""What the SPC readings add to RAG at a glance, for a county's 400 measures (issue 14, req. 9).

    .venv/bin/python bench/spc_bench.py                          # SQLite, in a temp folder
    .venv/bin/python bench/spc_bench.py --repeat 200 --json bench/out/spc.json
    .venv/bin/python bench/spc_bench.py --database-url \\
        postgres://postgres@127.0.0.1:5432/tracker_bench         # created, then dropped
    .venv/bin/python bench/spc_bench.py --existing sqlite:////tmp/county.sqlite3
                                  # a database bench/generate.py filled already: kept as is
    .venv/bin/python bench/spc_bench.py --clock cpu   # this process's CPU time, not the wall's

Makes a throwaway database with one county-scale plan (bench/generate.py: 20 areas, 400
measures, 60 monthly periods, a figure for nearly every measure in every month), or reads
the first plan of `--existing`. Then, in one process, on the plan's latest period:

- `glance_get(plan=, period=, plan_periods=)` with readings and without, turn about
  (which goes first alternates), `--repeat` times each (200): the added time is the
  difference of the medians (and, as a check, the median of the pairs' differences);
- its parts: reading the figures (`measures.scorecard._series`: every figure to the period,
  one row per measure, measures.series; and the rebases), the 400 readings from them
  (`spc_words.read`, through `_Series.reading` as the scorecard calls it),
  `measures.spc.latest` alone over the 400 series, and the full chart, `measures.spc.xmr`,
  over the same series (the measure page and the printed charts draw it; the lists of
  measures do not).

The garbage collector is set as the served app sets it (config/runtime.py: the objects
loaded at start-up frozen out of its sweeps, the youngest collected less often);
`--untuned` leaves it as Python sets it.

Target (req. 9): the readings add no more than 20 ms (median) to RAG at a glance. The
machine is shared: each figure is a median of many runs, and the load average before and
after is printed with them. With `--clock cpu` every time is this process's CPU time
(time.process_time) instead of the wall clock's: on a machine busy with other work it
leaves out the time spent waiting for a CPU (not what the others' use of the caches costs).
The exit status is 0 when the target is met, 1 otherwise.

Results on the development machine (2 CPUs, shared) are in bench/README.md, "SPC readings".
"""

import argparse
import inspect
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import create_database, fmt, markdown_table, write_file  # noqa: E402
from bench.generate import generate_plan, setup_django  # noqa: E402
from config.runtime import tune_garbage_collector  # noqa: E402

TARGET_MS = 20.0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to create and drop")
    parser.add_argument("--existing", help="a database with a generated plan: read, kept")
    parser.add_argument("--repeat", type=int, default=200, help="timed runs of each (200)")
    parser.add_argument("--json", help="write the results as JSON to this file")
    parser.add_argument("--glance-only", action="store_true", help="time only the page's read")
    parser.add_argument(
        "--untuned",
        action="store_true",
        help="the garbage collector as Python sets it, not as served (config/runtime.py)",
    )
    parser.add_argument(
        "--clock", choices=["wall", "cpu"], default="wall", help="what to time by (wall)"
    )
    return parser.parse_args(argv)


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]


def timed(function):
    started = clock()
    function()
    return (clock() - started) * 1000


def glance_timings(plan, period, plan_periods, repeat):
    """[(ms with readings, ms without)], taken turn about."""
    from dashboard import selectors

    with_readings, without = _glance_callers(selectors, plan, period, plan_periods)
    for _ in range(3):  # warm up: templates, statements, the database's cache
        with_readings(), without()
    pairs = []
    for i in range(repeat):
        if i % 2:
            b, a = timed(without), timed(with_readings)
        else:
            a, b = timed(with_readings), timed(without)
        pairs.append((a, b))
    return pairs


def _glance_callers(selectors, plan, period, plan_periods):
    """glance_get with and without readings. Before `readings=` existed (to time the code
    this work started from), the scorecard it calls is told instead."""
    if "readings" in inspect.signature(selectors.glance_get).parameters:
        return (
            lambda: selectors.glance_get(plan=plan, period=period, plan_periods=plan_periods),
            lambda: selectors.glance_get(
                plan=plan, period=period, plan_periods=plan_periods, readings=False
            ),
        )
    scorecard = selectors.plan_scorecard

    def without():
        selectors.plan_scorecard = lambda *a, **k: scorecard(*a, **{**k, "readings": False})
        try:
            selectors.glance_get(plan=plan, period=period, plan_periods=plan_periods)
        finally:
            selectors.plan_scorecard = scorecard

    return (
        lambda: selectors.glance_get(plan=plan, period=period, plan_periods=plan_periods),
        without,
    )


def part_timings(plan, period, plan_periods, repeat):
    """{part: [ms]}: reading the figures, the readings from them, spc.latest and spc.xmr."""
    from measures import scorecard, spc
    from measures.models import Measure

    areas = {area.pk: area for area in plan.areas.all()}
    measures = list(Measure.objects.filter(area__plan=plan).order_by("pk"))
    series = scorecard._series(areas, period, plan_periods)
    values = [series.values.get(m.pk, series.no_figures) for m in measures]
    better = [m.better for m in measures]
    parts = {
        "read the figures (two queries)": lambda: scorecard._series(areas, period, plan_periods),
        "400 readings from them": lambda: [series.reading(m, None) for m in measures],
        "spc.latest x 400": lambda: [
            spc.latest(v, better=b) for v, b in zip(values, better, strict=True)
        ],
        "spc.xmr x 400 (full charts)": lambda: [
            spc.xmr(v, better=b) for v, b in zip(values, better, strict=True)
        ],
    }
    times = {name: [] for name in parts}
    for _ in range(repeat):
        for name, function in parts.items():
            times[name].append(timed(function))
    points = sum(len(v) for v in values)
    return times, len(measures), points


def main(argv=None):
    args = parse_args(argv)
    global clock
    clock = CLOCKS[args.clock]
    url, remove = (args.existing, None) if args.existing else create_database(args.database_url)
    try:
        setup_django(url)
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        settings.DEBUG = False  # no query log: as in production
        from improvement.models import Plan
        from measures.scorecard import latest_period

        if not args.existing:
            call_command("migrate", verbosity=0, interactive=False)
            generate_plan("county-01", seed=1)
        plan = Plan.objects.order_by("pk").first()
        period = latest_period(plan)
        plan_periods = list(plan.periods.order_by("-month"))
        if not args.untuned:
            tune_garbage_collector()  # as the served app does once loaded (config/wsgi.py)
        load_before = os.getloadavg()
        pairs = glance_timings(plan, period, plan_periods, args.repeat)
        parts, measures, points = {}, "?", "?"
        if not args.glance_only:
            parts, measures, points = part_timings(plan, period, plan_periods, args.repeat)
        load_after = os.getloadavg()
        result = summarise(pairs, parts)
        heading = (
            f"SPC readings on RAG at a glance: {plan.slug}, {measures} measures, {points} months"
            f" in all, {connection.vendor}, {args.repeat} runs each, {args.clock} clock,"
            f" {os.cpu_count()} CPUs,"
            f" garbage collector {'as Python sets it' if args.untuned else 'as served'},"
            f" load {load_before[0]:.2f} before and {load_after[0]:.2f} after,"
            f" {time.strftime('%Y-%m-%d %H:%M')}"
        )
        verdict = (
            f"Readings add {result['added_ms']:.1f} ms (median with {result['with_ms']:.1f}"
            f" - median without {result['without_ms']:.1f}; median of the pairs' differences"
            f" {result['paired_added_ms']:.1f} ms; of the minimums"
            f" {result['min_added_ms']:.1f} ms). Target <= {TARGET_MS:.0f} ms:"
            f" {'met' if result['added_ms'] <= TARGET_MS else 'NOT met'}."
        )
        print(f"\n{heading}\n\n{result['table']}\n\n{verdict}")
        if args.json:
            record = {k: v for k, v in result.items() if k != "table"}
            record.update(measures=measures, points=points, repeat=args.repeat)
            record.update(vendor=connection.vendor, load=[load_before[0], load_after[0]])
            record.update(clock=args.clock)
            write_file(args.json, json.dumps(record, indent=1) + "\n")
        return 0 if result["added_ms"] <= TARGET_MS else 1
    finally:
        if remove:
            remove()


def summarise(pairs, parts):
    with_ms = [a for a, _ in pairs]
    without_ms = [b for _, b in pairs]
    rows = [
        ("RAG at a glance, with readings", with_ms),
        ("RAG at a glance, without", without_ms),
        *parts.items(),
    ]
    table = markdown_table(
        ["what", "median ms", "min ms", "p90 ms"],
        [
            (name, fmt(statistics.median(t)), fmt(min(t)), fmt(sorted(t)[len(t) * 9 // 10]))
            for name, t in rows
        ],
    )
    return {
        "with_ms": statistics.median(with_ms),
        "without_ms": statistics.median(without_ms),
        "added_ms": statistics.median(with_ms) - statistics.median(without_ms),
        "paired_added_ms": statistics.median(a - b for a, b in pairs),
        "min_added_ms": min(with_ms) - min(without_ms),
        "parts_median_ms": {name: statistics.median(t) for name, t in parts.items()},
        "table": table,
    }


if __name__ == "__main__":
    sys.exit(main())
