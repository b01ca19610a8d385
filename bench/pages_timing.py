"""How the page benchmark times pages: the two scales' databases, turn about, with the
baselines timed in turn with each page."""

import gc
import math
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import copy_postgres_database, create_database, median, percentile

MIN_REQUESTS = 5
BLOCKS = 6  # each scale's requests come in this many turns, alternating scales


@dataclass
class Result:
    """One page at one scale."""

    wanted: int
    timings: list = field(default_factory=list)  # seconds
    # baseline label -> seconds: that baseline, timed just before the page in each block
    in_turn: dict = field(default_factory=dict)
    queries: int | None = None
    status: int | None = None
    error: str = ""

    @property
    def median_ms(self):
        return _ms(median(self.timings))

    @property
    def p95_ms(self):
        return _ms(percentile(self.timings, 95))

    def in_turn_ms(self, label):
        return _ms(median(self.in_turn.get(label, [])))


def _ms(seconds):
    return None if seconds is None else seconds * 1000


def fetch(client, url):
    """One request with Django's test Client, the body read as a server would send it."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018 - read the body
    return response


def timed(client, url, count, into):
    """A warm-up request (the first after another URL), then `count` timed ones."""
    fetch(client, url)
    for _ in range(count):
        started = time.perf_counter()
        fetch(client, url)
        into.append(time.perf_counter() - started)


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


def first_look(client, url, result):
    """The page's status and query count; returns the seconds one request takes."""
    result.status = fetch(client, url).status_code
    started = time.perf_counter()
    fetch(client, url)
    cost = time.perf_counter() - started
    result.queries = count_queries(client, url)
    return cost


def measure_page(page, url, scales, dbs, clients, requests, budget, baselines):
    """Time one page at each scale, alternating scales in blocks so drift hits both alike.

    Each baseline in `baselines` ({label: (page, url)}) is timed in each block too, just
    before the page and the same way (a warm-up request, then as many in a row as the page
    gets), so that the page and the baselines it is compared with meet the machine at the
    same moments: a virtual machine's speed drifts by half or more over a run. A page so
    slow that its requests would take more than `budget` seconds gets fewer, in one block."""
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
                if block == 0:
                    cost = first_look(client, url, result)
                    if cost * requests > budget:
                        wanted, blocks = max(MIN_REQUESTS, int(budget / cost)), 1
                take = min(math.ceil(wanted / blocks), wanted - len(result.timings))
                for label, (base_page, base_url) in baselines.items():
                    base_client = clients[scale][base_page.role]
                    timed(base_client, base_url, take, result.in_turn.setdefault(label, []))
                timed(client, url, take, result.timings)
            except Exception as exc:  # a page that fails is reported, not fatal to the run
                result.error = " ".join(f"{type(exc).__name__}: {exc}".split())[:90]
        if blocks == 1:
            break
    return results


def run_pages(pages, scales, dbs, clients, requests, budget, in_turn_labels):
    """Measure every page; {scale: {label: Result}}. One line per page as it goes."""
    results = {scale: {} for scale in scales}
    baselines = {p.label: (p, u) for p, u in pages if p.label in in_turn_labels}
    for page, url in pages:
        paired = {} if page.is_baseline else baselines
        measured = measure_page(page, url, scales, dbs, clients, requests, budget, paired)
        shown = []
        for scale in scales:
            result = measured[scale]
            results[scale][page.label] = result
            shown.append(f"{scale} {result.median_ms:8.1f} ms" if result.timings else result.error)
        status = measured[scales[0]].status
        print(f"  {page.label:<28} {status}  " + "  ".join(shown), flush=True)
    return results


class Databases:
    """The county-scale database and its regional-scale copy, switched between by name."""

    def __init__(self, url):
        self.url, self._drop_county = create_database(url, prefix="tracker_pages_bench_")
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
            self._drop_regional = copy_postgres_database(self.url, county, regional)
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
        """Fresh planner statistics after a bulk load (PostgreSQL)."""
        from django.db import connection

        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def cleanup(self):
        from django.db import connections

        connections.close_all()
        self._drop_regional()
        self._drop_county()
