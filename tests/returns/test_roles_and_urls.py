"""Every URL of the product, walked with every role: who gets a page, who is sent to sign in,
who is refused.

The URL patterns are read from Django's resolver (through every include), so a URL added
later without a row in RULES fails `test_every_url_has_a_rule`. To add a row, pick one of the
rule constants below or write a Rule(anonymous, board, manager, other_manager, admin).

Roles: anonymous; board member; service manager of the area in the URL ("manager"); service
manager of another area ("other_manager"); admin. Admins are staff (is_staff=True) so that
they can use the Django admin, which requires it: whoever creates an admin account ticks
"Staff status" as well as adding the Admin group.

Outcomes: an HTTP status, LOGIN (302 to our sign-in page), ADMIN_LOGIN (302 to the admin's
sign-in page) or REDIRECT (302 somewhere else).
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from improvement.models import Action, ActionUpdate, Outcome, Plan
from measures.models import Actual, Benchmark, Rebase, Target
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "302 to sign in"
ADMIN_LOGIN = "302 to the admin sign-in"
REDIRECT = "302 elsewhere"
ROLES = ["anonymous", "board", "manager", "other_manager", "admin"]


@dataclass(frozen=True)
class Rule:
    anonymous: object
    board: object
    manager: object
    other_manager: object
    admin: object
    method: str = "GET"  # POST-only endpoints are walked with an empty POST; their GET is 405

    def expected(self, role):
        return getattr(self, role)


# Every role reads the plan.
READER_PAGE = Rule(LOGIN, 200, 200, 200, 200)
# Service managers (any area) and admins: my returns.
MANAGER_PAGE = Rule(LOGIN, 403, 200, 200, 200)
# Pages that change one area: its own managers and admins.
AREA_WRITE_PAGE = Rule(LOGIN, 403, 200, 403, 200)
# Admins only.
ADMIN_PAGE = Rule(LOGIN, 403, 403, 403, 200)
# Admin-only POST endpoints that redirect when done (GET is 405).
ADMIN_POST_REDIRECT = Rule(LOGIN, 403, 403, 403, REDIRECT, method="POST")
# Admin-only POST endpoints that re-show their page with errors when sent nothing (GET is 405).
ADMIN_POST_FORM = Rule(LOGIN, 403, 403, 403, 200, method="POST")
# The live board pack: a preview for admins; the board and managers are sent to the
# published board packs.
ADMIN_PREVIEW = Rule(LOGIN, REDIRECT, REDIRECT, REDIRECT, 200)
# Every signed-in user is sent on to their starting page.
SIGNED_IN_REDIRECT = Rule(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT)
# Spreadsheets (issue 5): admins only; a POST-only endpoint uses ADMIN_POST_REDIRECT/FORM.
SPREADSHEETS_PAGE = ADMIN_PAGE

RULES = {
    # Project
    "home": SIGNED_IN_REDIRECT,
    "plans": Rule(LOGIN, 200, 200, 200, 200),  # the plans each may open
    "login": Rule(200, 200, 200, 200, 200),
    "logout": Rule(405, 405, 405, 405, 405),  # POST only (Django 5); signing out is a form
    # Dashboard (issue 3): every role reads every page.
    "dashboard:at_a_glance": READER_PAGE,
    "dashboard:scorecard": READER_PAGE,
    "dashboard:measure": READER_PAGE,
    "dashboard:measure_figures_csv": READER_PAGE,
    "dashboard:measure_figures_xlsx": READER_PAGE,
    "returns:rebase_new": ADMIN_PAGE,  # marking a change in process: admins only
    "returns:rebase_edit": ADMIN_PAGE,
    "returns:rebase_remove": ADMIN_PAGE,  # GET asks to confirm; POST removes
    "returns:rebase_history": READER_PAGE,
    "dashboard:tracker": READER_PAGE,
    "dashboard:recommendations": READER_PAGE,
    "dashboard:board_pack": ADMIN_PREVIEW,
    "dashboard:board_pack_xlsx": READER_PAGE,
    # Monthly returns (issue 4)
    "returns:my_returns": MANAGER_PAGE,
    "returns:status": ADMIN_PAGE,
    "returns:reminders": ADMIN_PAGE,  # GET: who would be reminded; POST sends
    "returns:figures": AREA_WRITE_PAGE,
    "returns:report": AREA_WRITE_PAGE,
    "returns:report_return": ADMIN_POST_FORM,  # POST only: GET is 405
    "returns:report_history": READER_PAGE,
    "returns:action_update": AREA_WRITE_PAGE,
    "returns:action_history": READER_PAGE,
    "returns:measure_history": READER_PAGE,
    "returns:periods": ADMIN_PAGE,
    "returns:period_lock": ADMIN_POST_REDIRECT,  # POST only: GET is 405
    "returns:period_unlock": ADMIN_POST_REDIRECT,  # POST only: GET is 405
    # Spreadsheets (issue 5); the sample batch is one already imported.
    "spreadsheets:home": SPREADSHEETS_PAGE,
    "spreadsheets:template": SPREADSHEETS_PAGE,
    "spreadsheets:export": SPREADSHEETS_PAGE,
    "spreadsheets:upload": Rule(LOGIN, 403, 403, 403, 400, method="POST"),  # no file: 400
    "spreadsheets:mapping": Rule(LOGIN, 403, 403, 403, REDIRECT),  # imported: to its preview
    "spreadsheets:preview": SPREADSHEETS_PAGE,
    "spreadsheets:problems": SPREADSHEETS_PAGE,  # the preview's errors and warnings, .xlsx
    "spreadsheets:confirm": ADMIN_POST_REDIRECT,  # POST only: GET is 405
    # Published board packs (issue 15): everyone reads them; admins publish.
    "packs:list": READER_PAGE,
    "packs:publish": Rule(LOGIN, 403, 403, 403, 400, method="POST"),  # nothing sent: 400
    "packs:download": READER_PAGE,
    # Published statistics (issue 13): admins only.
    "comparators:upload": ADMIN_PAGE,
    "comparators:load_detail": ADMIN_PAGE,
}

# Written by the catalogue and by loading files: the admin shows them, nobody edits them.
COMPARATORS_READ_ONLY = ("place", "neighbour", "load", "publishedfigure", "figurechange")


def admin_site_rule(name):
    """The Django admin: staff only; everyone else is sent to the admin's sign-in page.

    Our admins hold every permission on the plan's models and on users, and may only view
    groups (roles are set up by migration), so adding, changing or deleting a group is 403.
    """
    if name == "admin:login":
        return Rule(200, 200, 200, 200, REDIRECT)  # signed-in staff go straight to the index
    if name == "admin:logout":
        # POST only for staff; the admin sends anyone else to its index (and so to sign in).
        return Rule(REDIRECT, REDIRECT, REDIRECT, REDIRECT, 405)
    if name == "admin:view_on_site":
        return Rule(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT)
    if name == "admin:autocomplete":
        return Rule(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403)  # needs a query
    if name == "admin:spreadsheets_importbatch_add":
        return Rule(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403)  # imports upload
    model = name.removeprefix("admin:comparators_").rsplit("_", 1)[0]
    read_only = name.startswith("admin:comparators_") and model in COMPARATORS_READ_ONLY
    if read_only and name.endswith(("_add", "_delete")):
        return Rule(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403)
    if name in {"admin:packs_publishedpack_add", "admin:packs_publishedpack_delete"}:
        return Rule(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403)  # kept as sent
    if name in {"admin:auth_group_add", "admin:auth_group_delete"}:
        return Rule(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403)
    if name.startswith("admin:axes_") and name.endswith("_add"):
        # Sign-in lockouts (django-axes): admins see and clear them; nobody adds one by hand.
        return Rule(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403)
    return Rule(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)


def rule_for(name):
    if name.startswith("admin:"):
        return admin_site_rule(name)
    return RULES.get(name)


# Walking the URL configuration -------------------------------------------------------


def url_patterns(resolver=None, namespace="", params=()):
    """(qualified name or None, [kwarg names], pattern, namespace) through every include."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        names = [*params, *_pattern_params(pattern)]
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, ns, names)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, names, pattern, namespace


def _pattern_params(pattern):
    """Kwarg names; unnamed regex groups (positional args) come back as "#0", "#1"..."""
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return list(converters)
    regex = pattern.pattern.regex
    if regex.groupindex:
        return list(regex.groupindex)
    return [f"#{i}" for i in range(regex.groups)]


def named_urls():
    seen = {}
    for name, params, _, _ in url_patterns():
        if name:
            seen.setdefault(name, params)
    return seen


def test_every_url_has_a_rule():
    missing = sorted(name for name in named_urls() if rule_for(name) is None)
    assert not missing, f"URLs without a rule in RULES (add one): {missing}"


def test_every_url_outside_the_admin_has_a_name():
    # The Django admin's few unnamed patterns (old-style redirects, its catch-all) are its own.
    unnamed = [
        str(pattern.pattern)
        for name, _, pattern, namespace in url_patterns()
        if name is None and not namespace.startswith("admin:")
    ]
    assert not unnamed, f"Name these URL patterns so the role walk can test them: {unnamed}"


def test_the_table_names_no_url_that_does_not_exist():
    stale = sorted(set(RULES) - set(named_urls()))
    assert not stale, f"RULES names URLs that no longer exist: {stale}"


# Sample data ---------------------------------------------------------------------------


@pytest.fixture
def world(plan, periods, area, other_area, admin_user, board_user, manager_user):
    """One of everything, so that every URL can be built and every admin page opened."""
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    period = periods[2]
    other_manager = factories.make_manager("manager2", areas=[other_area])
    recommendation = factories.make_recommendation(plan, reference="1")
    measure = factories.make_measure(area, "Assessments in 45 days", target=80)
    factories.make_benchmark(measure, "national", 75)
    actual = factories.make_actual(measure, period, 82)
    action = factories.make_action(area, "Audit supervision", reference="1.1")
    outcome = Outcome.objects.create(area=area, title="Children are safe")
    update = ActionUpdate.objects.create(action=action, period=period, status="in_progress")
    report = factories.make_report(area, period, status="submitted", current_rag="green")
    rebase = Rebase.objects.create(
        measure=measure, period=period, reason="New front door", created_by=admin_user
    )
    batch = apps.get_model("spreadsheets", "ImportBatch").objects.create(
        plan=plan,
        kind="actuals",
        file_name="figures.xlsx",
        status="imported",
        uploaded_by=admin_user,
    )
    comparators_load = _published_figures(admin_user)
    pack = apps.get_model("packs", "PublishedPack").objects.create(
        plan=plan, period=period, meeting="Improvement Board", pdf=b"%PDF-1.7", xlsx=b"PK"
    )
    for model_name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):  # django-axes
        extra = {"get_data": "", "post_data": "", "failures_since_start": 1}
        apps.get_model("axes", model_name).objects.create(
            username="someone",
            ip_address="127.0.0.1",
            user_agent="test",
            **(extra if model_name == "AccessAttempt" else {}),
        )
    objects = {
        "plan": plan,
        "period": period,
        "area": area,
        "measure": measure,
        "actual": actual,
        "action": action,
        "outcome": outcome,
        "update": update,
        "report": report,
        "recommendation": recommendation,
        "batch": batch,
        "rebase": rebase,
        "load": comparators_load,
        "pack": pack,
    }
    users = {
        "board": board_user,
        "manager": manager_user,
        "other_manager": other_manager,
        "admin": admin_user,
    }
    return objects, users


def _published_figures(user):
    """The catalogue (a transactional test may have flushed it), a load, a figure it
    replaced."""
    from comparators.catalogue.sync import sync_catalogue
    from comparators.models import FigureChange, Indicator, Load, Place, PublishedFigure

    sync_catalogue()
    load = Load.objects.create(file_name="c1.csv", kind="open data", sha256="0", loaded_by=user)
    figure = PublishedFigure.objects.create(
        indicator=Indicator.objects.get(code="ReReferral"),
        place=Place.objects.get(code="852"),
        year="2025",
        year_end=2025,
        value=20.2,
        load=load,
    )
    FigureChange.objects.create(figure=figure, load=load, old_value=21, new_value=20.2)
    return load


def url_for(name, params, objects):
    kwargs = sample_kwargs(name, params, objects)
    positional = [value for key, value in kwargs.items() if key.startswith("#")]
    if positional:
        return reverse(name, args=positional)
    return reverse(name, kwargs=kwargs)


def sample_kwargs(name, params, objects):
    """Sample values for a URL's kwargs: the area in the URL is the manager's own area."""
    o = objects
    samples = {
        "plan_slug": o["plan"].slug,
        "period": o["period"].month,
        "area_id": o["area"].pk,
        "measure_id": o["measure"].pk,
        "action_id": o["action"].pk,
        "recommendation_id": o["recommendation"].pk,
        "report_id": o["report"].pk,
        "period_id": o["period"].pk,
        "outcome_id": o["outcome"].pk,
        "batch_id": o["batch"].pk,
        "rebase_id": o["rebase"].pk,
        "load_id": o["load"].pk if "load" in o else 0,
        "pack_id": o["pack"].pk if "pack" in o else 0,
        "kind": "pdf",
        "year": 2020,
        "month": 3,
    }
    if name.startswith("admin:"):
        samples.update(_admin_samples(name, objects))
    kwargs = {}
    for param in params:
        assert param in samples, (
            f"No sample value for the kwarg {param!r} of {name}: add one to sample_kwargs()"
        )
        kwargs[param] = samples[param]
    return kwargs


def _admin_samples(name, objects):
    """object_id / history_id / app_label for the Django admin's URLs, from the URL name."""
    samples = {"app_label": "improvement"}
    # "View on site" for a plan: it has a page of its own (the dashboard).
    content_type = ContentType.objects.get_for_model(Plan)
    samples.update(content_type_id=content_type.pk, object_id=objects["plan"].pk)
    model = _admin_model(name)
    if model is not None:
        instance = model.objects.order_by("pk").first()
        assert instance is not None, f"Create a sample {model.__name__} in the world fixture"
        samples.update(object_id=instance.pk, id=instance.pk)
        if hasattr(model, "history"):
            record = model.history.filter(id=instance.pk).first()
            samples["history_id"] = record.history_id if record else 0
            # simple_history's "<object_id>/history/<history_id>/" uses unnamed groups.
            samples["#0"], samples["#1"] = instance.pk, samples["history_id"]
    return samples


def _admin_model(name):
    from django.contrib import admin

    short = name.removeprefix("admin:")
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if short.startswith(prefix):
            return model
    return None


@dataclass
class _Plan:
    slug: str


# The walk ------------------------------------------------------------------------------


def _outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
        return REDIRECT
    return response.status_code


def _sign_in(client, role, users):
    client.logout()
    if role != "anonymous":
        client.force_login(users[role])


def _samples_made(world):
    objects, _ = world
    # Objects for the admin's pages of every registered model.
    Target.objects.get_or_create(
        measure=objects["measure"], effective_from=datetime.date(2020, 1, 1), defaults={"value": 80}
    )
    assert Actual.objects.exists() and Benchmark.objects.exists() and Action.objects.exists()
    assert Group.objects.exists() and User.objects.exists()
    return objects


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says_at_every_url(client, world, role):
    objects = _samples_made(world)
    _, users = world
    wrong = []
    for name, params in sorted(named_urls().items()):
        rule = rule_for(name)
        if rule is None:
            continue  # reported by test_every_url_has_a_rule
        url = url_for(name, params, objects)
        _sign_in(client, role, users)
        response = client.post(url) if rule.method == "POST" else client.get(url)
        got, expected = _outcome(response), rule.expected(role)
        if got != expected:
            wrong.append(f"{name} {rule.method} {url}: expected {expected}, got {got}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_post_only_endpoints_refuse_get(client, world):
    objects = _samples_made(world)
    _, users = world
    client.force_login(users["admin"])
    for name, params in named_urls().items():
        rule = rule_for(name)
        if rule and rule.method == "POST":
            url = url_for(name, params, objects)
            assert client.get(url).status_code == 405, name


def test_an_unknown_plan_is_not_found_at_every_url_of_a_plan(client, world):
    objects, users = world
    client.force_login(users["admin"])
    wrong = []
    for name, params in sorted(named_urls().items()):
        if "plan_slug" not in params:
            continue
        url = url_for(name, params, objects | {"plan": _Plan("no-such-plan")})
        method = rule_for(name).method if rule_for(name) else "GET"
        response = client.post(url) if method == "POST" else client.get(url)
        if response.status_code != 404:
            wrong.append(f"{name}: {url} gave {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_records_of_another_plan_are_not_found_through_this_plan(client, world):
    objects, users = world
    other_plan = factories.make_plan(slug="another-plan")
    other_period = factories.make_periods(other_plan, first=datetime.date(2020, 3, 1), count=1)[0]
    stranger_area = factories.make_area(other_plan, name="Elsewhere")
    foreign = dict(objects) | {
        "area": stranger_area,
        "measure": factories.make_measure(stranger_area),
        "action": factories.make_action(stranger_area),
        "report": factories.make_report(stranger_area, other_period),
    }
    foreign_ids = {"area_id", "measure_id", "action_id", "report_id"}
    client.force_login(users["admin"])
    wrong = []
    for name, params in sorted(named_urls().items()):
        if "plan_slug" not in params or not foreign_ids & set(params):
            continue
        url = url_for(name, params, foreign)
        method = rule_for(name).method if rule_for(name) else "GET"
        response = client.post(url) if method == "POST" else client.get(url)
        if response.status_code != 404:
            wrong.append(f"{name}: {url} gave {response.status_code}")
    assert not wrong, "\n".join(wrong)


# Two plans, each for its own people ----------------------------------------------------


def _plan_objects(plan, admin):
    """One of each record a URL of the plan names, in this plan."""
    period = factories.make_periods(plan, first=datetime.date(2020, 1, 1), count=3)[2]
    area = factories.make_area(plan, name="Early Help", order=1)
    measure = factories.make_measure(area, "Assessments in 45 days", target=80)
    action = factories.make_action(area, "Audit supervision", reference="1.1")
    batch = apps.get_model("spreadsheets", "ImportBatch").objects.create(
        plan=plan, kind="actuals", file_name="f.xlsx", status="imported", uploaded_by=admin
    )
    return {
        "plan": plan,
        "period": period,
        "area": area,
        "measure": measure,
        "action": action,
        "outcome": Outcome.objects.create(area=area, title="Children are safe"),
        "report": factories.make_report(area, period, status="submitted", current_rag="green"),
        "recommendation": factories.make_recommendation(plan, reference="1"),
        "batch": batch,
        "rebase": Rebase.objects.create(measure=measure, period=period, reason="New service"),
        "pack": apps.get_model("packs", "PublishedPack").objects.create(
            plan=plan, period=period, meeting="Board", pdf=b"%PDF-1.7", xlsx=b"PK"
        ),
    }


@pytest.fixture
def two_plans(db):
    """Two councils' plans, each with its admin, board member and the manager of its area
    (and a manager of nothing there)."""
    worlds = {}
    for key in ("north", "south"):
        plan = factories.make_plan(slug=f"{key}-plan", organisation=f"{key.title()}shire")
        admin = factories.make_admin(f"{key}-admin", plans=[plan])
        objects = _plan_objects(plan, admin)
        users = {
            "board": factories.make_board_member(f"{key}-board", plans=[plan]),
            "manager": factories.make_manager(f"{key}-manager", areas=[objects["area"]]),
            "admin": admin,
        }
        worlds[key] = (objects, users)
    return worlds


def plan_urls(objects):
    """(name, rule, url) for every URL that takes a plan (read from the resolver, so a page
    added later is walked too)."""
    for name, params in sorted(named_urls().items()):
        if "plan_slug" in params:
            yield name, rule_for(name), url_for(name, params, objects)


def _walk(client, user, objects):
    client.logout()
    client.force_login(user)
    for name, rule, url in plan_urls(objects):
        method = rule.method if rule else "GET"
        response = client.post(url) if method == "POST" else client.get(url)
        yield name, rule, url, _outcome(response)


@pytest.mark.parametrize("role", ["board", "manager", "admin"])
def test_each_user_gets_their_own_plans_pages_and_not_found_on_the_others(client, two_plans, role):
    wrong = []
    for mine, theirs in (("north", "south"), ("south", "north")):
        objects, users = two_plans[mine]
        for name, rule, url, got in _walk(client, users[role], objects):
            if got != rule.expected(role):
                wrong.append(f"{mine} {role} on own {name} {url}: {got}, not {rule.expected(role)}")
        other_objects, _ = two_plans[theirs]
        for name, _rule, url, got in _walk(client, users[role], other_objects):
            if got != 404:
                wrong.append(f"{mine} {role} on {theirs}'s {name} {url}: {got}, not 404")
    assert not wrong, "\n".join(wrong)


def test_a_superuser_reads_every_plan(client, two_plans):
    root = User.objects.create_superuser("root", "root@example.org", factories.PASSWORD)
    for key in two_plans:
        objects, _ = two_plans[key]
        client.force_login(root)
        for name, rule, url, got in _walk(client, root, objects):
            if rule is READER_PAGE:
                assert got == 200, f"{name} {url}"


def test_a_plans_page_of_another_plan_looks_like_one_that_does_not_exist(client, two_plans):
    """The 404 of another council's plan is the 404 of no plan: nothing tells them apart."""
    north, users = two_plans["north"]
    client.force_login(users["board"])
    south_slug = two_plans["south"][0]["plan"].slug
    theirs = client.get(reverse("dashboard:at_a_glance", args=[south_slug]))
    nobodys = client.get(reverse("dashboard:at_a_glance", args=["no-such-plan"]))
    assert theirs.status_code == nobodys.status_code == 404
    page = theirs.content.decode()
    assert "Southshire" not in page

    def masked(content, slug):
        return re.sub(r'value="[^"]+"', "", content.decode().replace(slug, "X"))  # CSRF token

    assert masked(theirs.content, south_slug) == masked(nobodys.content, "no-such-plan")
