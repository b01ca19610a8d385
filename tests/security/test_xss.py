"""Every text a user can type is shown as text, never run as script.

A hostile payload is stored in every user-editable text field of every model (found from the
models themselves, so a field added later is covered), a hostile workbook is uploaded, and then
every page of the product is read back: the pages named in the URL configuration, the
downloads, and the Django admin's pages for every registered model. No page may contain the
payload's markup unescaped; and each field's payload must be seen, escaped, on some page (so
the test really reads what it stored).

Each field gets its own number N so a page shows which field it came from:
    "'><script>alert(N)</script><img src=x onerror=alert(N)>   (fields of 55+ characters)
    "><script>alert(N)</script>                                (shorter fields)
"""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape
from openpyxl import Workbook

from comparators.models import Load
from exceptions.models import ExceptionReport
from improvement.models import (
    Action,
    ActionUpdate,
    Outcome,
    Plan,
    Recommendation,
    ServiceArea,
)
from measures.models import Actual, Benchmark, Measure, Rebase, Target
from packs.models import PublishedPack
from spreadsheets.models import ImportBatch
from tests import factories
from tests.returns.conftest import figures_post

pytestmark = pytest.mark.django_db

# The models whose text users type (in forms, the admin or spreadsheets).
MODELS = [
    Plan,
    Recommendation,
    ServiceArea,
    Outcome,
    Action,
    ActionUpdate,
    Measure,
    Target,
    Actual,
    Benchmark,
    Rebase,
    ExceptionReport,
    ImportBatch,
    User,
]
# Text fields that cannot hold markup: validated by Django or written only by the system.
NOT_FREE_TEXT = {
    (User, "username"),  # letters, digits and @.+-_ only (Django's validator)
    (User, "password"),  # a hash
    (ImportBatch, "mapping"),  # JSON the product writes
}
RAW = re.compile(r"<script>alert\(\d+\)|<img src=x onerror", re.IGNORECASE)
JSON_SCRIPT = re.compile(
    r'<script id="(?P<id>[^"]+)" type="application/json">(?P<body>.*?)</script>', re.DOTALL
)


def payload(number, max_length=None):
    long = f"\"'><script>alert({number})</script><img src=x onerror=alert({number})>"
    if max_length is None or max_length >= len(long):
        return long
    return f'"><script>alert({number})</script>'


def escaped_marker(number):
    """How the payload's script tag reads once escaped for HTML."""
    return f"&lt;script&gt;alert({number})&lt;/script&gt;"


def json_marker(number):
    """How Django's json_script writes the payload as plotly takes it: escaped as HTML
    entities (plotly reads its titles as HTML), then & as a \\u escape."""
    return f"\\u0026lt;script\\u0026gt;alert({number})\\u0026lt;/script\\u0026gt;"


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.URLField | models.EmailField)
        and not field.choices
        and field.editable
        and (model, field.name) not in NOT_FREE_TEXT
    ]


class Payloads:
    """Numbers each (model, field) and fills instances with their payloads."""

    def __init__(self):
        self.numbers = {}

    def fill(self, instance, user=None):
        model = type(instance)
        for field in text_fields(model):
            number = self.numbers.setdefault((model.__name__, field.name), len(self.numbers) + 1)
            setattr(instance, field.name, payload(number, field.max_length))
        if user is not None:
            instance._history_user = user  # django-simple-history: "changed by" this user
        instance.save()
        return instance


# The world -------------------------------------------------------------------------------


def hostile_workbook(number):
    """A council's own layout whose headings and cells are payloads."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Action Plan"
    sheet.append([payload(number)])
    sheet.append(["Recommendation", "Action", "Progress", "Timetable End date", "RAG", "Notes"])
    for row in range(2):
        sheet.append(
            [
                f"{row + 1}. {payload(number + 1)}",
                f"Hostile action {row}: {payload(number + 2)}",
                payload(number + 3),
                datetime.datetime(2020, 9, 1),
                "Amber",
                payload(number + 4),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def world(plan, area, admin_user, manager_user):
    """One of everything, every text field holding its payload."""
    p = Payloads()
    periods = factories.make_periods(plan, first=datetime.date(2020, 1, 1), count=3)
    january, february, march = periods
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    for user in (admin_user, manager_user):
        p.fill(user)
    p.fill(plan, admin_user)
    area.recommendations.add(recommendation := factories.make_recommendation(plan))
    p.fill(recommendation, admin_user)
    p.fill(area, admin_user)
    outcome = p.fill(Outcome(area=area, title="x"), admin_user)
    action = factories.make_action(
        area,
        outcome=outcome,
        target_date=datetime.date(2020, 2, 1),  # overdue, so it is listed as such
        manual_rag="amber",
    )
    action.recommendations.add(recommendation)
    p.fill(action, manager_user)
    update = ActionUpdate(
        action=action,
        period=march,
        status="in_progress",
        author=manager_user,
        evidence_url="https://example.org/evidence",
    )
    p.fill(update, manager_user)
    measure = factories.make_measure(area, target=None, baseline=Decimal("50"))
    p.fill(measure, admin_user)
    target = Target(measure=measure, effective_from=datetime.date(2000, 1, 1), value=80)
    p.fill(target, admin_user)
    for kind in ("sn", "regional", "national"):
        p.fill(Benchmark(measure=measure, kind=kind, year=2019, value=70), admin_user)
    factories.make_actual(measure, january, 70)
    p.fill(Actual(measure=measure, period=february, value=None), manager_user)
    p.fill(Actual(measure=measure, period=march, value=Decimal("75")), manager_user)
    rebase = p.fill(Rebase(measure=measure, period=february, created_by=admin_user), admin_user)
    for period, status in ((february, "submitted"), (march, "returned")):
        report = ExceptionReport(
            area=area,
            period=period,
            status=status,
            previous_rag="green",
            suggested_rag="amber",
            current_rag="red",
        )
        p.fill(report, manager_user)
    imported = ImportBatch(plan=plan, kind="actuals", status="imported", uploaded_by=admin_user)
    p.fill(imported, admin_user)
    return {
        "plan": plan,
        "period": march,
        "area": area,
        "measure": measure,
        "action": action,
        "rebase": rebase,
        "imported_batch": imported,
        "payloads": p,
        "admin": admin_user,
        "manager": manager_user,
    }


@pytest.fixture
def signed_in(client, world):
    client.force_login(world["admin"])
    return client


@pytest.fixture
def hostile_upload(signed_in, world):
    """A council's workbook with payloads in its name, headings and cells, uploaded."""
    number = 900
    upload = io.BytesIO(hostile_workbook(number + 1))
    upload.name = f"{payload(number)}.xlsx"
    response = signed_in.post(
        reverse("spreadsheets:upload", args=[world["plan"].slug]),
        {"kind": "plan", "file": upload},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get(status="uploaded")
    assert batch.kind == "council"
    return batch


# Reading every page back ------------------------------------------------------------------


def named_urls(resolver=None, namespace="", params=()):
    """{qualified name: [kwarg names]} of every named URL outside the Django admin."""
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        names = [*params, *getattr(pattern.pattern, "converters", {})]
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(named_urls(pattern, ns, names))
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.setdefault(f"{namespace}{pattern.name}", names)
    return found


# POST-only endpoints: they show no page of their own (test_csrf.py posts to them).
POST_ONLY = {
    "logout",
    "returns:report_return",
    "returns:period_lock",
    "returns:period_unlock",
    "spreadsheets:upload",
    "spreadsheets:confirm",
    "packs:publish",
}


def product_urls(world, batches):
    samples = {
        "plan_slug": [world["plan"].slug],
        "period": [world["period"]],
        "area_id": [world["area"].pk],
        "measure_id": [world["measure"].pk],
        "action_id": [world["action"].pk],
        "rebase_id": [world["rebase"].pk],
        "batch_id": [batch.pk for batch in batches],
        "load_id": list(Load.objects.values_list("pk", flat=True)),  # published statistics
        # published board packs: files, kept as they were rendered (test_pack_files.py)
        "pack_id": list(PublishedPack.objects.values_list("pk", flat=True)),
        "kind": ["pdf"],
    }
    urls = []
    for name, params in sorted(named_urls().items()):
        if name in POST_ONLY:
            continue
        combos = [{}]
        for param in params:
            assert param in samples, f"Add a sample value for {param!r} ({name})"
            combos = [c | {param: value} for c in combos for value in samples[param]]
        urls += [(name, reverse(name, kwargs=kwargs)) for kwargs in combos]
    return urls


def admin_urls():
    """The Django admin's list, change and history pages of every registered model."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        instance = model._default_manager.order_by("pk").first()
        if instance is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[instance.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[instance.pk]))
    return urls


def unescaped(html):
    return sorted(set(RAW.findall(html)))


SHOWN = [
    re.compile(r"&lt;script&gt;alert\((\d+)\)&lt;/script&gt;"),  # HTML
    re.compile(r"&lt;img src=x onerror=alert\((\d+)\)&gt;"),  # HTML (upload names lose "/")
    re.compile(r"\\u003Cscript\\u003Ealert\((\d+)\)\\u003C/script\\u003E"),  # json_script
]


def shown_numbers(html):
    """The numbers of the payloads a page shows, escaped."""
    return {int(number) for pattern in SHOWN for number in pattern.findall(html)}


def read(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


def test_the_payload_is_stored_in_every_text_field_of_every_model(world):
    numbers = world["payloads"].numbers
    for model in MODELS:
        for field in text_fields(model):
            assert (model.__name__, field.name) in numbers, f"{model.__name__}.{field.name}"
    assert Measure.objects.get().unit_label.startswith('"')
    assert ("Measure", "unit_label") in numbers and ("User", "first_name") in numbers


def test_every_page_shows_every_stored_payload_as_text(client, signed_in, world, hostile_upload):
    batches = [world["imported_batch"], hostile_upload]
    wrong, seen, pages, no_title = {}, set(), [], []
    for name, url in product_urls(world, batches):
        response = read(signed_in, url)
        content_type = response["Content-Type"]
        if not content_type.startswith("text/html"):
            # Downloads (CSV, Excel) are never shown by the browser as a page.
            assert response["Content-Disposition"].startswith("attachment;"), name
            assert response["X-Content-Type-Options"] == "nosniff", name
            continue
        html = response.content.decode()
        pages.append(name)
        if found := unescaped(html):
            wrong[url] = found
        # Every page of the plan names it in its header: the payload, escaped.
        plan_page = name.startswith(("dashboard:", "returns:", "spreadsheets:"))
        if plan_page and escaped_marker(world["payloads"].numbers["Plan", "title"]) not in html:
            no_title.append(url)
        seen |= shown_numbers(html)

    superuser = User.objects.create_superuser("root", password=factories.PASSWORD)
    client.force_login(superuser)
    for url in admin_urls():
        html = read(client, url).content.decode()
        if found := unescaped(html):
            wrong[url] = found
        seen |= shown_numbers(html)

    assert not wrong, wrong
    assert not no_title, f"Pages without the plan's title in their header: {no_title}"
    assert len(pages) >= 20
    never_shown = {key for key, number in world["payloads"].numbers.items() if number not in seen}
    assert not never_shown, f"Stored but never seen on a page: {sorted(never_shown)}"
    # The hostile workbook's name and text are read back on its mapping and preview pages.
    assert {900, 902, 903} <= seen


def test_data_for_charts_is_escaped_inside_json_script(signed_in, world):
    url = reverse("dashboard:measure", args=[world["plan"].slug, world["measure"].pk])
    html = read(signed_in, url).content.decode()
    blocks = list(JSON_SCRIPT.finditer(html))
    assert blocks, "the measure page passes its chart data with json_script"
    number = world["payloads"].numbers["Measure", "unit_label"]  # the axis title
    for block in blocks:
        body = block.group("body")
        assert "<" not in body and ">" not in body
        assert json_marker(number) in body
        assert escape(payload(number)) in json.dumps(json.loads(body), ensure_ascii=False)


def test_the_tracker_csv_keeps_the_text_as_data(signed_in, world):
    url = reverse("dashboard:tracker", args=[world["plan"].slug]) + "?_export=csv"
    response = signed_in.get(url)

    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    number = world["payloads"].numbers["Action", "text"]
    assert f"<script>alert({number})</script>" in response.content.decode()


def test_an_evidence_link_that_is_not_a_web_address_is_not_a_link(signed_in, world):
    """A spreadsheet import does not validate links: javascript: must never become a href."""
    action = world["action"]
    ActionUpdate.objects.filter(action=action).update(evidence_url="javascript:alert(7)")
    url = reverse("returns:action_update", args=[world["plan"].slug, action.pk])

    html = read(signed_in, url).content.decode()

    assert "javascript:alert(7)" in html  # shown, as text
    assert 'href="javascript:' not in html.replace(" ", "")
    ActionUpdate.objects.filter(action=action).update(evidence_url="https://example.org/e")
    assert 'href="https://example.org/e"' in read(signed_in, url).content.decode()


@pytest.mark.parametrize(
    "name, query",
    [
        ("dashboard:tracker", "lead={p}&area={p}&due_from={p}&brag={p}"),
        ("dashboard:at_a_glance", "period={p}"),
        ("dashboard:scorecard", "period={p}"),
        ("dashboard:board_pack", "period={p}"),
        ("returns:my_returns", "period={p}"),
    ],
)
def test_text_typed_into_the_address_is_shown_as_text(signed_in, world, name, query):
    from urllib.parse import quote

    kwargs = {"plan_slug": world["plan"].slug}
    if name == "dashboard:scorecard":
        kwargs["area_id"] = world["area"].pk
    url = reverse(name, kwargs=kwargs) + "?" + query.format(p=quote(payload(500)))

    html = signed_in.get(url).content.decode()

    assert not unescaped(html)


def test_the_sign_in_pages_show_a_typed_username_as_text(client, db):
    url = reverse("login") + "?next=" + payload(600).replace("&", "%26")
    assert not unescaped(client.get(url).content.decode())

    for _ in range(5):
        response = client.post(reverse("login"), {"username": payload(601), "password": "x"})
    html = response.content.decode()
    assert response.status_code == 429  # the lockout page names the username
    assert not unescaped(html)
    assert escaped_marker(601) in html


def test_forms_show_what_was_typed_back_as_text(signed_in, world):
    """Rejected forms re-show the typed text; saved ones name the area in their message."""
    plan, period, area, action = world["plan"], world["period"], world["area"], world["action"]
    typed = payload(700)
    figures = reverse("returns:figures", args=[plan.slug, period, area.pk])
    actual = Actual.objects.get(measure=world["measure"], period=period)
    row = {"measure_id": world["measure"].pk, "version": actual.version}
    rejected = [
        (figures, figures_post([row | {"value": typed, "commentary": typed}])),
        (
            reverse("returns:action_update", args=[plan.slug, action.pk]),
            {
                "version": action.version,
                "status": "in_progress",
                "progress": typed,
                "impact": typed,
                "evidence": typed,
                "evidence_url": typed,
            },
        ),
        (
            reverse("returns:report", args=[plan.slug, period, area.pk]),
            {"version": 0, "current_rag": typed, "reason": typed, "key_risks": typed},
        ),
    ]
    for url, data in rejected:
        response = signed_in.post(url, data)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "There is a problem" in html, url
        assert not unescaped(html), url
        assert escaped_marker(700) in html, url

    saved = signed_in.post(
        figures, figures_post([row | {"value": "81", "commentary": typed}]), follow=True
    )
    html = saved.content.decode()
    assert "figures for March 2020 saved" in html
    assert not unescaped(html)
    assert escaped_marker(world["payloads"].numbers["ServiceArea", "name"]) in html
