"""Load test: simulated people on PostgreSQL under gunicorn, alone and behind nginx.

    .venv/bin/python bench/load_test.py            # 50 users, 120 s, both modes, capacity
    .venv/bin/python bench/load_test.py --quick    # 8 users, 20 s, capacity 8 and 16 users
    .venv/bin/python bench/load_test.py --modes gunicorn --capacity none --users 20

All on loopback (127.0.0.1), bounded in users and time:

1. Creates a fresh PostgreSQL database (tracker_load_<pid>, or --database-url: dropped
   first if it exists, so name a throwaway one), migrates it, generates as many
   county-scale plans as the most users of any run need (twenty users a plan,
   bench/load_users.py) and runs collectstatic into a temporary folder.
2. Mode "gunicorn": one `gunicorn config.wsgi -w 3` with production settings
   (bench/load_servers.py). Mode "nginx": Debian's nginx on a loopback port, with the
   configuration kept in bench/nginx.conf, in front of two gunicorn instances on two
   other ports sharing the one database; then a figure saved through each instance is
   read straight from the other's port, at once.
3. Each run's users sign in through the login form before its clock starts (signing in
   is deliberately slow password hashing, once a session; sessions are in the database,
   so later runs use them again), then board members, service managers and admins go
   about their work (bench/load_users.py), waiting 1-3 s between requests, for --duration.
4. Reports, per run, each kind of request (count, errors, p50, p95) and the load's; then
   checks every save: each figure of each save in the audit trail, each area's figures
   in the database as its last save left them.
5. Capacity: runs of --capacity-duration seconds with more and more users (--capacity)
   until p95 passes 1 s (or errors appear): that number of users is the capacity.
6. Stops every server and drops the database, whatever happened.

Targets (on a 2-core machine), for each mode: no errors, p95 under 1 s, every save
present afterwards; and behind nginx, a figure saved through one instance shown at once
by the other. Exit status 0 only when every target is met (capacity is reported, not
judged).
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import create_database, is_loopback, postgres_execute, write_file  # noqa: E402
from bench.generate import BOARD_MEMBERS, PASSWORD  # noqa: E402
from bench.load_checks import (  # noqa: E402
    P95_TARGET_S,
    capacity_table,
    capacity_verdict,
    outcome,
    requests_table,
    shown_at_once,
    verify_saves,
)
from bench.load_http import LOGIN_PATH  # noqa: E402
from bench.load_servers import (  # noqa: E402
    PYTHON,
    Servers,
    collect_static,
    find_nginx,
    run_step,
    server_env,
)
from bench.load_users import Run, SignedIn, people, plan_site, plans_needed  # noqa: E402

MODES = ("gunicorn", "nginx")
DEFAULTS = {"users": 50, "duration": 120.0, "capacity": "10,25,50,75,100,150,200"}
DEFAULTS["capacity_duration"] = 45.0
QUICK = {"users": 8, "duration": 20.0, "capacity": "8,16", "capacity_duration": 15.0}
MAX_USERS = 200
MAX_DURATION = 600
ROLE_NAMES = {"board": "board members", "manager": "service managers", "admin": "admins"}


def warm_up_paths(site, person):
    """The pages a person of this role visits, one of each kind."""
    if person.role == "board":
        return [paths[0] for _kind, paths, _weight in site.board] + [site.board_pack]
    if person.role == "admin":
        return [paths[0] for _kind, paths, _weight in site.admin]
    area_id = site.managers[person.username][0]
    return [site.my_returns, site.figures[area_id], site.reports[area_id]]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=f"postgres://postgres@127.0.0.1:5432/tracker_load_{os.getpid()}",
        help="a throwaway PostgreSQL database on this machine, created and dropped",
    )
    parser.add_argument("--modes", default=",".join(MODES), help="gunicorn, nginx or both")
    parser.add_argument("--users", type=int, help="users in each mode's run (50; quick 8)")
    parser.add_argument("--duration", type=float, help="seconds of each run (120; quick 20)")
    parser.add_argument("--workers", type=int, default=3, help="workers per gunicorn instance")
    parser.add_argument(
        "--capacity",
        help="users at each capacity step, comma-separated, or 'none'"
        f" ({DEFAULTS['capacity']}; quick {QUICK['capacity']})",
    )
    parser.add_argument(
        "--capacity-duration", type=float, help="seconds of each capacity step (45; quick 15)"
    )
    parser.add_argument("--capacity-on", choices=MODES, default="gunicorn")
    parser.add_argument("--quick", action="store_true", help="a short trial of everything")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", help="also write the report to this Markdown file")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    defaults = QUICK if args.quick else DEFAULTS
    for name, default in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, default)
    steps = args.capacity
    args.capacity = [] if steps == "none" else sorted({int(n) for n in steps.split(",")})
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not args.modes or not set(args.modes) <= set(MODES):
        raise SystemExit(f"--modes: one or both of {', '.join(MODES)}")
    if not 1 <= min([args.users, *args.capacity]) <= max([args.users, *args.capacity]) <= MAX_USERS:
        raise SystemExit(f"from 1 to {MAX_USERS} users")
    if not all(0 < s <= MAX_DURATION for s in (args.duration, args.capacity_duration)):
        raise SystemExit(f"more than 0 and at most {MAX_DURATION} seconds a run")
    if not is_loopback(args.database_url):
        raise SystemExit("the load test only runs against a database on this machine")
    wants_nginx = "nginx" in args.modes or (args.capacity and args.capacity_on == "nginx")
    if wants_nginx and not find_nginx():
        raise SystemExit("nginx not found: install Debian's package (apt-get install nginx)")
    return args


class Load:
    """What every run shares: the servers' environment, the plans, the signed-in users."""

    def __init__(self, args, env, sites, report):
        self.args = args
        self.env = env
        self.sites = sites  # slug -> PlanSite
        self.slugs = sorted(sites)
        self.signed_in = SignedIn(LOGIN_PATH, PASSWORD)
        self.report = report  # print and keep a line

    def serve(self, mode, servers):
        """Start the servers of a mode; (the port users go to, the gunicorn ports)."""
        ports = [servers.gunicorn(self.args.workers) for _ in range(1 if mode == "gunicorn" else 2)]
        return (ports[0] if mode == "gunicorn" else servers.nginx(ports)), ports

    def sign_in(self, persons, port):
        """Sign in those not signed in yet, before the clock; their sign-in samples."""
        before = len(self.signed_in.samples)
        started = time.monotonic()
        failed = self.signed_in.ensure(persons, port)
        if failed:
            raise SystemExit(f"could not sign in: {', '.join(failed[:5])}")
        sign_ins = self.signed_in.samples[before:]
        if sign_ins:
            print(f"  {len(sign_ins) // 2} users signed in in {time.monotonic() - started:.1f} s")
        return sign_ins

    def warm_up(self, persons, port, workers):
        """The pages of each role, once per worker, through `port`, untimed, before the
        clock: a new worker reads code and templates on its first requests, as a
        deployment's did long before the board met."""
        started = time.monotonic()
        first_of_role = {p.role: p for p in reversed(persons)}

        def visit(person):
            browser = self.signed_in.browsers[person.slot]
            browser.port, browser.record = port, lambda sample: None
            for path in warm_up_paths(self.sites[person.plan], person):
                browser.request("warm-up", "GET", path)

        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(visit, list(first_of_role.values()) * workers))
        print(f"  servers warmed up in {time.monotonic() - started:.1f} s", flush=True)

    def run(self, name, users, duration, port, warm=0):
        """Sign in and warm up (before the clock), run, check the saves;
        (Outcome, Run, sign-in samples)."""
        from django.db import connections

        persons = people(users, self.slugs, BOARD_MEMBERS)
        sign_ins = self.sign_in(persons, port)
        if warm:  # the number of workers behind `port`
            self.warm_up(persons, port, warm)
        roles = {role: sum(p.role == role for p in persons) for role in ROLE_NAMES}
        print(
            f"{name}: {users} users ("
            + ", ".join(f"{n} {ROLE_NAMES[role]}" for role, n in roles.items())
            + f") for {duration:.0f} s",
            flush=True,
        )
        run = Run(name, self.sites, self.args.seed, duration)
        result = outcome(run, users, run.go(persons, self.signed_in.browsers, port))
        result.problems = verify_saves(run.saves)
        connections.close_all()
        return result, run, sign_ins

    def show(self, result, run, sign_ins):
        self.report(f"\n### {result.name}\n\n{requests_table(run.samples, sign_ins)}\n")
        for note in run.notes[:10]:
            self.report(f"note: {note}")
        for sample in [s for s in run.samples if s.error][:10]:
            self.report(f"error: {sample.kind} {sample.method} {sample.path}: {sample.error}")
        for problem in result.problems[:10]:
            self.report(f"problem: {problem}")
        self.report(result.summary())

    def mode(self, mode):
        """One mode's run (and, behind nginx, the check across instances)."""
        with Servers(self.env) as servers:
            port, instances = self.serve(mode, servers)
            workers = self.args.workers * len(instances)
            result, run, sign_ins = self.run(
                mode, self.args.users, self.args.duration, port, warm=workers
            )
            across = self.across_instances(instances) if mode == "nginx" else None
            result.problems += across or []
            self.show(result, run, sign_ins)
            if across is not None:
                shown = "every figure shown" if not across else "; ".join(across)
                self.report(f"Saved on one instance, read at once on the other: {shown}")
        return result

    def across_instances(self, ports):
        """A figure saved through one gunicorn instance, read at once from the other's port."""
        from django.urls import reverse

        persons = people(self.args.users, self.slugs, BOARD_MEMBERS)
        person = next((p for p in persons if p.role == "manager"), None)
        if person is None:
            return ["no service manager among the users: nothing saved across instances"]
        site = self.sites[person.plan]
        area_id = site.managers[person.username][0]
        browser = self.signed_in.browsers[person.slot]
        browser.record = lambda sample: None
        return shown_at_once(
            browser,
            site.figures[area_id],
            lambda measure_id: reverse("dashboard:measure", args=[person.plan, measure_id]),
            ports,
            self.args.seed,
        )

    def capacity(self):
        """Steps of more and more users until p95 passes 1 s; the steps' outcomes."""
        outcomes = []
        with Servers(self.env) as servers:
            port, instances = self.serve(self.args.capacity_on, servers)
            workers = self.args.workers * len(instances)
            for step, users in enumerate(self.args.capacity):
                name = f"capacity {users}"
                duration = self.args.capacity_duration
                result, _run, _ = self.run(
                    name, users, duration, port, warm=workers if step == 0 else 0
                )
                print(f"  {result.summary()}", flush=True)
                outcomes.append(result)
                if result.errors or result.p95 is None or result.p95 >= P95_TARGET_S:
                    break
        self.report(
            f"\n### Capacity ({self.args.capacity_on}, {self.args.workers} workers an instance,"
            f" {self.args.capacity_duration:.0f} s a step)\n\n{capacity_table(outcomes)}\n"
        )
        self.report(capacity_verdict(outcomes))
        return outcomes


def prepare(args, env):
    """Migrate, generate the plans the most users need, collect static files, set up Django."""
    most = max([args.users, *args.capacity])
    plans = plans_needed(most)
    run_step("migrate", [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    out = run_step(
        f"generate {plans} county-scale plan(s)",
        [PYTHON, "bench/generate.py", "--plans", str(plans)],
        env,
    )
    print("  " + out.strip().splitlines()[0], flush=True)
    postgres_execute(env["DATABASE_URL"], "ANALYZE")
    static_warning = collect_static(env)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    sites = {f"county-{n:02d}": plan_site(f"county-{n:02d}") for n in range(1, plans + 1)}
    connections.close_all()
    return sites, static_warning


def main(argv=None):
    args = parse_args(argv)
    database_url, drop_database = create_database(args.database_url)
    work = Path(tempfile.mkdtemp(prefix="tracker_load_"))
    env = server_env(database_url, work / "static")
    lines = []

    def report(line):
        print(line, flush=True)
        lines.append(line)

    try:
        print(f"Database: {database_url}", flush=True)
        sites, static_warning = prepare(args, env)
        load = Load(args, env, sites, report)
        report(f"## Load test, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs")
        results = [load.mode(mode) for mode in args.modes]
        if args.capacity:
            load.capacity()
        if static_warning:
            report(f"WARNING: {static_warning}")
        ok = all(result.ok for result in results)
        report(
            f"\nTargets (each mode: no errors, p95 < {P95_TARGET_S * 1000:.0f} ms, every save"
            f" present; behind nginx, shown at once across instances): {'met' if ok else 'NOT met'}"
        )
        if args.output:
            write_file(args.output, "\n".join(lines) + "\n")
        return 0 if ok else 1
    finally:
        cleanup(args, database_url, drop_database, work)


def cleanup(args, database_url, drop_database, work):
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: S110 - Django may not be set up yet
        pass
    shutil.rmtree(work, ignore_errors=True)
    if args.keep:
        print(f"Kept the database: {database_url}")
    else:
        drop_database()
        print("Database dropped")


if __name__ == "__main__":
    sys.exit(main())
