"""The content of the pages that only read, kept until the plan's data changes.

A board page's main content is the same for every reader until someone changes the plan,
and the board reads far more often than managers write (My returns and Returns status,
which only read too, are kept the same way). So the content (the HTML of the
page's main block, or an .xlsx file) is kept in Django's cache under a key holding:

- the plan and its ``data_version``, which improvement/changes.py moves on after every
  committed change to the plan's records, so a change shows on the next request;
- today's date, because overdue actions and "judged as at" depend on it;
- the address's path and whatever else the content depends on (the period, the tracker's
  filters, the links a user may edit through).

The page around the content (navigation, the signed-in user, sign out with its CSRF
token, messages) is rendered for each request, and the content, kept as UTF-8 bytes, is
put into it as bytes: a county's board pack is 7 MB of HTML.

``PAGE_CACHE_SECONDS`` bounds how long an entry lives (0 turns the cache off); a change
made outside Django (straight SQL) shows when it runs out.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from improvement.context_processors import set_current_plan

PAGE_TEMPLATE = "cached_page.html"
CONTENT_MARK = "<!-- cached content -->"  # where the content goes in PAGE_TEMPLATE


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


def cached_page(request, plan, page_title, template, build, *, vary=(), stylesheets=(), scripts=()):
    """A page whose main content comes from the cache while the plan is unchanged.

    ``build()`` gives the context of ``template`` (the page's main content); it runs only
    when the content is not cached. The content depends on the address's path and on
    ``vary``: what else it shows (the period chosen, the tracker's filters, the links the
    reader may edit through). Not the whole query string: any made-up parameter would
    otherwise keep another copy of a page as big as the board pack. The page around the
    content is rendered for each request."""
    content = get_or_build(
        key(template, plan, request.path, *vary),
        lambda: render_to_string(template, {"plan": plan, **build()}, request).encode(),
    )
    set_current_plan(request, plan)
    context = {
        "plan": plan,
        "page_title": page_title,
        "stylesheets": stylesheets,
        "scripts": scripts,
    }
    head, tail = render_to_string(PAGE_TEMPLATE, context, request).split(CONTENT_MARK, 1)
    return HttpResponse(b"".join((head.encode(), content, tail.encode())))
