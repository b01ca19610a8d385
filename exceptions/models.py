"""Monthly exception reports: one per service area per reporting period."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from improvement.fields import NARRATIVE, TEXT, limited_text
from improvement.models import RAG_CHOICES, ReportingPeriod, ServiceArea
from improvement.versioning import Versioned

from . import rules


class ExceptionReport(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for changes"

    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="reports")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    key_developments = limited_text(NARRATIVE, blank=True)
    key_risks = limited_text(NARRATIVE, blank=True)
    progress = limited_text(NARRATIVE, "analysis of progress", blank=True)
    risks = limited_text(NARRATIVE, "analysis of risks", blank=True)
    evidence = limited_text(NARRATIVE, blank=True)
    previous_rag = models.CharField(max_length=10, choices=RAG_CHOICES, blank=True)
    suggested_rag = models.CharField(max_length=10, choices=RAG_CHOICES, blank=True)
    current_rag = models.CharField(max_length=10, choices=RAG_CHOICES, blank=True)
    reason = limited_text(
        TEXT, blank=True, help_text="Required when the current RAG differs from the suggested one."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    return_comment = limited_text(TEXT, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["period__month", "area__order"]
        constraints = [
            models.UniqueConstraint(fields=["area", "period"], name="one_report_per_area_period")
        ]
        indexes = [
            # RAG at a glance and the board pack read every area's report for a period.
            models.Index(fields=["period", "area"], name="report_period_area"),
        ]

    def __str__(self):
        return f"{self.area} — {self.period}"

    def clean(self):
        if rules.reason_required(current=self.current_rag, suggested=self.suggested_rag) and (
            not self.reason.strip()
        ):
            raise ValidationError(
                {"reason": "Explain why your RAG differs from the one the data suggests."}
            )

    @property
    def rag_changed(self):
        return bool(
            self.previous_rag and self.current_rag and self.previous_rag != self.current_rag
        )
