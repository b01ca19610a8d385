"""The content of a page, kept until the plan's data changes.

A board page's main content is the same for every reader until someone changes the plan,
and the board reads far more often than managers write (My returns and Returns status,
which only read too, are kept the same way). So the content (the HTML of the
page's main block, or an .xlsx file) is kept in Django's cache under a key holding:

- the plan and its ``data_version``, which improvement/changes.py moves on after every
  committed change to the plan's records, so a change shows on the next request;
- today's date, because overdue actions and "judged as at" depend on it;
- the address's path and whatever else the content depends on (the period, the tracker's
  filters, the links a user may edit through, whether they may write to the period).

The page around the content (navigation, the signed-in user, sign out with its CSRF
token, messages) is rendered for each request, and the content, kept as UTF-8 bytes, is
put into it as bytes: a county's board pack is 7 MB of HTML.

A form shown as saved (monthly figures, an exception report, an action update, the
periods: returns/views.py ``_form_page``) is kept the same way. Its CSRF token is the one
thing in it that belongs to the reader, so the content is rendered with a mark where the
token goes, and each request puts its reader's own token in the mark's place. The mark is
an HTML comment: text anyone typed is escaped, so it can never contain one. A form
showing the reader's errors is rendered for that request only.

``PAGE_CACHE_SECONDS`` bounds how long an entry lives (0 turns the cache off); a change
made outside Django (straight SQL) shows when it runs out.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from improvement.context_processors import set_current_plan

PAGE_TEMPLATE = "cached_page.html"
CONTENT_MARK = "<!-- cached content -->"  # where the content goes in PAGE_TEMPLATE
CSRF_MARK = mark_safe("<!-- the reader's CSRF token -->")  # noqa: S308 (a constant)
_CSRF_BYTES = CSRF_MARK.encode()


def key(name, plan, *parts) -> str:
    """The cache key of one page's content: short and safe for any cache backend."""
    detail = repr((timezone.localdate().isoformat(), *parts)).encode()
    digest = hashlib.sha256(detail).hexdigest()[:32]
    return f"page:{name}:{plan.pk}:{plan.data_version}:{digest}"


def get_or_build(cache_key, build):
    """The cached value, else ``build()`` stored for next time."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return build()
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, seconds)
    return value


def cached_page(
    request,
    plan,
    page_title,
    template,
    build,
    *,
    vary=(),
    keep=True,
    stylesheets=(),
    scripts=(),
):
    """A page whose main content comes from the cache while the plan is unchanged.

    ``build()`` gives the context of ``template`` (the page's main content); it runs only
    when the content is not cached. The content depends on the address's path and on
    ``vary``: what else it shows (the period chosen, the tracker's filters, the links the
    reader may edit through). Not the whole query string: any made-up parameter would
    otherwise keep another copy of a page as big as the board pack. ``keep=False`` renders
    the content for this request only (a form showing what the reader typed and its
    errors). The page around the content is rendered for each request."""

    def render():
        context = {"plan": plan, **build(), "csrf_token": CSRF_MARK}
        return tuple(render_to_string(template, context, request).encode().split(_CSRF_BYTES))

    parts = get_or_build(key(template, plan, request.path, *vary), render) if keep else render()
    set_current_plan(request, plan)
    context = {
        "plan": plan,
        "page_title": page_title,
        "stylesheets": stylesheets,
        "scripts": scripts,
    }
    head, tail = render_to_string(PAGE_TEMPLATE, context, request).split(CONTENT_MARK, 1)
    content = get_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
    return HttpResponse(b"".join((head.encode(), content, tail.encode())))
