"""Real headless Chromium against a live server, with axe-core for accessibility.

Chromium comes from Debian's `chromium` package (a test tool cannot download one here).
Without it these tests are skipped locally, loudly; on CI (CI=true) a missing Chromium fails.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = (
    os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe.min.js"
INSTALL_HINT = (
    "Browser tests need Chromium: install it with `sudo apt-get install chromium` "
    "(Debian/Ubuntu), or set CHROMIUM=/path/to/chromium, then run `make test` again."
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests. " + INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make around it are ordinary synchronous ones. Allowed for these tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.js_errors = errors
    yield page
    context.close()


def sign_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def axe_violations(page):
    """Run axe-core in the page; return the WCAG 2.2 A/AA violations (empty when none)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make assets` (npm installs axe-core).")
    # Evaluated through the DevTools protocol, so the page's strict CSP stays in force.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def assert_accessible(page, what):
    violations = axe_violations(page)
    assert not violations, f"axe found WCAG 2.2 A/AA problems on {what}:\n" + json.dumps(
        violations, indent=2
    )


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM and terminalreporter.stats.get("skipped"):
        terminalreporter.write_sep("!", "BROWSER TESTS WERE SKIPPED", red=True, bold=True)
        terminalreporter.write_line(INSTALL_HINT, red=True, bold=True)
