"""The load test's browser: HTTP with cookies, forms as a browser submits them, timings."""

import http.client
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

HOST = "127.0.0.1"
LOGIN_PATH = "/accounts/login/"
REQUEST_TIMEOUT = 60
ERROR_MESSAGE = re.compile(r'govuk-error-message">\s*(?:<[^>]+>[^<]*</[^>]+>)?\s*([^<]+)')


@dataclass
class Sample:
    kind: str
    method: str
    path: str
    status: int | None
    seconds: float
    error: str
    at: float = field(default_factory=time.monotonic)


class FormParser(HTMLParser):
    """Every <form> on a page with the fields a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": a.get("method", "get")}
            self._form["fields"] = []
            self.forms.append(self._form)
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "image", "file", "reset"}:
                self._form["fields"].append(
                    [name, a.get("value", "on" if kind == "checkbox" else "")]
                )
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select" and name:
            self._select = [name, None]
            self._form["fields"].append(self._select)
        elif (
            tag == "option"
            and self._select is not None
            and (self._select[1] is None or "selected" in a)
        ):
            self._select[1] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            if self._select is not None and self._select[1] is None:
                self._select[1] = ""
            self._select = None


def figures_form(html):
    """The fields of the monthly figures form on a page (the POST form with values), or None."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form["method"].lower() == "post" and any(
            name.endswith("-value") for name, _ in form["fields"]
        ):
            return form["fields"]
    return None


def figures_post(html, rng, tag):
    """The figures form as a browser would submit it, with a new value for every measure.

    Returns (POST data, {measure id: (value, commentary)}), or (None, None) without a form."""
    fields = figures_form(html)
    if fields is None:
        return None, None
    data = dict(fields)
    figures = {}
    for name, value in fields:
        if not name.endswith("-measure_id"):
            continue
        prefix = name[: -len("measure_id")]
        number = rng.randint(1, 100)  # whole and 0-100: valid in every unit
        data[prefix + "value"] = str(number)
        data[prefix + "missing_reason"] = ""
        data[prefix + "commentary"] = tag  # also keeps a Red value acceptable
        figures[int(value)] = (number, tag)
    return data, figures


def figures_shown(html):
    """{measure id: (value, commentary)} as the figures form shows them."""
    data = dict(figures_form(html) or [])
    shown = {}
    for name, measure_id in data.items():
        if name.endswith("-measure_id"):
            prefix = name[: -len("measure_id")]
            try:
                value = Decimal(data.get(prefix + "value", ""))
            except InvalidOperation:
                value = None
            shown[int(measure_id)] = (value, data.get(prefix + "commentary", "").strip())
    return shown


def form_errors(html):
    """The first error messages a form page shows, for a report."""
    return [text.strip() for text in ERROR_MESSAGE.findall(html)[:2]]


class Browser:
    """One simulated user's cookies and requests (a new connection per request, as a
    browser's first request to a server; gunicorn's sync workers close each one anyway).

    `port` and `record` (where each Sample goes) are set by the run that uses it: a
    signed-in browser is used again by later runs, through another server if need be."""

    def __init__(self, username, port, record):
        self.username = username
        self.port = port
        self.cookies = {}
        self.record = record

    def request(self, kind, method, path, data=None, expect=(200,)):
        """Returns (status, text, location, error); error is "" when the status is expected."""
        headers = {"User-Agent": "tracker-load-test", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        status, text, error, location = None, "", "", ""
        try:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                raw = response.read()
                status = response.status
                location = response.getheader("Location", "")
                self._keep_cookies(response)
                text = raw.decode("utf-8", "replace")
            finally:
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - started
        if not error and status not in expect:
            error = f"HTTP {status} (expected {'/'.join(map(str, expect))})"
        self.record(Sample(kind, method, path, status, elapsed, error))
        return status, text, location, error

    def _keep_cookies(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value

    def sign_in(self, login_path, password):
        """Through the login form, with its CSRF token; True when signed in."""
        _status, html, _, error = self.request("sign in (form)", "GET", login_path)
        if error:
            return False
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        data = {
            "csrfmiddlewaretoken": match.group(1) if match else self.cookies.get("csrftoken", ""),
            "username": self.username,
            "password": password,
        }
        _status, _, location, error = self.request(
            "sign in (post)", "POST", login_path, data, expect=(302,)
        )
        return not error and login_path not in location
