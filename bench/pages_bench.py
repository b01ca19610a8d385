"""Page benchmarks at county and regional scale, beside a one-query baseline view.

    .venv/bin/python bench/pages_bench.py                      # SQLite temp file
    .venv/bin/python bench/pages_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/tracker_bench

Creates a throwaway database (a SQLite file in a temp folder, or the PostgreSQL database
named in --database-url, which it creates and drops: never point it at a real one),
migrates it and generates one county-scale plan (bench/generate.py); then copies it and
adds nine more plans to the copy (a regional-scale database of ten plans, the first one
identical row for row). For each kind of page it issues --requests requests (30) at each
scale with Django's test Client, signed in as the role that uses the page, timing each
(time.perf_counter around client.get, the response body read), and counts the SQL
queries of one more request (an execute wrapper: exact however many). The two scales are
measured turn about, in six blocks per page (switching the connection between the two
databases, with a warm-up request after each switch), so that a busy machine slows both
alike and the regional/county ratio stays fair.

The baseline is a view defined here, served through the product's own middleware and
URL resolver, that runs one query (the plan by its slug) and returns a tiny response:
the floor every page is compared with. It has its own row, and it is also timed in each
of every page's blocks, just before the page and the same way: "x baseline" is a page's
county median over the median of the baseline requests made in turn with it, so that a
machine whose speed drifts during the run (a virtual machine's can change by half) slows
both alike.
DEBUG is turned off for the run.

Targets (issue 6, on a 2-core machine): median under 150 ms at county scale; regional
median no more than 1.2x the county median; median no more than 10x the baseline's.
Pages whose URL name does not exist yet are skipped with a note.
"""

import argparse
import gc
import logging
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
import types
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MEDIAN_TARGET_MS = 150.0
REGIONAL_RATIO_TARGET = 1.2
BASELINE_MULTIPLE_TARGET = 10.0
BENCH_URLCONF = "bench_pages_urls"
MIN_REQUESTS = 5
COLD_REQUESTS = 5  # per page and scale, each right after the plan's data changed
BLOCKS = 6  # each scale's requests come in this many turns, alternating scales


@dataclass
class Page:
    label: str
    url_name: str
    role: str  # "admin", "board" or "manager"
    args: object  # callable(ctx) -> list of positional args
    query: object = None  # callable(ctx) -> query string, or None
    content_type: str = "text/html"


@dataclass
class Result:
    timings: list = field(default_factory=list)  # seconds
    cold: list = field(default_factory=list)  # seconds, each just after a change to the plan
    # seconds: the baseline view, timed just before each of this page's timed requests
    paired_baseline: list = field(default_factory=list)
    queries: int | None = None
    status: int | None = None
    content_type: str = ""
    error: str = ""
    wanted: int = 0

    @property
    def median_ms(self):
        return statistics.median(self.timings) * 1000 if self.timings else None

    @property
    def paired_baseline_ms(self):
        return statistics.median(self.paired_baseline) * 1000 if self.paired_baseline else None

    @property
    def cold_ms(self):
        return statistics.median(self.cold) * 1000 if self.cold else None

    @property
    def p95_ms(self):
        if not self.timings:
            return None
        ordered = sorted(self.timings)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000  # nearest rank


def page_kinds():
    """Every kind of page the issue names, by URL name: those not built yet are skipped."""

    def plan(ctx):
        return [ctx.plan.slug]

    return [
        Page("baseline (1 query)", "bench_baseline", "board", plan),
        Page("baseline, signed in (+auth)", "bench_baseline_signed_in", "board", plan),
        Page("home (redirect)", "home", "board", lambda ctx: []),
        Page("RAG at a glance", "dashboard:at_a_glance", "board", plan),
        Page("area scorecard", "dashboard:scorecard", "board", lambda c: [c.plan.slug, c.area.pk]),
        Page("measure page", "dashboard:measure", "board", lambda c: [c.plan.slug, c.measure.pk]),
        Page("action tracker", "dashboard:tracker", "board", plan),
        Page(
            "action tracker, filtered",
            "dashboard:tracker",
            "board",
            plan,
            query=lambda c: f"area={c.area.pk}&status=in_progress",
        ),
        Page("recommendations", "dashboard:recommendations", "board", plan),
        Page("board pack", "dashboard:board_pack", "board", plan),
        Page(
            "board pack xlsx",
            "dashboard:board_pack_xlsx",
            "board",
            plan,
            content_type="application/vnd.openxmlformats",
        ),
        Page("my returns", "returns:my_returns", "manager", plan),
        Page(
            "monthly figures form",
            "returns:figures",
            "manager",
            lambda c: [c.plan.slug, c.period, c.manager_area.pk],
        ),
        Page(
            "exception report form",
            "returns:report",
            "manager",
            lambda c: [c.plan.slug, c.period, c.manager_area.pk],
        ),
        Page("periods", "returns:periods", "admin", plan),
        Page("returns status", "returns:status", "admin", plan),
        Page("import and export", "spreadsheets:home", "admin", lambda ctx: []),
        Page("Django admin index", "admin:index", "admin", lambda ctx: []),
    ]


# Other names the xlsx download of the board pack or scorecard may have been given.
XLSX_ALTERNATIVES = ["dashboard:board_pack_xlsx", "dashboard:scorecard_xlsx", "dashboard:xlsx"]


def build_urlconf():
    """The product's URLs plus the baseline view, as a module set as ROOT_URLCONF."""
    from django.http import HttpResponse
    from django.urls import include, path
    from django.utils.html import escape

    from improvement.models import Plan
    from improvement.roles import reader_required

    def baseline(request, plan_slug):
        plan = Plan.objects.get(slug=plan_slug)
        return HttpResponse(f"<!doctype html><title>Baseline</title><p>{escape(plan.title)}</p>")

    # The same, behind the decorator every page uses: the session, the user and their roles
    # are read too. Shown for context; the multiples are taken against the strict baseline.
    signed_in_baseline = reader_required(baseline)

    notes = []
    try:
        from config.urls import urlpatterns as product

        product = list(product)
    except Exception as exc:  # an app's urls.py is half-built: take the apps that import
        notes.append(f"config.urls does not import ({exc!r}); using the apps that do")
        from django.contrib import admin
        from django.contrib.auth import views as auth_views

        from improvement.views import home

        product = [
            path("", home, name="home"),
            path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
            path("admin/", admin.site.urls),
        ]
        for app in ("dashboard", "returns", "spreadsheets"):
            try:
                product.append(path("", include(f"{app}.urls")))
            except Exception as app_exc:
                notes.append(f"{app}.urls does not import ({app_exc!r}): its pages are skipped")
    module = types.ModuleType(BENCH_URLCONF)
    module.urlpatterns = [
        path("bench-baseline/<slug:plan_slug>/", baseline, name="bench_baseline"),
        path(
            "bench-baseline/<slug:plan_slug>/signed-in/",
            signed_in_baseline,
            name="bench_baseline_signed_in",
        ),
        *product,
    ]
    sys.modules[BENCH_URLCONF] = module
    return notes


def url_names():
    """Every URL name in the bench urlconf, with its namespace (e.g. "dashboard:tracker")."""
    from django.urls import get_resolver

    found = set()

    def walk(resolver, prefix):
        for key in resolver.reverse_dict:
            if isinstance(key, str):
                found.add(prefix + key)
        for namespace, (_pattern, sub) in resolver.namespace_dict.items():
            walk(sub, f"{prefix}{namespace}:")

    walk(get_resolver(BENCH_URLCONF), "")
    return found


class Context:
    """The plan under test and the things its pages are addressed by."""

    def __init__(self, generated):
        from measures.scorecard import latest_period

        self.plan = generated.plan
        self.period = latest_period(self.plan)
        self.manager, areas = generated.managers[0]
        self.manager_area = areas[0]
        self.area = self.plan.areas.order_by("order").first()
        self.measure = self.area.measures.order_by("order", "pk").first()
        self.users = {
            "admin": generated.admin,
            "board": generated.board_members[0],
            "manager": self.manager,
        }


def make_clients(ctx):
    from django.test import Client

    clients = {}
    for role, user in ctx.users.items():
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


def fetch(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018 - read the body, as a server would send it
    return response


def count_queries(client, url):
    """SQL statements one request runs (an execute wrapper: exact, however many)."""
    from django.db import connection

    calls = 0

    def counter(execute, sql, params, many, context):
        nonlocal calls
        calls += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        fetch(client, url)
    return calls


def resolve_pages(ctx, names):
    """(page, url) for each page whose URL name exists; notes for those skipped."""
    from django.urls import NoReverseMatch, reverse

    pages, notes = [], []
    for page in page_kinds():
        name = page.url_name
        if name == "dashboard:board_pack_xlsx" and name not in names:
            name = next((n for n in XLSX_ALTERNATIVES if n in names), name)
        if name not in names:
            notes.append(f"skipped {page.label}: no URL named {page.url_name} yet")
            continue
        url = None
        for args in (page.args(ctx), [ctx.plan.slug], []):  # the plan alone, or nothing
            try:
                url = reverse(name, args=args, urlconf=BENCH_URLCONF)
                break
            except NoReverseMatch:
                continue
        if url is None:
            notes.append(f"skipped {page.label}: {name} takes arguments this script cannot give")
            continue
        if page.query:
            url += "?" + page.query(ctx)
        pages.append((page, url))
    known = {p.url_name for p in page_kinds()} | set(XLSX_ALTERNATIVES)
    for name in sorted(names):
        if name.split(":")[0] in {"dashboard", "returns", "spreadsheets"} and name not in known:
            notes.append(f"not benchmarked (not a page kind of issue 6): {name}")
    return pages, notes


def choose_pages(pages, wanted):
    """The pages whose label contains one of the texts wanted (all when none), with the
    baselines, which every page is compared with."""
    if not wanted:
        return pages
    wanted = [text.lower() for text in wanted]
    return [
        (page, url)
        for page, url in pages
        if page.url_name.startswith("bench_") or any(text in page.label.lower() for text in wanted)
    ]


def measure_page(page, url, scales, dbs, clients, requests, budget, plan, baseline=None):
    """Time one page at each scale, alternating scales in blocks so drift hits both alike;
    then a few requests each right after a change to the plan (the cache's cold case).

    ``baseline`` (its Page and URL) is timed in each block too, just before the page and
    the same way (a warm-up request, then as many in a row as the page gets), so that the
    page and the baseline it is compared with meet the machine at the same moments: a
    virtual machine's speed drifts by half or more over a run."""
    from improvement import changes

    results = {scale: Result(wanted=requests) for scale in scales}
    gc.collect()
    wanted, blocks = requests, BLOCKS
    for block in range(blocks):
        for scale in scales:
            result = results[scale]
            if result.error:
                continue
            dbs.use(scale)
            client = clients[scale][page.role]
            try:
                for _ in range(2 if block == 0 else 1):  # warm up after each switch
                    started = time.perf_counter()
                    response = fetch(client, url)
                    cost = time.perf_counter() - started
                if block == 0:
                    result.status = response.status_code
                    result.content_type = response.get("Content-Type", "")
                    result.queries = count_queries(client, url)
                    if cost * requests > budget:  # a very slow page: fewer requests
                        wanted, blocks = max(MIN_REQUESTS, int(budget / cost)), 1
                        result.wanted = requests
                take = min(math.ceil(wanted / blocks), wanted - len(result.timings))
                if baseline:  # as many baseline requests in a row, then the page's again
                    base_client = clients[scale][baseline[0].role]
                    fetch(base_client, baseline[1])  # warm up, as the page did
                    for _ in range(take):
                        started = time.perf_counter()
                        fetch(base_client, baseline[1])
                        result.paired_baseline.append(time.perf_counter() - started)
                    fetch(client, url)
                for _ in range(take):
                    started = time.perf_counter()
                    fetch(client, url)
                    result.timings.append(time.perf_counter() - started)
            except Exception as exc:  # a page that fails is reported, not fatal to the run
                result.error = " ".join(f"{type(exc).__name__}: {exc}".split())[:90]
        if blocks == 1:
            break
    for scale in scales:
        result = results[scale]
        if result.error or not result.timings:
            continue
        dbs.use(scale)
        for _ in range(COLD_REQUESTS):
            changes.plan_changed(plan)  # what any save does: a new data_version
            started = time.perf_counter()
            fetch(clients[scale][page.role], url)
            result.cold.append(time.perf_counter() - started)
    return results


def run_pages(pages, scales, dbs, clients, requests, budget, plan):
    results = {scale: {} for scale in scales}
    baseline = next(((p, u) for p, u in pages if p.url_name == "bench_baseline"), None)
    for page, url in pages:
        paired = None if page.url_name.startswith("bench_") else baseline
        measured = measure_page(page, url, scales, dbs, clients, requests, budget, plan, paired)
        shown = []
        for scale in scales:
            result = measured[scale]
            results[scale][page.label] = result
            text = f"{result.median_ms:8.1f} ms" if result.timings else result.error
            shown.append(f"{scale} {text}")
        status = measured[scales[0]].status
        print(f"  {page.label:<28} {status}  " + "  ".join(shown), flush=True)
    return results


def fmt(value, spec="{:.1f}"):
    return "-" if value is None else spec.format(value)


def report(pages, county, regional):
    base_c = county.get("baseline (1 query)")
    base_median = base_c.median_ms if base_c else None
    signed_in = county.get("baseline, signed in (+auth)")
    signed_in_median = signed_in.median_ms if signed_in else None
    header = [
        "page",
        "status",
        "county median ms",
        "county p95 ms",
        "after a change ms",
        "queries",
        "regional median ms",
        "regional p95 ms",
        "queries",
        "regional/county",
        "baseline in turn ms",
        "x baseline",
        "x signed-in baseline",
        "targets",
    ]
    rows = []
    failures = measured = 0
    for page, _url in pages:
        c = county[page.label]
        r = regional.get(page.label) if regional else None
        is_baseline = page.url_name.startswith("bench_")
        flags = []
        ratio = multiple = signed_in_multiple = None
        if c.error:
            flags.append(f"ERROR {c.error}")
        if c.status and c.status >= 400:
            flags.append(f"HTTP {c.status}")
        if c.timings:
            paired = c.paired_baseline_ms or base_median  # timed in turn with the page
            if paired:
                multiple = c.median_ms / paired
            if signed_in_median:
                signed_in_multiple = c.median_ms / signed_in_median
            if r and r.timings:
                ratio = r.median_ms / c.median_ms
        if c.timings and not is_baseline:
            if c.median_ms >= MEDIAN_TARGET_MS:
                flags.append(f"median >= {MEDIAN_TARGET_MS:.0f} ms")
            if multiple and multiple > BASELINE_MULTIPLE_TARGET:
                flags.append(f"> {BASELINE_MULTIPLE_TARGET:.0f}x baseline")
            if ratio and ratio > REGIONAL_RATIO_TARGET:
                flags.append(f"regional > {REGIONAL_RATIO_TARGET}x county")
            if r and r.queries is not None and c.queries is not None and r.queries != c.queries:
                flags.append("query count changed with scale")
            if c.cold_ms and c.cold_ms >= MEDIAN_TARGET_MS:
                flags.append(f"(after a change: {c.cold_ms:.0f} ms)")
        if r and r.error and r.error != c.error:
            flags.append(f"regional ERROR {r.error}")
        for scale, res in (("county", c), ("regional", r)):
            if res and res.timings and len(res.timings) < res.wanted:
                flags.append(f"{scale}: only {len(res.timings)} requests (over the time budget)")
        if not is_baseline:
            measured += 1
            failures += any(not flag.startswith("(") for flag in flags)  # (...): for information
        rows.append(
            [
                page.label,
                str(c.status or "-"),
                fmt(c.median_ms),
                fmt(c.p95_ms),
                fmt(c.cold_ms),
                fmt(c.queries, "{}"),
                fmt(r.median_ms if r else None),
                fmt(r.p95_ms if r else None),
                fmt(r.queries if r else None, "{}"),
                fmt(ratio, "{:.2f}"),
                fmt(c.paired_baseline_ms),
                fmt(multiple, "{:.1f}"),
                fmt(signed_in_multiple, "{:.1f}"),
                "; ".join(flags) or ("(baseline)" if is_baseline else "ok"),
            ]
        )
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for row in rows:
        cells = [
            cell.ljust(w) if i in (0, len(header) - 1) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines), measured, failures


def create_database(url):
    """Create a throwaway database; return (database url, cleanup function)."""
    if not url:
        folder = tempfile.mkdtemp(prefix="tracker_pages_bench_")
        path = Path(folder) / "bench.sqlite3"
        return f"sqlite:///{path}", lambda: shutil.rmtree(folder, ignore_errors=True)
    name, admin_url = _postgres_names(url)
    drop = _drop_statement(name)
    _postgres(admin_url, drop)
    _postgres(admin_url, f"CREATE DATABASE {_quote(name)}")
    return url, lambda: _postgres(admin_url, drop)


def _postgres_names(url):
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit("--database-url must be a postgres:// URL (SQLite is the default)")
    name = parts.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit("name a throwaway database in --database-url, e.g. /tracker_bench")
    return name, parts._replace(path="/postgres").geturl()


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def _drop_statement(name):
    return f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)"


def _postgres(admin_url, statement):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)


class Databases:
    """The county-scale database and its regional-scale copy, switched between by name."""

    def __init__(self, url):
        self.url, self._drop_county = create_database(url)
        self.postgres = bool(url)
        self.names = {}
        self.current = "county"
        self._drop_regional = lambda: None

    def start(self):
        from django.db import connection

        self.names["county"] = connection.settings_dict["NAME"]

    def copy_for_regional(self):
        """The county database as it stands, copied: the regional one grows from it."""
        from django.db import connections

        connections.close_all()
        county = self.names["county"]
        if self.postgres:
            regional = f"{county}_regional"
            _name, admin_url = _postgres_names(self.url)
            _postgres(admin_url, _drop_statement(regional))
            _postgres(admin_url, f"CREATE DATABASE {_quote(regional)} TEMPLATE {_quote(county)}")
            self._drop_regional = lambda: _postgres(admin_url, _drop_statement(regional))
        else:
            regional = str(Path(county).with_name("regional.sqlite3"))
            shutil.copyfile(county, regional)
        self.names["regional"] = regional
        self.use("regional")

    def use(self, scale):
        from django.db import connection

        if self.current != scale:
            connection.close()
            connection.settings_dict["NAME"] = self.names[scale]
            self.current = scale

    def analyze(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def cleanup(self):
        from django.db import connections

        connections.close_all()
        self._drop_regional()
        self._drop_county()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to create and drop")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--plans", type=int, default=10, help="plans at regional scale")
    parser.add_argument("--county-only", action="store_true", help="skip the regional run")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help=f"seconds of timed requests per page before stopping early (at least {5})",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--output", help="also write the table to this Markdown file")
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="TEXT",
        help="measure only the pages whose label contains TEXT (any case; repeat for more);"
        " the baselines are always measured",
    )
    args = parser.parse_args(argv)

    dbs = Databases(args.database_url)
    os.environ["DATABASE_URL"] = dbs.url
    os.environ["DEBUG"] = "1"  # development security defaults (no HTTPS redirect) ...
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.urls import clear_url_caches

        from bench.generate import generate_plan, generate_region

        settings.DEBUG = False  # ... and then DEBUG off for the measurements
        # A page that fails is shown in the table; its traceback would bury the output.
        logging.getLogger("django.request").setLevel(logging.CRITICAL)
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        notes = build_urlconf()
        settings.ROOT_URLCONF = BENCH_URLCONF
        clear_url_caches()

        dbs.start()
        print(f"Database: {connection.vendor} ({dbs.url})", flush=True)
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"Migrated in {time.perf_counter() - started:.1f} s", flush=True)
        county = generate_plan("county-01", seed=1)
        counts = ", ".join(f"{n:,} {name}" for name, n in county.counts.items())
        print(f"County scale: {counts} in {county.seconds:.1f} s", flush=True)
        if dbs.postgres:
            dbs.analyze()

        scales = ["county"]
        if not args.county_only and args.plans > 1:
            # The regional database is a copy of the county one with nine more plans, so
            # the plan under test is the same row for row, and the two scales can be
            # measured turn about, page by page.
            started = time.perf_counter()
            dbs.copy_for_regional()
            generate_region(args.plans - 1, seed=1, start=2)
            if dbs.postgres:
                dbs.analyze()
            print(
                f"Regional scale: a copy with {args.plans} plans"
                f" (+{args.plans - 1} in {time.perf_counter() - started:.1f} s)",
                flush=True,
            )
            scales.append("regional")

        ctx = Context(county)
        clients = {}
        for scale in scales:
            dbs.use(scale)
            clients[scale] = make_clients(ctx)
        pages, skip_notes = resolve_pages(ctx, url_names())
        pages = choose_pages(pages, args.page)
        for note in notes + skip_notes:
            print(f"note: {note}")
        print(
            f"Measuring {len(pages)} pages, {args.requests} requests each at each scale"
            f" ({' and '.join(scales)}, in turn, {BLOCKS} blocks)",
            flush=True,
        )
        results = run_pages(pages, scales, dbs, clients, args.requests, args.budget, ctx.plan)

        table, measured, failures = report(pages, results["county"], results.get("regional"))
        scales_text = "county scale (1 plan)"
        if "regional" in scales:
            scales_text += f" and regional scale ({args.plans} plans)"
        heading = (
            f"Pages at {scales_text}, {connection.vendor}, {args.requests} requests each,"
            f" {os.cpu_count()} CPUs, DEBUG off"
        )
        print()
        print(heading)
        print(table)
        print(
            f"\nTargets: county median < {MEDIAN_TARGET_MS:.0f} ms; regional <= "
            f"{REGIONAL_RATIO_TARGET}x county; median <= {BASELINE_MULTIPLE_TARGET:.0f}x baseline."
            f" {measured - failures} of {measured} pages meet every target."
        )
        if args.output:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            Path(args.output).write_text(f"{heading}\n\n{table}\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"Kept the databases: {dbs.names}")
        else:
            dbs.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
