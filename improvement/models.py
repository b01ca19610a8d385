"""The plan itself: plans, recommendations, service areas, outcomes, actions, periods."""

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from comparators.models import DEFAULT_NEIGHBOUR_MODEL, NeighbourModel

from .action_rows import ActionRow
from .fields import NARRATIVE, NOTES, REASON, TEXT, limited_text
from .rules import (
    RAG,
    ActionStatus,
    action_rag,
    is_complete,
    is_overdue,
    judged_at,
    manual_rag_reason_required,
    month_end,
    target_date_words,
)
from .versioning import Versioned

RAG_CHOICES = [(r.value, r.label) for r in RAG]
ACTION_RAG_CHOICES = [(r.value, r.label) for r in (RAG.BLUE, RAG.GREEN, RAG.AMBER, RAG.RED)]
ACTION_STATUS_CHOICES = [(s.value, s.label) for s in ActionStatus]


class Plan(models.Model):
    class Framework(models.TextChoices):
        ILACS = "ILACS", "ILACS (Inspecting local authority children's services)"
        SIF = "SIF", "SIF (Single inspection framework)"
        JTAI = "JTAI", "JTAI (Joint targeted area inspection)"
        OTHER = "other", "Other"

    class Judgement(models.TextChoices):
        INADEQUATE = "inadequate", "Inadequate"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
        GOOD = "good", "Good"
        OUTSTANDING = "outstanding", "Outstanding"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    slug = models.SlugField(unique=True, help_text="Short name used in addresses and commands.")
    organisation = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    framework = models.CharField(max_length=10, choices=Framework.choices, default=Framework.ILACS)
    inspection_date = models.DateField(null=True, blank=True)
    judgement = models.CharField(max_length=30, choices=Judgement.choices, blank=True)
    starts = models.DateField(null=True, blank=True, help_text="First month the plan covers.")
    ends = models.DateField(null=True, blank=True, help_text="Last month the plan covers.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    summary = limited_text(NARRATIVE, blank=True)
    council = models.ForeignKey(
        "comparators.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "council"},
        help_text="The council the plan is for, by its DfE code (e.g. 852 Southampton): "
        "its published figures, region and statistical neighbours are its comparators.",
    )
    neighbour_model = models.CharField(
        max_length=10,
        choices=NeighbourModel.choices,
        default=DEFAULT_NEIGHBOUR_MODEL,
        help_text="The DfE statistical neighbour model the plan compares with.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-starts", "title"]

    def __str__(self):
        return f"{self.organisation}: {self.title}"

    def get_absolute_url(self):
        return reverse("dashboard:at_a_glance", args=[self.slug])

    def clean(self):
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": "The plan cannot end before it starts."})


class ReportingPeriod(models.Model):
    """One calendar month of a plan's reporting cycle."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        LOCKED = "locked", "Locked"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    month = models.DateField(help_text="The first day of the month reported on.")
    deadline = models.DateField(null=True, blank=True, help_text="When returns are due.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="one_period_per_plan_month"),
        ]

    def __str__(self):
        return self.month.strftime("%B %Y")

    def clean(self):
        if self.month and self.month.day != 1:
            raise ValidationError({"month": "A reporting period starts on the first of a month."})

    @property
    def label(self):
        return self.month.strftime("%B %Y")

    @property
    def short_label(self):
        return self.month.strftime("%b %Y")

    @property
    def is_locked(self):
        return self.status == self.Status.LOCKED

    @property
    def last_day(self):
        return month_end(self.month)

    def judged_on(self, today=None):
        """The date every page, form, download and count judges actions at when it shows
        this period: its last day, or today if that is earlier (rules.judged_at)."""
        return judged_at(today=today or timezone.localdate(), period_end=self.last_day)

    def lock(self, user):
        self.status = self.Status.LOCKED
        self.locked_by = user
        self.locked_at = timezone.now()
        self.save(update_fields=["status", "locked_by", "locked_at"])

    def unlock(self):
        self.status = self.Status.OPEN
        self.locked_by = None
        self.locked_at = None
        self.save(update_fields=["status", "locked_by", "locked_at"])

    def previous(self):
        return self.plan.periods.filter(month__lt=self.month).order_by("-month").first()


class Recommendation(models.Model):
    class Source(models.TextChoices):
        OFSTED = "ofsted", "Ofsted inspection"
        SAFEGUARDING_REVIEW = "safeguarding_review", "Safeguarding practice review"
        INVESTIGATION = "investigation", "Investigation report"
        PEER_REVIEW = "peer_review", "Peer review"
        OTHER = "other", "Other"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recommendations")
    reference = models.CharField(max_length=30, help_text='As the source numbers it, e.g. "1".')
    source = models.CharField(max_length=30, choices=Source.choices, default=Source.OFSTED)
    text = limited_text(TEXT)
    report_reference = models.CharField(
        max_length=100, blank=True, help_text='Where in the report, e.g. "Pg 3 Para 2".'
    )
    timeframe = models.CharField(
        max_length=100, blank=True, help_text='e.g. "Immediately", "Within three months".'
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "source", "reference"], name="unique_recommendation_reference"
            )
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.reference}: {self.text[:80]}"


class ServiceArea(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=150)
    order = models.PositiveIntegerField(default=0, help_text="Position on the board's reports.")
    lead = models.CharField(max_length=200, blank=True, help_text="Role title of the lead.")
    responsible_officers = limited_text(TEXT, blank=True, help_text="One per line.")
    linked_plans = limited_text(TEXT, blank=True, help_text="Linked service plans, one per line.")
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="areas")
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_areas",
        help_text="Service managers who may update this area's figures, actions and reports.",
    )
    history = HistoricalRecords(m2m_fields=[managers])

    class Meta:
        ordering = ["plan", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="unique_area_name_per_plan")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.url

    @cached_property
    def url(self):
        """The area's scorecard: worked out once for the many rows that link to it."""
        return reverse("dashboard:scorecard", args=[self.plan.slug, self.pk])


class Outcome(models.Model):
    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="outcomes")
    title = limited_text(TEXT)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "order", "pk"]

    def __str__(self):
        return self.title[:100]


class Action(Versioned):
    """A priority or action of the plan, with its BRAG rating."""

    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="actions")
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    reference = models.CharField(max_length=30, blank=True, help_text='e.g. "2.1.3".')
    text = limited_text(TEXT)
    target_date = models.DateField(null=True, blank=True)
    target_date_text = models.CharField(
        max_length=100,
        blank=True,
        help_text='The wording when no exact date is given: "Ongoing", "TBC", "Oct-20".',
    )
    lead = models.CharField(max_length=300, blank=True)
    key_partners = limited_text(TEXT, blank=True)
    success_measure = limited_text(TEXT, blank=True, help_text="How success is measured.")
    status = models.CharField(
        max_length=20, choices=ACTION_STATUS_CHOICES, default=ActionStatus.NOT_STARTED.value
    )
    cost = models.CharField(max_length=200, blank=True)
    still_to_do = limited_text(NARRATIVE, blank=True, help_text="What still needs doing.")
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="actions")
    manual_rag = models.CharField(
        max_length=10,
        choices=ACTION_RAG_CHOICES,
        blank=True,
        help_text="Overrides the calculated BRAG; give a reason.",
    )
    manual_rag_reason = limited_text(REASON, blank=True)
    notes = limited_text(NOTES, blank=True, help_text="Import notes: cells that could not be read.")
    needs_attention = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why the action should be checked, e.g. its text was cut off in the import.",
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[recommendations])

    class Meta:
        ordering = ["area__order", "order", "reference", "pk"]
        indexes = [
            # Action tracker and overdue lists: actions of an area by status and date.
            models.Index(fields=["area", "status", "target_date"], name="action_area_status_date"),
        ]

    def __str__(self):
        return f"{self.reference} {self.text[:80]}".strip()

    def clean(self):
        if manual_rag_reason_required(self.manual_rag, self.manual_rag_reason):
            raise ValidationError(
                {"manual_rag_reason": "Give a reason when you set the BRAG by hand."}
            )

    def rag(self, on):
        """BRAG on a date: a page gets it from the period it shows (ReportingPeriod.judged_on)."""
        return action_rag(
            status=self.status,
            target_date=self.target_date,
            today=on,
            manual_rag=self.manual_rag or None,
        )

    def is_overdue(self, on):
        return is_overdue(status=self.status, target_date=self.target_date, today=on)

    def judged(self, on):
        """The action as a list shows it on a date (improvement.action_rows)."""
        return ActionRow.judged(self, self.area, on)

    @property
    def is_complete(self):
        return is_complete(self.status)

    @property
    def target_date_display(self):
        return target_date_words(self.target_date, self.target_date_text)


class ActionUpdate(models.Model):
    """A dated progress entry on an action: kept, never overwritten."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=ACTION_STATUS_CHOICES)
    progress = limited_text(NARRATIVE, blank=True)
    impact = limited_text(NARRATIVE, blank=True)
    evidence = limited_text(NARRATIVE, blank=True)
    evidence_url = models.URLField(blank=True, max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # "Actions not updated this period" on my returns.
            models.Index(fields=["action", "period"], name="actionupdate_action_period"),
        ]

    def __str__(self):
        return f"Update to {self.action.reference} on {self.created_at:%d %b %Y}"


class PlanMembership(models.Model):
    """Who belongs to a plan: its admins and board members. Service managers belong through
    the areas they manage (ServiceArea.managers); superusers see every plan. What a role may
    do is still the Django group's permissions; which plans a person sees is decided here
    (improvement.roles.plans_for)."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        BOARD_MEMBER = "board_member", "Board member"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.BOARD_MEMBER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="one_membership_per_plan_user")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} of {self.plan}"


class LastPlanUsed(models.Model):
    """The plan a person last opened: where the home page takes them next time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="last_plan_used",
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)  # when they switched to it

    def __str__(self):
        return f"{self.user} last used {self.plan}"
