"""What the page benchmark measures: each kind of page, the baseline views, their URLs."""

import sys
import types
from dataclasses import dataclass

BENCH_URLCONF = "bench_pages_urls"
BASELINE = "baseline"
SIGNED_IN_BASELINE = "baseline, signed in"
MEDIAN_TARGET_MS = 100.0  # every page at county scale, but for those given their own


@dataclass
class Page:
    label: str
    url_name: str
    role: str  # "admin", "board" or "manager"
    args: object  # callable(ctx) -> list of positional args
    query: object = None  # callable(ctx) -> query string, or None
    target_ms: float = MEDIAN_TARGET_MS

    @property
    def is_baseline(self):
        return self.url_name.startswith("bench_")


def page_kinds():
    """Every kind of page measured, by URL name: those not built are skipped with a note."""

    def plan(ctx):
        return [ctx.plan.slug]

    def area_return(ctx):
        return [ctx.plan.slug, ctx.period, ctx.manager_area.pk]

    return [
        Page(BASELINE, "bench_baseline", "board", plan),
        Page(SIGNED_IN_BASELINE, "bench_baseline_signed_in", "board", plan),
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
        Page("board pack", "dashboard:board_pack", "admin", plan, target_ms=600.0),
        Page("board pack xlsx", "dashboard:board_pack_xlsx", "board", plan, target_ms=300.0),
        Page("my returns", "returns:my_returns", "manager", plan),
        Page("monthly figures form", "returns:figures", "manager", area_return),
        Page("exception report form", "returns:report", "manager", area_return),
        Page("periods", "returns:periods", "admin", plan),
        Page("returns status", "returns:status", "admin", plan),
        Page("import and export", "spreadsheets:home", "admin", plan),
        Page("Django admin index", "admin:index", "admin", lambda ctx: []),
    ]


def build_urlconf():
    """The product's URLs plus the two baseline views, as a module to set as ROOT_URLCONF.

    The baseline runs one query (the plan by its slug) and returns a tiny response, through
    the product's own middleware and URL resolver: the floor every page is compared with.
    The signed-in baseline is the same behind the decorator every page uses (the session,
    the user and their roles read too)."""
    from django.http import HttpResponse
    from django.urls import path
    from django.utils.html import escape

    from config.urls import urlpatterns as product
    from improvement.models import Plan
    from improvement.roles import reader_required

    def baseline(request, plan_slug):
        plan = Plan.objects.get(slug=plan_slug)
        return HttpResponse(f"<!doctype html><title>Baseline</title><p>{escape(plan.title)}</p>")

    module = types.ModuleType(BENCH_URLCONF)
    module.urlpatterns = [
        path("bench-baseline/<slug:plan_slug>/", baseline, name="bench_baseline"),
        path(
            "bench-baseline/<slug:plan_slug>/signed-in/",
            reader_required(baseline),
            name="bench_baseline_signed_in",
        ),
        *product,
    ]
    sys.modules[BENCH_URLCONF] = module


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
    """The plan under test, the things its pages are addressed by, and who reads them."""

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

    def signed_in_clients(self):
        """A test Client per role, signed in (force_login) as this plan's user of that role."""
        from django.test import Client

        clients = {}
        for role, user in self.users.items():
            client = Client()
            client.force_login(user)
            clients[role] = client
        return clients


def resolve_pages(ctx, names):
    """(page, url) for each page whose URL name exists; notes for those skipped."""
    from django.urls import NoReverseMatch, reverse

    pages, notes = [], []
    for page in page_kinds():
        if page.url_name not in names:
            notes.append(f"skipped {page.label}: no URL named {page.url_name}")
            continue
        try:
            url = reverse(page.url_name, args=page.args(ctx), urlconf=BENCH_URLCONF)
        except NoReverseMatch:
            notes.append(f"skipped {page.label}: {page.url_name} takes other arguments")
            continue
        if page.query:
            url += "?" + page.query(ctx)
        pages.append((page, url))
    known = {p.url_name for p in page_kinds()}
    for name in sorted(names):
        if name.split(":")[0] in {"dashboard", "returns", "spreadsheets"} and name not in known:
            notes.append(f"not benchmarked (not a page kind here): {name}")
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
        if page.is_baseline or any(text in page.label.lower() for text in wanted)
    ]
