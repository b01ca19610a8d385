"""How long the board pack's PDF takes to make, and the memory it takes (issue 15, req. 2).

    .venv/bin/python bench/packs_bench.py                     # the demo and a county, SQLite
    .venv/bin/python bench/packs_bench.py --kind county --repeat 3 --out bench/out/
    .venv/bin/python bench/packs_bench.py --kind county --profile bench/out/pdf.prof

Each kind is timed in a process of its own (so its peak memory is its own), with its own
throwaway database (bench/common.py):

- demo: `manage.py load_demo`, plan southampton-2020-21, July 2020;
- county: bench/generate.py's county-scale plan (20 areas, 400 measures, 1,500 actions),
  its latest period.

For each: `packs.content.pack_content` (the pack's one read), `packs.pdf.pack_html` (the
templates), and `packs.pdf.render_pdf` (templates and WeasyPrint: what publishing does),
`--repeat` times (1); the PDF's pages and size, and the process's peak resident memory
(ru_maxrss) after the runs. render_pdf's CPU time (this process's) is given beside its
time: on a machine shared with other work the time waits for the CPU, the CPU time does not.
Targets: the county in under 30 s and 1 GB, the demo in 5 s.
The exit status is 0 when every target is met, 1 otherwise.
"""

import argparse
import datetime
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import create_database, fmt, markdown_table  # noqa: E402
from bench.generate import generate_plan, setup_django  # noqa: E402

TARGET_SECONDS = {"demo": 5.0, "county": 30.0}
TARGET_MB = 1024
KINDS = ("demo", "county")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=KINDS, help="one kind, in this process")
    parser.add_argument("--repeat", type=int, default=1, help="timed renders of each (1)")
    parser.add_argument("--out", help="write each PDF into this folder")
    parser.add_argument("--profile", help="cProfile the (first) render into this file")
    return parser.parse_args(argv)


def make_plan(kind):
    """(plan, period) of a kind, in the database set up already."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if kind == "demo":
        from improvement.models import Plan

        call_command("load_demo", verbosity=0)
        plan = Plan.objects.get(slug="southampton-2020-21")
        return plan, plan.periods.get(month=datetime.date(2020, 7, 1))
    plan = generate_plan("county-01", seed=1).plan
    return plan, plan.periods.order_by("-month").first()


def measure(kind, args):
    """The timings of one kind: a dict (see run_kind)."""
    import io

    from pypdf import PdfReader

    from packs.content import pack_content
    from packs.pdf import pack_html, render_pdf

    plan, period = make_plan(kind)
    runs = []
    for i in range(args.repeat):
        started = time.perf_counter()
        content = pack_content(plan, period, meeting="Improvement Board")
        read = time.perf_counter() - started
        started = time.perf_counter()
        html = pack_html(content)
        templates = time.perf_counter() - started
        started, cpu_started = time.perf_counter(), time.process_time()
        if args.profile and i == 0:
            import cProfile

            profile = cProfile.Profile()
            pdf = profile.runcall(render_pdf, content, published_by="Bench")
            profile.dump_stats(args.profile)
        else:
            pdf = render_pdf(content, published_by="Bench")
        render = time.perf_counter() - started
        render_cpu = time.process_time() - cpu_started
        runs.append({"read": read, "templates": templates, "render": render, "cpu": render_cpu})
    if args.out:
        path = Path(args.out) / f"pack-{kind}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
    best = min(runs, key=lambda r: r["read"] + r["render"])
    return {
        "kind": kind,
        "measures": sum(len(s.measures) for s in content.pack.summaries),
        "actions": sum(len(s.actions) for s in content.pack.summaries),
        "html_kb": len(html.encode()) / 1024,
        "read_s": best["read"],
        "templates_s": best["templates"],
        "render_s": best["render"],
        "render_cpu_s": best["cpu"],
        "total_s": best["read"] + best["render"],
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "pdf_kb": len(pdf) / 1024,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_kind(kind, args):
    """Time one kind in this process, with its own throwaway database; print JSON."""
    url, remove = create_database(prefix="tracker_packs_bench_")
    try:
        setup_django(url)
        print(json.dumps(measure(kind, args)))
    finally:
        remove()


def main(argv=None):
    args = parse_args(argv)
    if args.kind:
        run_kind(args.kind, args)
        return 0
    results = []
    for kind in KINDS:
        command = [sys.executable, __file__, "--kind", kind, "--repeat", str(args.repeat)]
        if args.out:
            command += ["--out", args.out]
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    rows = [
        [
            r["kind"],
            str(r["measures"]),
            str(r["actions"]),
            fmt(r["read_s"], "{:.2f}"),
            fmt(r["templates_s"], "{:.2f}"),
            fmt(r["render_s"], "{:.2f}"),
            fmt(r["render_cpu_s"], "{:.2f}"),
            fmt(r["total_s"], "{:.2f}"),
            str(r["pages"]),
            fmt(r["pdf_kb"], "{:.0f}"),
            fmt(r["peak_mb"], "{:.0f}"),
        ]
        for r in results
    ]
    header = [
        "Pack",
        "Measures",
        "Actions",
        "Read (s)",
        "Templates (s)",
        "render_pdf (s)",
        "its CPU (s)",
        "Total (s)",
        "Pages",
        "PDF (KB)",
        "Peak RSS (MB)",
    ]
    print(markdown_table(header, rows))
    met = all(
        r["total_s"] < TARGET_SECONDS[r["kind"]] and r["peak_mb"] < TARGET_MB for r in results
    )
    print("Targets met." if met else "A target is not met.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
