"""Uploaded workbooks kept between the preview and the confirmation, and afterwards."""

from django.conf import settings
from django.db import models

from improvement.models import Plan


class ImportBatch(models.Model):
    """One uploaded workbook: what kind it is, how its columns map, and what became of it.

    The file itself is kept so the import is read again on confirmation (the preview
    is exactly what is written) and so there is a record of who imported what; with it,
    the versions the preview read, so that confirming overwrites no one's later change.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", "Plan (Improvement Tracker template)"
        COUNCIL = "council", "Plan (council's own layout)"
        ACTUALS = "actuals", "Monthly figures"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Waiting for confirmation"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Not imported: errors"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="import_batches")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveIntegerField(default=0)
    file_data = models.BinaryField()
    mapping = models.JSONField(
        default=list, blank=True, help_text="How each sheet's columns are read (council layouts)."
    )
    preview_versions = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The version of each figure and action its latest preview found "
        "({model: {pk: version}}); confirming writes nothing if any has moved on since. "
        "None: not previewed since the upload or the last change of its mapping.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    summary = models.CharField(max_length=500, blank=True)
    report_text = models.TextField(blank=True, help_text="The import report when confirmed.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()}, {self.get_status_display()})"

    @property
    def data(self) -> bytes:
        return bytes(self.file_data)
