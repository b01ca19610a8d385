"""Security headers on real responses, the production settings, and no inline script.

The production values are read from config/settings.py itself, imported in a fresh process
with the environment a council's server would have (DEBUG=0, SECRET_KEY, ALLOWED_HOSTS).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "test-" + "k3y-for-the-production-settings-check-" * 2,
    "ALLOWED_HOSTS": "tracker.example.org",
}
PRODUCTION_KEYS = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
]


def _production_env(**extra):
    dropped = ("DEBUG", "SECURE_", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.pop("SESSION_COOKIE_SECURE", None)
    env.pop("CSRF_COOKIE_SECURE", None)
    return env | PRODUCTION_ENV | extra


@pytest.fixture(scope="module")
def production():
    """The security settings config/settings.py gives under the production environment."""
    code = (
        "import json, config.settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {PRODUCTION_KEYS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


# Headers on every response ---------------------------------------------------------------


@pytest.fixture
def pages(client, plan, periods, area, admin_user):
    """A page before signing in and one after it."""
    factories.make_measure(area, "Visits on time", target=80)
    signed_out = client.get(reverse("login"))
    client.force_login(admin_user)
    signed_in = client.get(reverse("dashboard:at_a_glance", args=[plan.slug]))
    assert signed_out.status_code == signed_in.status_code == 200
    return [signed_out, signed_in]


def test_the_content_security_policy_allows_only_our_own_scripts(pages):
    for response in pages:
        directives = csp_directives(response)
        assert directives["script-src"] == ["'self'"]
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        assert directives["form-action"] == ["'self'"]
        header = response["Content-Security-Policy"]
        script_sources = " ".join(directives["script-src"] + directives.get("script-src-elem", []))
        assert "'unsafe-inline'" not in script_sources
        assert "'unsafe-eval'" not in header
        assert "*" not in header


def test_pages_cannot_be_framed_sniffed_or_leak_their_address(pages):
    for response in pages:
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_session_cookie_is_http_only_even_in_development(client, manager_user):
    response = client.post(
        reverse("login"), {"username": "manager1", "password": factories.PASSWORD}
    )

    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["sessionid"]["samesite"] == "Lax"


# Production -----------------------------------------------------------------------------


def test_production_settings_turn_on_https_only_cookies_and_hsts(production):
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"


def test_in_production_https_responses_carry_hsts_and_secure_cookies(
    client, production, manager_user
):
    values = {k: v for k, v in production.items() if k != "DEBUG"}
    with override_settings(**values):
        plain_http = client.get(reverse("login"))
        response = client.post(
            reverse("login"),
            {"username": "manager1", "password": factories.PASSWORD},
            secure=True,
        )

    assert plain_http.status_code == 301
    assert plain_http["Location"] == "https://testserver" + reverse("login")
    assert response.status_code == 302
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert response.cookies["csrftoken"]["secure"] is True


def test_development_sends_no_hsts(client):
    response = client.get(reverse("login"), secure=True)

    assert "Strict-Transport-Security" not in response


def test_check_deploy_is_clean_with_the_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment when DEBUG is off." in result.stderr


# No inline script in any template --------------------------------------------------------

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def template_files():
    folders = [ROOT / "templates"] + [
        ROOT / app / "templates" for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()
    ]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def inline_script_problems(text):
    problems = []
    for attributes, body in SCRIPT.findall(text):
        if re.search(r"""type\s*=\s*["']application/json["']""", attributes):
            continue
        if body.strip():
            problems.append(f"inline script: {body.strip()[:60]!r}")
        elif not re.search(r"\bsrc\s*=", attributes):
            problems.append(f"script without src: <script{attributes}>")
    problems += [f"event handler: {m.group(0)[-40:]!r}" for m in EVENT_HANDLER.finditer(text)]
    problems += [f"javascript: URL: {m.group(0)!r}" for m in JAVASCRIPT_URL.finditer(text)]
    return problems


def test_the_template_scan_finds_inline_script():
    assert inline_script_problems("<script>alert(1)</script>")
    assert inline_script_problems('<script type="text/javascript">\n go()\n</script>')
    assert inline_script_problems('<button onclick="go()">Go</button>')
    assert inline_script_problems('<a href="javascript:go()">Go</a>')
    assert not inline_script_problems('<script src="/static/js/app.js"></script>')
    assert not inline_script_problems('<script type="application/json" id="d">{}</script>')


def test_no_template_has_inline_script_or_event_handlers():
    files = template_files()
    assert len(files) > 20  # the scan really reads the product's templates
    found = {
        str(path.relative_to(ROOT)): problems
        for path in files
        if (problems := inline_script_problems(path.read_text()))
    }
    assert not found, found
