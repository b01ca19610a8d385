"""The load test's verdicts: request tables, the saves checked in the database, the check
that a figure saved through one instance is shown at once by the other, and capacity."""

import random
from dataclasses import dataclass, field

from bench.common import fmt, markdown_table, median, percentile
from bench.load_http import figures_post, figures_shown

P95_TARGET_S = 1.0
KIND_HEADER = ["request", "count", "errors", "p50 ms", "p95 ms", "max ms"]


@dataclass
class Outcome:
    """What one run measured and how it stands against the targets."""

    name: str
    users: int
    seconds: float
    requests: int = 0
    errors: int = 0
    p50: float | None = None  # seconds
    p95: float | None = None
    saves: int = 0
    figures: int = 0
    problems: list = field(default_factory=list)  # saves not found, cross-instance misses

    @property
    def throughput(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ok(self):
        return (
            self.requests > 0
            and not self.errors
            and self.p95 < P95_TARGET_S
            and self.saves > 0
            and not self.problems
        )

    def summary(self):
        return (
            f"{self.name}: {self.users} users for {self.seconds:.0f} s: {self.requests} requests,"
            f" {self.throughput:.1f}/s, p50 {fmt(ms(self.p50), '{:.0f}')} ms,"
            f" p95 {fmt(ms(self.p95), '{:.0f}')} ms, {self.errors} errors;"
            f" {self.saves} saves of {self.figures} figures,"
            f" {len(self.problems)} problems: targets {'met' if self.ok else 'NOT met'}"
        )


def ms(seconds):
    return None if seconds is None else seconds * 1000


def kind_row(label, samples):
    times = [s.seconds * 1000 for s in samples]
    return [
        label,
        str(len(samples)),
        str(sum(1 for s in samples if s.error)),
        fmt(median(times), "{:.0f}"),
        fmt(percentile(times, 95), "{:.0f}"),
        fmt(max(times, default=None), "{:.0f}"),
    ]


def requests_table(samples, sign_ins=()):
    """A row per kind of request, then the load's; sign-ins (before the clock) apart."""
    kinds = sorted({s.kind for s in samples})
    rows = [kind_row(kind, [s for s in samples if s.kind == kind]) for kind in kinds]
    rows.append(kind_row("**the load**", samples))
    for kind in sorted({s.kind for s in sign_ins}):
        rows.append(kind_row(f"{kind}, before the clock", [s for s in sign_ins if s.kind == kind]))
    return markdown_table(KIND_HEADER, rows)


def outcome(run, users, seconds):
    """The run's figures (saves are checked separately, with verify_saves)."""
    times = [s.seconds for s in run.samples]
    return Outcome(
        name=run.name,
        users=users,
        seconds=seconds,
        requests=len(run.samples),
        errors=sum(1 for s in run.samples if s.error),
        p50=median(times),
        p95=percentile(times, 95),
        saves=len(run.saves),
        figures=sum(len(s.figures) for s in run.saves),
    )


def verify_saves(saves):
    """Every figure of every save is in the audit trail; each area ends as last saved."""
    from measures.models import Actual

    problems = []
    historical = Actual.history.model
    for save in saves:
        found = dict(
            historical.objects.filter(
                period_id=save.period_id, commentary=save.tag, measure_id__in=list(save.figures)
            ).values_list("measure_id", "value")
        )
        for measure_id, (value, _tag) in save.figures.items():
            if found.get(measure_id) != value:
                problems.append(f"{save.tag}: measure {measure_id} = {value} not in the history")
    last = {}
    for save in sorted(saves, key=lambda s: s.at):
        last[save.area_id] = save
    for area_id, save in last.items():
        current = {
            a.measure_id: (a.value, a.commentary)
            for a in Actual.objects.filter(period_id=save.period_id, measure__area_id=area_id)
        }
        for measure_id, figure in save.figures.items():
            if current.get(measure_id) != figure:
                problems.append(
                    f"area {area_id}: measure {measure_id} is {current.get(measure_id)},"
                    f" last saved as {figure}"
                )
    return problems


def shown_at_once(browser, form_path, measure_path, ports, seed):
    """Save the figures form through one instance, then read it straight from the other's
    port, at once (both ways round): every figure must show there, and the measure page
    there must show the commentary. Returns the problems (none when all is well)."""
    problems = []
    for saved_on, read_on in (ports, ports[::-1]):
        tag = f"cross-instance check: saved on :{saved_on}, read on :{read_on}"
        browser.port = saved_on
        _status, html, _, error = browser.request("cross-instance (get)", "GET", form_path)
        data, figures = figures_post(html, random.Random(f"{seed}:{saved_on}"), tag)
        if error or data is None:
            problems.append(f"{tag}: no figures form ({error or 'no form on the page'})")
            continue
        _status, _, _, error = browser.request(
            "cross-instance (post)", "POST", form_path, data, expect=(302,)
        )
        if error:
            problems.append(f"{tag}: the save failed ({error})")
            continue
        browser.port = read_on
        _status, html, _, error = browser.request("cross-instance (read)", "GET", form_path)
        shown = figures_shown(html)
        wrong = [m for m, (value, note) in figures.items() if shown.get(m) != (value, note)]
        if error or wrong:
            problems.append(f"{tag}: {len(wrong)} of {len(figures)} figures not shown {error}")
        _status, html, _, error = browser.request(
            "cross-instance (measure page)", "GET", measure_path(next(iter(figures)))
        )
        if error or tag not in html:
            problems.append(f"{tag}: the measure page does not show the new figure {error}")
    return problems


CAPACITY_HEADER = ["users", "requests", "per s", "p50 ms", "p95 ms", "errors", "saves checked"]


def capacity_table(outcomes):
    rows = [
        [
            str(o.users),
            str(o.requests),
            f"{o.throughput:.1f}",
            fmt(ms(o.p50), "{:.0f}"),
            fmt(ms(o.p95), "{:.0f}"),
            str(o.errors),
            "ok" if not o.problems else f"{len(o.problems)} missing",
        ]
        for o in outcomes
    ]
    return markdown_table(CAPACITY_HEADER, rows, left=(len(CAPACITY_HEADER) - 1,))


def capacity_verdict(outcomes):
    """The first number of users at which p95 passes 1 s (or errors appear)."""
    passed = [o for o in outcomes if o.errors or o.p95 is None or o.p95 >= P95_TARGET_S]
    tried = ", ".join(str(o.users) for o in outcomes)
    if not passed:
        return f"Capacity: p95 stayed under 1 s up to {outcomes[-1].users} users (tried {tried})."
    first = passed[0]
    under = [o.users for o in outcomes if o.users < first.users and o not in passed]
    below = f"; under 1 s at {under[-1]} users" if under else ""
    why = f"p95 {ms(first.p95):.0f} ms" if first.p95 else "no requests"
    if first.errors:
        why += f", {first.errors} errors"
    return f"Capacity: p95 passes 1 s at {first.users} users ({why}){below}."
