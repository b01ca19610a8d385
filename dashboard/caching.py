"""The board pages' content, kept until the plan's data changes.

A board page's main content is the same for every reader until someone changes the plan,
and the board reads far more often than managers write. So the content (the HTML of the
page's main block, or an .xlsx file) is kept in Django's cache under a key holding:

- the plan and its ``data_version``, which improvement/changes.py moves on after every
  committed change to the plan's records, so a change shows on the next request;
- today's date, because overdue actions and "judged as at" depend on it;
- whatever else the content depends on (the period, the address with its filters, the
  links a user may edit through).

The page around the content (navigation, the signed-in user, sign out with its CSRF
token, messages) is rendered for each request. ``PAGE_CACHE_SECONDS`` bounds how long an
entry lives (0 turns the cache off); a change made outside Django (straight SQL) shows
when it runs out.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


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
