"""Load test: the product under gunicorn on PostgreSQL, 20 simulated users for 60 seconds.

    .venv/bin/python bench/load_test.py
    .venv/bin/python bench/load_test.py --users 20 --duration 60 \\
        --database-url postgres://postgres@127.0.0.1:5432/tracker_load

What it does, all on loopback (127.0.0.1) and bounded in time and count:

1. Creates a fresh PostgreSQL database (dropping one of the same name first: name a
   throwaway one), migrates it, loads one county-scale plan (bench/generate.py) and runs
   collectstatic, as a deployment would.
2. Starts `gunicorn config.wsgi -w 3` on a free port with production settings (DEBUG=0, a
   random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1) less HTTPS (SECURE_SSL_REDIRECT=0,
   SESSION_COOKIE_SECURE=0, CSRF_COOKIE_SECURE=0, SECURE_HSTS_SECONDS=0), since loopback
   has no TLS, through bench/load_settings.py (config.settings with STATIC_ROOT in a
   temporary folder, so nothing is written into the checkout).
3. Runs the simulated users in this process (a second process beside gunicorn's), as
   threads using http.client. Each first signs in through the login form (with its CSRF
   token); the clock starts when all have signed in (as locust's on_start: signing in is
   deliberately slow password hashing, once a session, and is reported on its own rows,
   not in the load's figures). Then until the time is up, with a think time of 0.5-1.5 s
   between requests:
   - board members (half the users) read RAG at a glance, an area scorecard, a measure
     page, the action tracker (plain and filtered), recommendations and the board pack;
   - service managers (the other half, each signed in as a different manager, who owns
     two areas) open My returns, open the monthly figures form of one of their areas,
     and save a new value and commentary for every measure on it (the POST is built from
     the form as served, with its CSRF token, versions and management form).
   Users start over the first --ramp seconds (5) and stop at --duration (60).
4. Reports requests, throughput, p50/p95 (of the load, and per kind of request) and errors
   (HTTP status >= 400, a refused save, a connection failure), against the targets:
   no errors and p95 under 1 second.
5. Checks every save: each figure of each save is in the audit trail (its commentary names
   the save), and the figures in the database are those of each area's last save.
6. Stops gunicorn and drops the database, whatever happened.

Pages whose URL names do not exist yet are left out with a note; if the monthly figures
form does not exist, the managers only read and the report says so.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import create_database  # noqa: E402
from bench.generate import PASSWORD  # noqa: E402

HOST = "127.0.0.1"
P95_TARGET_S = 1.0
MAX_USERS = 50
MAX_DURATION = 300
REQUEST_TIMEOUT = 30
SIGN_IN_TIMEOUT = 120
THINK = (0.5, 1.5)
ERROR_MESSAGE = re.compile(r'govuk-error-message">\s*(?:<[^>]+>[^<]*</[^>]+>)?\s*([^<]+)')


# HTTP with cookies and forms ------------------------------------------------------------


class FormParser(HTMLParser):
    """Every <form> on a page with the fields a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": a.get("method", "get")}
            self._form["fields"] = []
            self.forms.append(self._form)
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "image", "file", "reset"}:
                self._form["fields"].append(
                    [name, a.get("value", "on" if kind == "checkbox" else "")]
                )
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select" and name:
            self._select = [name, None]
            self._form["fields"].append(self._select)
        elif (
            tag == "option"
            and self._select is not None
            and (self._select[1] is None or "selected" in a)
        ):
            self._select[1] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            if self._select is not None and self._select[1] is None:
                self._select[1] = ""
            self._select = None


def parse_forms(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms


class Browser:
    """One simulated user's cookies and requests (a new connection per request)."""

    def __init__(self, port, record):
        self.port = port
        self.cookies = {}
        self.record = record

    def request(self, kind, method, path, data=None, expect=(200,)):
        headers = {"User-Agent": "tracker-load-test", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        status, text, error, location = None, "", "", ""
        try:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                raw = response.read()
                status = response.status
                location = response.getheader("Location", "")
                for header in response.headers.get_all("Set-Cookie") or []:
                    cookie = SimpleCookie()
                    cookie.load(header)
                    for key, morsel in cookie.items():
                        self.cookies[key] = morsel.value
                text = raw.decode("utf-8", "replace")
            finally:
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - started
        if not error and status not in expect:
            error = f"HTTP {status} (expected {'/'.join(map(str, expect))})"
        self.record(Sample(kind, method, path, status, elapsed, error))
        return status, text, location, error

    def csrf_token(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else self.cookies.get("csrftoken", "")


# The simulated users ----------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    method: str
    path: str
    status: int | None
    seconds: float
    error: str
    at: float = field(default_factory=time.perf_counter)


@dataclass
class Save:
    username: str
    area_id: int
    period_path: str
    tag: str
    figures: dict  # measure id -> (value, commentary)
    at: float = field(default_factory=time.perf_counter)


class Run:
    def __init__(self, port, urls, seed, users, ramp):
        self.port = port
        self.urls = urls
        self.deadline = None  # set when every user has signed in and the clock starts
        self.samples = []
        self.saves = []
        self.notes = []
        self.lock = threading.Lock()
        self.seed = seed
        self.users = users
        self.ramp = ramp
        self.signed_in = threading.Semaphore(0)
        self.go = threading.Event()

    def start(self, browser, index, username):
        """Sign in (before the clock, as locust's on_start), wait for the clock, stagger."""
        ok = self.sign_in(browser, username)
        self.signed_in.release()
        self.go.wait()
        time.sleep(self.ramp * index / self.users)
        return ok

    def record(self, sample):
        with self.lock:
            self.samples.append(sample)

    def think(self, rng):
        pause = rng.uniform(*THINK)
        remaining = self.deadline - time.monotonic()
        time.sleep(max(0.0, min(pause, remaining)))

    def running(self):
        return time.monotonic() < self.deadline

    def sign_in(self, browser, username):
        login = self.urls["login"]
        status, html, _, error = browser.request("sign in (form)", "GET", login)
        if error:
            return False
        data = {
            "csrfmiddlewaretoken": browser.csrf_token(html),
            "username": username,
            "password": PASSWORD,
        }
        status, _, location, error = browser.request(
            "sign in (post)", "POST", login, data, expect=(302,)
        )
        return not error and login not in location

    def board_user(self, index, username):
        rng = random.Random(f"{self.seed}:board:{index}")
        browser = Browser(self.port, self.record)
        if not self.start(browser, index, username):
            return
        pages = self.urls["board"]
        weights = [kind_weight for _kind, _paths, kind_weight in pages]
        while self.running():
            self.think(rng)
            if not self.running():
                break
            kind, paths, _ = rng.choices(pages, weights=weights)[0]
            browser.request(kind, "GET", rng.choice(paths))

    def manager_user(self, index, username, area_paths):
        rng = random.Random(f"{self.seed}:manager:{index}")
        browser = Browser(self.port, self.record)
        if not self.start(browser, index, username):
            return
        saves = 0
        while self.running():
            self.think(rng)
            if not self.running():
                break
            if self.urls.get("my_returns"):
                browser.request("my returns", "GET", self.urls["my_returns"])
                self.think(rng)
            if not area_paths or not self.running():
                continue
            area_id, path = area_paths[saves % len(area_paths)]
            status, html, _, error = browser.request("figures form (get)", "GET", path)
            if error:
                continue
            self.think(rng)
            saves += 1
            tag = f"load test {username} save {saves}"
            data, figures = self.figures_post(html, rng, tag)
            if data is None:
                browser.record(Sample("figures form (post)", "POST", path, None, 0.0, "no form"))
                continue
            status, html, location, error = browser.request(
                "figures form (post)", "POST", path, data, expect=(302,)
            )
            if not error:
                with self.lock:
                    self.saves.append(Save(username, area_id, path, tag, figures))
            elif status == 200:  # the form came back: say why, for the report
                errors = re.findall(
                    r'govuk-error-message">\s*(?:<[^>]+>[^<]*</[^>]+>)?([^<]+)', html
                )
                with self.lock:
                    self.notes.append(f"{username}: save refused: {errors[:2]}")

    @staticmethod
    def figures_post(html, rng, tag):
        """The figures form as a browser would submit it, with a new value for every row."""
        forms = [
            f
            for f in parse_forms(html)
            if f["method"].lower() == "post" and any(n.endswith("-value") for n, _ in f["fields"])
        ]
        if not forms:
            return None, None
        fields = forms[0]["fields"]
        data = dict(fields)
        figures = {}
        for name, value in fields:
            if not name.endswith("-measure_id"):
                continue
            prefix = name[: -len("measure_id")]
            number = rng.randint(1, 100)  # whole and 0-100: valid in every unit
            data[prefix + "value"] = str(number)
            data[prefix + "missing_reason"] = ""
            data[prefix + "commentary"] = tag  # also keeps a Red value acceptable
            figures[int(value)] = (number, tag)
        return data, figures


# Setting up and tearing down ------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(database_url, static_root):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        DJANGO_SETTINGS_MODULE="bench.load_settings",  # config.settings, STATIC_ROOT aside
        BENCH_STATIC_ROOT=static_root,
        LOG_LEVEL="WARNING",
    )
    return env


def run_step(title, command, env, check=True):
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
        if check:
            raise SystemExit(f"{title} failed (exit {done.returncode})")
        return None
    print(f"{title}: done in {time.perf_counter() - started:.1f} s", flush=True)
    return done.stdout


def collect_static(python, env):
    """collectstatic as a deployment runs it; on failure, fall back loudly (see load_settings)."""
    command = [python, "manage.py", "collectstatic", "--noinput", "-v0"]
    if run_step("collectstatic", command, env, check=False) is not None:
        return None
    warning = (
        "DEPLOYMENT DEFECT: collectstatic fails with the production static storage (above);"
        " the load test goes on without the hashed manifest (BENCH_STATIC_FALLBACK in"
        " bench/load_settings.py)"
    )
    print(f"WARNING: {warning}", flush=True)
    env["BENCH_STATIC_FALLBACK"] = "1"
    run_step("collectstatic (fallback settings)", command, env)
    return warning


def wait_until_up(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/accounts/login/")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within a minute")


def plan_urls(slug):
    """The URLs the users visit, by URL name (names not built yet are skipped)."""
    from django.urls import NoReverseMatch, reverse

    from bench.generate import AREAS
    from improvement.models import Plan
    from measures.models import Measure
    from measures.scorecard import latest_period

    notes = []
    plan = Plan.objects.get(slug=slug)
    areas = list(plan.areas.order_by("order").values_list("pk", flat=True))
    measures = list(Measure.objects.filter(area__plan=plan).values_list("pk", flat=True))

    def url(name, *args, query=""):
        try:
            return reverse(name, args=args) + (f"?{query}" if query else "")
        except NoReverseMatch:
            return None

    board = [
        ("RAG at a glance", [url("dashboard:at_a_glance", slug)], 4),
        ("area scorecard", [url("dashboard:scorecard", slug, a) for a in areas], 4),
        ("measure page", [url("dashboard:measure", slug, m) for m in measures[::7]], 4),
        ("action tracker", [url("dashboard:tracker", slug)], 2),
        (
            "action tracker, filtered",
            [url("dashboard:tracker", slug, query=f"area={a}&status=in_progress") for a in areas],
            2,
        ),
        ("recommendations", [url("dashboard:recommendations", slug)], 2),
        ("board pack", [url("dashboard:board_pack", slug)], 1),
    ]
    kept = []
    for kind, paths, weight in board:
        paths = [p for p in paths if p]
        if paths:
            kept.append((kind, paths, weight))
        else:
            notes.append(f"board page left out (no URL name yet): {kind}")
    period = latest_period(plan)
    urls = {"login": reverse("login"), "board": kept, "my_returns": url("returns:my_returns", slug)}
    if not urls["my_returns"]:
        notes.append("My returns left out (no URL named returns:my_returns yet)")
    figures = {}
    try:
        from returns.selectors import current_period

        period = current_period(plan)
    except ImportError:
        pass
    for area_id in areas:
        path = url("returns:figures", slug, period, area_id)
        if path:
            figures[area_id] = path
    if not figures:
        notes.append(
            "monthly figures form left out (no URL named returns:figures yet): "
            "managers only read pages, nothing is saved"
        )
    assert len(areas) == AREAS
    return urls, figures, period, notes


def percentile(values, pct):
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[max(0, -(-len(ordered) * pct // 100) - 1)]


def report(run, elapsed, users):
    samples = run.samples
    if not samples:
        return "(no requests were made)", "no requests", [], float("inf")
    lines = []
    kinds = sorted({s.kind for s in samples})
    header = f"| {'request':<26} | {'count':>6} | {'errors':>6} | {'p50 ms':>7} | {'p95 ms':>7} |"
    lines += [header, "|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|"]

    def row(label, group):
        times = [s.seconds * 1000 for s in group]
        errors = sum(1 for s in group if s.error)
        return (
            f"| {label:<26} | {len(group):>6} | {errors:>6} |"
            f" {statistics.median(times):>7.0f} | {percentile(times, 95):>7.0f} |"
        )

    for kind in kinds:
        lines.append(row(kind, [s for s in samples if s.kind == kind]))
    load = [s for s in samples if not s.kind.startswith("sign")]
    lines.append(row("the load (all but sign-in)", load))
    lines.append(row("all requests", samples))
    errors = [s for s in samples if s.error]
    times = [s.seconds for s in load] or [0.0]
    p50, p95 = statistics.median(times), percentile(times, 95)
    summary = (
        f"{users} users for {elapsed:.0f} s: {len(load)} requests, {len(load) / elapsed:.1f}"
        f" requests/s, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, {len(errors)} errors"
        f" (signing in, before the clock: {len(samples) - len(load)} requests)"
    )
    return "\n".join(lines), summary, errors, p95


def verify_saves(run, period):
    """Every figure of every save is in the audit trail; each area ends as last saved."""
    from measures.models import Actual

    problems = []
    historical = Actual.history.model
    for save in run.saves:
        found = dict(
            historical.objects.filter(
                period=period, commentary=save.tag, measure_id__in=list(save.figures)
            ).values_list("measure_id", "value")
        )
        for measure_id, (value, _tag) in save.figures.items():
            if measure_id not in found or found[measure_id] != value:
                problems.append(f"{save.tag}: measure {measure_id} = {value} not in the history")
    last = {}
    for save in sorted(run.saves, key=lambda s: s.at):
        last[save.area_id] = save
    for area_id, save in last.items():
        current = {
            a.measure_id: (a.value, a.commentary)
            for a in Actual.objects.filter(period=period, measure__area_id=area_id)
        }
        for measure_id, (value, tag) in save.figures.items():
            if current.get(measure_id) != (value, tag):
                problems.append(
                    f"area {area_id}: measure {measure_id} is {current.get(measure_id)},"
                    f" last saved as {(value, tag)}"
                )
    figures = sum(len(s.figures) for s in run.saves)
    return figures, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=f"postgres://postgres@{HOST}:5432/tracker_load_{os.getpid()}",
        help="a throwaway PostgreSQL database to create and drop",
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds to start all users")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= MAX_USERS or not 0 < args.duration <= MAX_DURATION:
        raise SystemExit(f"at most {MAX_USERS} users and {MAX_DURATION} seconds")
    if urlsplit(args.database_url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("the load test only runs against a database on this machine")
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    python = ROOT / ".venv" / "bin" / "python"
    if not gunicorn.exists():
        raise SystemExit(f"{gunicorn} not found: run `make install` first")

    database_url, drop_database = create_database(args.database_url)
    static_root = tempfile.mkdtemp(prefix="tracker_load_static_")
    env = server_env(database_url, static_root)
    server = None
    try:
        print(f"Database: {database_url}", flush=True)
        run_step("migrate", [python, "manage.py", "migrate", "--noinput", "-v0"], env)
        out = run_step("county-scale plan", [python, "bench/generate.py", "--plans", "1"], env)
        print("  " + out.strip().splitlines()[0], flush=True)
        static_warning = collect_static(python, env)

        os.environ.update(env)
        import django

        django.setup()
        urls, figures, period, notes = plan_urls("county-01")
        from django.db import connections

        connections.close_all()

        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                gunicorn,
                "config.wsgi",
                "-b",
                f"{HOST}:{port}",
                "-w",
                str(args.workers),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        wait_until_up(port, server)
        print(f"gunicorn: {args.workers} workers on http://{HOST}:{port}/ (pid {server.pid})")
        for note in notes:
            print(f"note: {note}")

        from bench.generate import AREAS, MANAGERS

        owned = AREAS // MANAGERS
        from improvement.models import ServiceArea

        by_manager = {}
        for area_id, username in ServiceArea.managers.through.objects.filter(
            servicearea__plan__slug="county-01"
        ).values_list("servicearea_id", "user__username"):
            by_manager.setdefault(username, []).append(area_id)
        managers = sorted(by_manager)
        connections.close_all()

        n_managers = args.users // 2
        if n_managers > len(managers):
            raise SystemExit(f"at most {2 * len(managers)} users: one manager account each")
        run = Run(port, urls, seed=args.seed, users=args.users, ramp=args.ramp)
        threads = []
        for i in range(args.users):
            if i % 2 == 1 and len(threads) // 2 < n_managers:
                username = managers[i // 2]
                paths = [(a, figures[a]) for a in by_manager[username][:owned] if a in figures]
                target, targs = run.manager_user, (i, username, paths)
            else:
                username = f"county-01-board-{i // 2 % 5 + 1:02d}"
                target, targs = run.board_user, (i, username)
            thread = threading.Thread(target=target, args=targs, daemon=True)
            threads.append(thread)
        print(
            f"Load: {args.users} users ({args.users - n_managers} board members,"
            f" {n_managers} service managers) for {args.duration:.0f} s,"
            f" think time {THINK[0]}-{THINK[1]} s",
            flush=True,
        )
        for thread in threads:
            thread.start()
        signing_in = time.monotonic()
        for _ in threads:  # every user signs in first; sign-ins are timed but not in the load
            if not run.signed_in.acquire(timeout=SIGN_IN_TIMEOUT):
                break
        print(f"  {len(threads)} users signed in in {time.monotonic() - signing_in:.1f} s")
        started = time.monotonic()
        run.deadline = started + args.duration
        run.go.set()
        for thread in threads:
            thread.join(timeout=max(0.0, run.deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)
        elapsed = time.monotonic() - started

        table, summary, errors, p95 = report(run, elapsed, args.users)
        print()
        print(table)
        print()
        print(summary)
        for note in run.notes[:10]:
            print(f"note: {note}")
        for sample in errors[:10]:
            print(f"error: {sample.kind} {sample.method} {sample.path}: {sample.error}")

        figures_saved, problems = verify_saves(run, period)
        connections.close_all()
        if figures:
            print(
                f"Saves: {len(run.saves)} saves of {figures_saved} figures; "
                + ("every one is in the database." if not problems else f"{len(problems)} missing")
            )
            for problem in problems[:10]:
                print(f"  missing: {problem}")
        else:
            print("Saves: none (the monthly figures form does not exist yet): GETs only")
        if static_warning:
            print(f"WARNING: {static_warning}")
        ok = not errors and p95 < P95_TARGET_S and not problems and (run.saves or not figures)
        print(
            f"Targets: no errors, p95 < {P95_TARGET_S * 1000:.0f} ms, every saved figure present:"
            f" {'met' if ok else 'NOT met'}"
        )
        return 0 if ok else 1
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            print("gunicorn stopped")
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not be set up yet
            pass
        shutil.rmtree(static_root, ignore_errors=True)
        if args.keep:
            print(f"Kept the database: {database_url}")
        else:
            drop_database()
            print("Database dropped")


if __name__ == "__main__":
    sys.exit(main())
