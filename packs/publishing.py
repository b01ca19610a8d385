"""Publishing a board pack: render every file first, then keep them in one transaction.

A render that fails writes nothing and says why (`PublishError`): the last good pack stays
the one listed. A pack published again for the same meeting is a new version; the earlier
one is kept, marked as superseded by it.
"""

import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from improvement.models import Plan

from .content import pack_content
from .models import PublishedPack, meeting_name

logger = logging.getLogger(__name__)


class PublishError(Exception):
    """The pack could not be rendered: nothing was published."""


def render_files(plan, period, *, meeting, public, published_at, published_by):
    """{"pdf": bytes, "xlsx": bytes[, "public_pdf", "public_xlsx"]}: every file of the pack."""
    from .pdf import render_pdf
    from .workbook import render_xlsx

    files = {}
    versions = [("", False)] + ([("public_", True)] if public else [])
    for prefix, is_public in versions:
        content = pack_content(plan, period, meeting=meeting, public=is_public)
        files[prefix + "pdf"] = render_pdf(
            content, published_at=published_at, published_by=published_by
        )
        files[prefix + "xlsx"] = render_xlsx(content, published_on=published_at.date())
    return files


def publish(plan, period, *, meeting, meeting_date=None, user=None, public=False):
    """Render the pack of `period` for `meeting` and keep it: the new PublishedPack."""
    meeting = meeting_name(meeting)
    if not meeting:
        raise PublishError("Name the meeting the pack is for.")
    published_at = timezone.now()
    by = (user.get_full_name() or user.get_username()) if user else ""
    try:
        files = render_files(
            plan,
            period,
            meeting=meeting,
            public=public,
            published_at=published_at,
            published_by=by,
        )
    except Exception as error:  # a render can fail in many ways: say which, keep the last
        logger.exception("Rendering the board pack of %s for %s failed", period, plan.slug)
        raise PublishError(
            f"The pack could not be made ({type(error).__name__}: {error}). Nothing was "
            "published: the packs listed are unchanged."
        ) from error
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one publisher at a time
        earlier = PublishedPack.objects.filter(plan=plan, meeting=meeting)
        version = (earlier.aggregate(last=Max("version"))["last"] or 0) + 1
        pack = PublishedPack.objects.create(
            plan=plan,
            period=period,
            meeting=meeting,
            meeting_date=meeting_date,
            version=version,
            published_by=user,
            published_at=published_at,
            **files,
            **{f"{name}_size": len(data) for name, data in files.items()},
        )
        earlier.filter(superseded_by__isnull=True).exclude(pk=pack.pk).update(superseded_by=pack)
    return pack
