"""The product's error pages with DEBUG on too.

With DEBUG off, Django's handlers (config/urls.py: improvement.views) show the product's
400, 403, 404 and 500 pages. With DEBUG on, Django shows its technical pages instead, and
`make run` (DEBUG on) is how most people first meet the product: so these two hooks show the
product's pages there too.
- `NotFoundPagesMiddleware`: an address that matches no page, or a view that raises Http404.
- `ProductErrorReporter` (DEFAULT_EXCEPTION_REPORTER): Django's technical page for a bad
  request (400) or a server error (500), wherever it was raised (a middleware too). The
  traceback still goes to the console through the "django.request" logger, and to the plain
  text report.
A 403 is the product's page with DEBUG on already (Django uses handler403 in both cases).
Set TECHNICAL_ERROR_PAGES=1 to get Django's pages back while debugging.
"""

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import Resolver404, get_urlconf, resolve, reverse
from django.views.debug import ExceptionReporter


def _on():
    return settings.DEBUG and not getattr(settings, "TECHNICAL_ERROR_PAGES", False)


def _not_found(request, exception):
    # Imported here: the logging set-up imports this module before the models are ready.
    from .views import page_not_found

    return page_not_found(request, exception)


class NotFoundPagesMiddleware:
    """Placed after CommonMiddleware, so a missing trailing slash is still added first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _on():  # an address that matches no page never reaches a view
            try:
                resolve(request.path_info, getattr(request, "urlconf", None) or get_urlconf())
            except Resolver404 as exc:
                return _not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if _on() and isinstance(exception, Http404):
            return _not_found(request, exception)
        return None


class ProductErrorReporter(ExceptionReporter):
    """With DEBUG on, the page a person sees for a bad request or a server error is the
    product's (without the request's context or the database, as with DEBUG off)."""

    def get_traceback_html(self):
        if not _on():
            return super().get_traceback_html()
        bad_request = isinstance(self.exc_value, (BadRequest, SuspiciousOperation))
        template = "400.html" if bad_request else "500.html"
        return render_to_string(template, {"home_url": reverse("home")})
