"""The product's error pages with DEBUG on too.

With DEBUG on Django answers a 404, a bad request and a server error with its technical
pages, which is what `make run` shows someone trying the product. This middleware shows the
product's pages instead (the traceback of a server error still goes to the console, through
the "django.request" logger). Set TECHNICAL_ERROR_PAGES=1 to get Django's pages back while
debugging. With DEBUG off it does nothing: Django's handlers (config/urls.py) do the same.
"""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import Resolver404, get_urlconf, resolve

from . import views

logger = logging.getLogger("django.request")


def _on():
    return settings.DEBUG and not getattr(settings, "TECHNICAL_ERROR_PAGES", False)


class ErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # An address that matches no page never reaches a view (nor process_exception).
        if _on():
            try:
                resolve(request.path_info, getattr(request, "urlconf", None) or get_urlconf())
            except Resolver404 as exc:
                return views.page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not _on():
            return None
        if isinstance(exception, Http404):
            return views.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return views.permission_denied(request, exception)
        if isinstance(exception, (BadRequest, SuspiciousOperation)):
            logger.warning("Bad request: %s", request.path, exc_info=exception)
            return views.bad_request(request, exception)
        logger.error("Server error: %s", request.path, exc_info=exception)
        return views.server_error(request)
