"""Board packs as they were sent: published for a meeting, rendered once (an accessible PDF
and a workbook, and for the council's website a public version of each), kept unchanged.

A pack published again for the same meeting supersedes the earlier one, which is kept.
Nothing changes a published pack: there is no edit path (the Django admin shows them read
only); a new version is a new record.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from improvement.rules import long_date_words

FILES = ("pdf", "xlsx", "public_pdf", "public_xlsx")


def meeting_name(text) -> str:
    """A meeting's name as packs are kept under it: single spaces, none at the ends."""
    return " ".join(str(text).split())


class PublishedPackQuerySet(models.QuerySet):
    def current_for(self, plan, meeting):
        """The meeting's pack that no later one supersedes, or None."""
        return self.filter(plan=plan, meeting=meeting_name(meeting), superseded_by=None).first()

    def listed(self):
        """Without the files themselves (a list shows their sizes)."""
        return self.defer(*FILES).select_related("period", "published_by")


class PublishedPack(models.Model):
    plan = models.ForeignKey(
        "improvement.Plan", on_delete=models.CASCADE, related_name="published_packs"
    )
    period = models.ForeignKey(
        "improvement.ReportingPeriod", on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.CharField(
        max_length=200, help_text='The meeting it is for, e.g. "Improvement Board, 14 August 2020".'
    )
    meeting_date = models.DateField(null=True, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    pdf = models.BinaryField()
    xlsx = models.BinaryField()
    public_pdf = models.BinaryField(null=True, blank=True)
    public_xlsx = models.BinaryField(null=True, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    xlsx_size = models.PositiveIntegerField(default=0)
    public_pdf_size = models.PositiveIntegerField(default=0)
    public_xlsx_size = models.PositiveIntegerField(default=0)

    objects = PublishedPackQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "meeting", "version"], name="one_pack_per_meeting_version"
            )
        ]

    def __str__(self):
        return f"{self.meeting} ({self.period}), version {self.version}"

    @property
    def has_public(self):
        return bool(self.public_pdf_size)

    @property
    def meeting_date_text(self):
        """The meeting's date in words ("14 August 2020"); "" when it has none, or when the
        meeting's name says it already ("Improvement Board, 14 August 2020")."""
        if self.meeting_date is None:
            return ""
        text = long_date_words(self.meeting_date)
        return "" if text in self.meeting else text

    def file_url(self, kind):
        return reverse("packs:download", args=[self.plan.slug, self.pk, kind])

    def file_name(self, kind):
        """e.g. "improvement-board-14-august-2020-v2-public.pdf"."""
        stem = slugify(self.meeting) or f"board-pack-{self.period.month:%Y-%m}"
        public = "-public" if kind.startswith("public_") else ""
        return f"{stem}-v{self.version}{public}.{kind.rsplit('_', 1)[-1]}"
