"""Every form is protected from cross-site request forgery: a POST without the page's token is
refused (403) wherever it is sent, and every form in the templates carries the token."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from improvement.models import ActionUpdate
from measures.models import Actual
from spreadsheets.models import ImportBatch
from tests import factories
from tests.returns.conftest import figures_post

pytestmark = pytest.mark.django_db

FORBIDDEN = "Your form could not be sent"  # templates/403_csrf.html


@pytest.fixture
def world(plan, periods, area, admin_user):
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    measure = factories.make_measure(area, "Visits on time", target=80)
    action = factories.make_action(area, "Audit supervision", reference="1.1")
    report = factories.make_report(area, periods[2], status="submitted", current_rag="amber")
    batch = ImportBatch.objects.create(
        plan=plan, kind="council", file_name="plan.xlsx", uploaded_by=admin_user
    )
    return {
        "plan": plan,
        "period": periods[2],
        "area": area,
        "measure": measure,
        "action": action,
        "report": report,
        "batch": batch,
        "admin": admin_user,
    }


@pytest.fixture
def strict(world):
    """A signed-in admin's browser that sends no CSRF token unless told to."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["admin"])
    return client


def post_endpoints(w):
    """Every URL that changes something, with the data a real form would send."""
    slug, period, area = w["plan"].slug, w["period"], w["area"].pk
    upload = io.BytesIO(b"PK\x03\x04 not really a workbook")
    upload.name = "plan.xlsx"
    return {
        "monthly figures": (
            reverse("returns:figures", args=[slug, period, area]),
            figures_post([{"measure_id": w["measure"].pk, "version": 0, "value": "85"}]),
        ),
        "action update": (
            reverse("returns:action_update", args=[slug, w["action"].pk]),
            {"version": w["action"].version, "status": "complete", "progress": "Done"},
        ),
        "exception report": (
            reverse("returns:report", args=[slug, period, area]),
            {"version": w["report"].version, "current_rag": "red", "reason": "Late"},
        ),
        "return a report for changes": (
            reverse("returns:report_return", args=[slug, period, area]),
            {"version": w["report"].version, "comment": "Please add the evidence"},
        ),
        "open a period": (reverse("returns:periods", args=[slug]), {}),
        "lock a period": (reverse("returns:period_lock", args=[slug, period]), {}),
        "unlock a period": (reverse("returns:period_unlock", args=[slug, period]), {}),
        "upload a spreadsheet": (
            reverse("spreadsheets:upload", args=[slug]),
            {"kind": "plan", "file": upload},
        ),
        "load published statistics": (reverse("comparators:upload"), {}),
        "publish a board pack": (reverse("packs:publish", args=[slug]), {}),
        "check the columns": (
            reverse("spreadsheets:mapping", args=[slug, w["batch"].pk]),
            {},
        ),
        "confirm an import": (reverse("spreadsheets:confirm", args=[slug, w["batch"].pk]), {}),
        "sign out": (reverse("logout"), {}),
        "sign in": (reverse("login"), {"username": "admin1", "password": factories.PASSWORD}),
        "admin: change a plan": (
            reverse("admin:improvement_plan_change", args=[w["plan"].pk]),
            {"title": "Hijacked"},
        ),
    }


def what_changed(w):
    """What the POSTs could have changed, to show that the refused ones changed nothing."""
    for record in (w["action"], w["report"], w["period"], w["plan"]):
        record.refresh_from_db()
    return {
        "figures": Actual.objects.count(),
        "action updates": ActionUpdate.objects.count(),
        "action": w["action"].status,
        "report": w["report"].status,
        "period": w["period"].status,
        "plan": w["plan"].title,
        "uploads": ImportBatch.objects.count(),
    }


def test_every_post_without_the_token_is_refused(strict, world):
    before = what_changed(world)
    refused, accepted = [], []
    for name, (url, data) in post_endpoints(world).items():
        response = strict.post(url, data)
        if response.status_code == 403 and FORBIDDEN in response.content.decode():
            refused.append(name)
        else:
            accepted.append(f"{name}: {url} gave {response.status_code}")
        strict.force_login(world["admin"])  # in case a sign-out got through

    assert not accepted, accepted
    assert len(refused) == 15
    assert what_changed(world) == before
    # The admin is still signed in: the sign-out was refused too.
    assert strict.get(reverse("returns:periods", args=[world["plan"].slug])).status_code == 200


def test_the_same_post_with_the_token_is_accepted(strict, world):
    """The check above fails for the missing token, not for anything else."""
    periods_url = reverse("returns:periods", args=[world["plan"].slug])
    page = strict.get(periods_url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token, "the periods page has a form with the token"
    lock_url = reverse("returns:period_lock", args=[world["plan"].slug, world["period"]])

    without = strict.post(lock_url)
    with_token = strict.post(lock_url, {"csrfmiddlewaretoken": token.group(1)})

    assert without.status_code == 403
    assert with_token.status_code == 302
    world["period"].refresh_from_db()
    assert world["period"].status == "locked"


def test_a_post_from_another_site_is_refused_even_with_a_token(strict, world):
    page = strict.get(reverse("login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    lock_url = reverse("returns:period_lock", args=[world["plan"].slug, world["period"]])

    response = strict.post(
        lock_url,
        {"csrfmiddlewaretoken": token.group(1)},
        secure=True,
        headers={"Origin": "https://evil.example.com", "Referer": "https://evil.example.com/"},
    )

    assert response.status_code == 403
    world["period"].refresh_from_db()
    assert world["period"].status == "open"


FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.IGNORECASE | re.DOTALL)
POST_METHOD = re.compile(r"""method\s*=\s*["']?post""", re.IGNORECASE)


def test_every_post_form_in_the_templates_carries_the_token():
    root = Path(settings.BASE_DIR) / "templates"
    forms = [
        (path, form)
        for path in root.rglob("*.html")
        for form in FORM.findall(path.read_text())
        if POST_METHOD.search(form.split(">", 1)[0])
    ]
    assert len(forms) >= 8  # the scan really finds the product's forms
    missing = [
        f"{path.relative_to(root)}: {form[:80]}"
        for path, form in forms
        if "{% csrf_token %}" not in form
    ]
    assert not missing, missing


def test_no_view_is_exempt_from_the_check():
    root = Path(settings.BASE_DIR)
    apps = ["config", "improvement", "measures", "exceptions", "dashboard", "returns"]
    apps.append("spreadsheets")
    exempt = [
        str(path.relative_to(root))
        for app in apps
        for path in (root / app).rglob("*.py")
        if "csrf_exempt" in path.read_text()
    ]
    assert not exempt, exempt
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
