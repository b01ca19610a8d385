"""The load test's simulated people: who they are, where they go and what they do.

Every ten users are four board members, five service managers and one admin. Twenty
users share a plan (8 board members on its 5 accounts, its 10 managers on one account
each, its admin twice), so that no two users save the same area's figures; more users
spread over more generated plans, as several councils in a regional partnership would.
Everyone waits 1 to 3 seconds (uniformly) between requests, like people.

- Board members read RAG at a glance, area scorecards, measure pages, the action tracker
  (plain and filtered by area and status) and recommendations, and open the published board packs
  about once every two minutes each.
- Service managers open My returns, then the monthly figures form of one of their areas
  (in turn), then save a new value and commentary for every measure on it: the POST is
  built from the form as served (CSRF token, versions, management form). Now and then
  they open the exception report form too.
- Admins watch Returns status, and now and then the periods page.
"""

import math
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.load_http import Browser, Sample, figures_post, form_errors

THINK = (1.0, 3.0)
PACK_EVERY = 120.0  # seconds: each board member opens the board packs page about this often
REPORT_SHARE = 0.3  # of a manager's rounds that also open the exception report form
PATTERN = "BMBMAMBMBM"  # every ten users: 4 board members, 5 managers, 1 admin
USERS_PER_PLAN = 2 * len(PATTERN)
ROLES = {"B": "board", "M": "manager", "A": "admin"}
SIGN_IN_PARALLEL = 4
JOIN_GRACE = 70  # seconds a user may still be waiting for its last response


@dataclass(frozen=True)
class Person:
    slot: int
    role: str  # "board", "manager" or "admin"
    plan: str  # the plan's slug
    username: str


def plans_needed(users):
    return max(1, math.ceil(users / USERS_PER_PLAN))


def people(count, slugs, board_accounts):
    """The first `count` users, filling each plan's twenty places before the next plan's."""
    found = []
    pattern = PATTERN * 2
    for slot in range(count):
        plan, place = slugs[slot // USERS_PER_PLAN], slot % USERS_PER_PLAN
        letter = pattern[place]
        nth = pattern[:place].count(letter)
        username = {
            "B": f"{plan}-board-{nth % board_accounts + 1:02d}",
            "M": f"{plan}-manager-{nth + 1:02d}",
            "A": f"{plan}-admin",
        }[letter]
        found.append(Person(slot, ROLES[letter], plan, username))
    return found


@dataclass
class PlanSite:
    """Where one plan's users go: paths by kind of page, and who manages which area."""

    board: list  # [(kind, [paths], weight)]
    board_pack: str
    my_returns: str
    figures: dict  # area id -> path of its monthly figures form
    reports: dict  # area id -> path of its exception report form
    admin: list  # [(kind, [paths], weight)]
    period_id: int  # the period the managers are filling in
    managers: dict  # username -> [area ids]


def plan_site(slug):
    """The paths a plan's users visit, reversed from the product's URL names."""
    from django.urls import reverse

    from improvement.models import Plan, ServiceArea
    from measures.models import Measure
    from returns.selectors import current_period

    plan = Plan.objects.get(slug=slug)
    areas = list(plan.areas.order_by("order").values_list("pk", flat=True))
    measures = list(Measure.objects.filter(area__plan=plan).values_list("pk", flat=True))
    period = current_period(plan)
    managers = {}
    for area_id, username in ServiceArea.managers.through.objects.filter(
        servicearea__plan=plan
    ).values_list("servicearea_id", "user__username"):
        managers.setdefault(username, []).append(area_id)

    def url(name, *args, query=""):
        return reverse(name, args=[slug, *args]) + (f"?{query}" if query else "")

    filtered = [url("dashboard:tracker", query=f"area={a}&status=in_progress") for a in areas]
    return PlanSite(
        board=[
            ("RAG at a glance", [url("dashboard:at_a_glance")], 4),
            ("area scorecard", [url("dashboard:scorecard", a) for a in areas], 4),
            ("measure page", [url("dashboard:measure", m) for m in measures[::7]], 4),
            ("action tracker", [url("dashboard:tracker")], 2),
            ("action tracker, filtered", filtered, 2),
            ("recommendations", [url("dashboard:recommendations")], 2),
        ],
        board_pack=url("packs:list"),  # the published packs: the live pack is an admin preview
        my_returns=url("returns:my_returns"),
        figures={a: url("returns:figures", period.month, a) for a in areas},
        reports={a: url("returns:report", period.month, a) for a in areas},
        admin=[
            ("returns status", [url("returns:status")], 3),
            ("periods", [url("returns:periods")], 1),
            ("board pack preview", [url("dashboard:board_pack")], 1),
        ],
        period_id=period.pk,
        managers={name: sorted(ids) for name, ids in managers.items()},
    )


class SignedIn:
    """Browsers signed in once through the login form, before any clock starts, and used
    again by every run: sessions live in the database every server shares."""

    def __init__(self, login_path, password):
        self.login_path = login_path
        self.password = password
        self.browsers = {}  # slot -> Browser
        self.samples = []
        self.lock = threading.Lock()

    def record(self, sample):
        with self.lock:
            self.samples.append(sample)

    def ensure(self, persons, port):
        """Sign in those not signed in yet; returns the usernames that could not."""
        new = [p for p in persons if p.slot not in self.browsers]

        def sign_in(person):
            browser = Browser(person.username, port, self.record)
            return person, browser, browser.sign_in(self.login_path, self.password)

        failed = []
        with ThreadPoolExecutor(SIGN_IN_PARALLEL) as pool:
            for person, browser, ok in pool.map(sign_in, new):
                if ok:
                    self.browsers[person.slot] = browser
                else:
                    failed.append(person.username)
        return failed


@dataclass
class Save:
    username: str
    area_id: int
    period_id: int
    path: str  # of the monthly figures form
    tag: str
    figures: dict = field(default_factory=dict)  # measure id -> (value, commentary)
    at: float = field(default_factory=time.monotonic)


class Run:
    """One load: every person in a thread of their own until the time is up."""

    def __init__(self, name, sites, seed, duration):
        self.name = name
        self.sites = sites  # slug -> PlanSite
        self.seed = seed
        self.duration = duration
        self.deadline = None
        self.samples, self.saves, self.notes = [], [], []
        self.lock = threading.Lock()

    def record(self, sample):
        with self.lock:
            self.samples.append(sample)

    def go(self, persons, browsers, port):
        """Run everyone through the server on `port` for the duration; returns the seconds."""
        threads = []
        for person in persons:
            browser = browsers[person.slot]
            browser.port, browser.record = port, self.record
            rng = random.Random(f"{self.seed}:{self.name}:{person.slot}")
            behaviour = getattr(self, person.role)
            threads.append(threading.Thread(target=behaviour, args=(person, browser, rng)))
        started = time.monotonic()
        self.deadline = started + self.duration
        for thread in threads:
            thread.daemon = True
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.0, self.deadline - time.monotonic()) + JOIN_GRACE)
        return max(self.duration, time.monotonic() - started)

    def pause(self, rng):
        """Think for 1 to 3 s (less if the time is up sooner); True while the run goes on."""
        remaining = self.deadline - time.monotonic()
        time.sleep(max(0.0, min(rng.uniform(*THINK), remaining)))
        return time.monotonic() < self.deadline

    def board(self, person, browser, rng):
        site = self.sites[person.plan]
        weights = [weight for _kind, _paths, weight in site.board]
        next_pack = time.monotonic() + rng.uniform(0, PACK_EVERY)
        time.sleep(rng.uniform(0, THINK[0]))  # not everyone at the same moment
        while self.pause(rng):
            if time.monotonic() >= next_pack:
                browser.request("board packs", "GET", site.board_pack)
                next_pack += rng.uniform(0.75, 1.25) * PACK_EVERY
                continue
            kind, paths, _weight = rng.choices(site.board, weights=weights)[0]
            browser.request(kind, "GET", rng.choice(paths))

    def admin(self, person, browser, rng):
        site = self.sites[person.plan]
        weights = [weight for _kind, _paths, weight in site.admin]
        time.sleep(rng.uniform(0, THINK[0]))
        while self.pause(rng):
            kind, paths, _weight = rng.choices(site.admin, weights=weights)[0]
            browser.request(kind, "GET", rng.choice(paths))

    def manager(self, person, browser, rng):
        site = self.sites[person.plan]
        areas = site.managers[person.username]
        saves = 0
        time.sleep(rng.uniform(0, THINK[0]))
        while self.pause(rng):
            browser.request("my returns", "GET", site.my_returns)
            if not self.pause(rng):
                break
            area_id = areas[saves % len(areas)]
            path = site.figures[area_id]
            _status, html, _, error = browser.request("figures form (get)", "GET", path)
            if error or not self.pause(rng):
                continue
            saves += 1
            tag = f"load test {self.name}: {person.username} save {saves}"
            save = Save(person.username, area_id, site.period_id, path, tag)
            self.save(browser, rng, save, html)
            if rng.random() < REPORT_SHARE and self.pause(rng):
                browser.request("exception report form (get)", "GET", site.reports[area_id])

    def save(self, browser, rng, save, html):
        """POST the figures form as served, every measure given a new value; keep the save."""
        path = save.path
        data, save.figures = figures_post(html, rng, save.tag)
        if data is None:
            browser.record(Sample("figures form (post)", "POST", path, None, 0.0, "no form"))
            return
        status, html, _, error = browser.request(
            "figures form (post)", "POST", path, data, expect=(302,)
        )
        with self.lock:
            if not error:
                save.at = time.monotonic()
                self.saves.append(save)
            elif status == 200:  # the form came back: say why, for the report
                self.notes.append(f"{save.username}: save refused: {form_errors(html)}")
