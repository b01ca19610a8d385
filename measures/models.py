"""Measures (KPIs), their targets over time, monthly actuals and comparators."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from improvement.fields import NOTES, REASON, TEXT, limited_text
from improvement.models import ReportingPeriod, ServiceArea
from improvement.versioning import Versioned

from . import rules, trajectory
from .rules import Direction, Frequency, Unit

UNIT_CHOICES = [
    (Unit.PERCENT.value, "Percentage (%)"),
    (Unit.COUNT.value, "Count"),
    (Unit.RATE.value, "Rate (e.g. per 10,000 children aged 0-17)"),
    (Unit.DAYS.value, "Days"),
    (Unit.RATIO.value, "Ratio"),
    (Unit.SCORE.value, "Score"),
]
DIRECTION_CHOICES = [
    (Direction.HIGHER.value, "Higher is better"),
    (Direction.LOWER.value, "Lower is better"),
    (Direction.RANGE.value, "Within a range"),
    (Direction.MONITOR.value, "Monitor only (no RAG)"),
]


class Measure(models.Model):
    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="measures")
    reference = models.CharField(max_length=30, blank=True)
    name = limited_text(REASON)
    unit = models.CharField(max_length=10, choices=UNIT_CHOICES, default=Unit.PERCENT.value)
    unit_label = models.CharField(
        max_length=100,
        blank=True,
        help_text='What is counted, e.g. "children", "per 10,000 children aged 0-17".',
    )
    direction = models.CharField(
        max_length=10, choices=DIRECTION_CHOICES, default=Direction.HIGHER.value
    )
    decimal_places = models.PositiveSmallIntegerField(
        default=1,
        validators=[MaxValueValidator(4, "A measure can be recorded to at most 4 decimal places.")],
        help_text="How many decimal places its figures may have (at most 4).",
    )
    baseline = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    baseline_text = models.CharField(
        max_length=300, blank=True, help_text="The baseline as first written, when it had words."
    )
    tolerance_pct = models.DecimalField(
        "amber tolerance (% of target)",
        max_digits=6,
        decimal_places=2,
        default=rules.DEFAULT_TOLERANCE_PCT,
        help_text="How far short of the target, as a percentage of it, still counts as Amber.",
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices(), default=Frequency.MONTHLY.value
    )
    data_source = models.CharField(max_length=200, blank=True)
    local_indicator = models.BooleanField(
        default=False, help_text="No published comparator exists for this measure."
    )
    indicator = models.ForeignKey(
        "comparators.Indicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
        help_text="The national indicator this measure is, whose published figures compare it.",
    )
    outcome_text = limited_text(TEXT, blank=True, help_text="The outcome this measure evidences.")
    notes = limited_text(NOTES, blank=True, help_text="Import notes: cells that could not be read.")
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__order", "order", "pk"]
        indexes = [models.Index(fields=["area", "order"], name="measure_area_order")]

    def __str__(self):
        return self.name[:120]

    def get_absolute_url(self):
        return reverse("dashboard:measure", args=[self.area.plan.slug, self.pk])

    @property
    def title(self):
        """The measure as tables name it: its reference, then its name."""
        return f"{self.reference} {self.name}" if self.reference else self.name

    @property
    def source_label(self):
        """Where its figures come from, saying when no published comparator exists."""
        if self.local_indicator:
            return "; ".join(part for part in (self.data_source, "Local indicator") if part)
        return self.data_source

    def clean(self):
        if self.tolerance_pct is not None and self.tolerance_pct < 0:
            raise ValidationError({"tolerance_pct": "The tolerance cannot be negative."})
        if self.indicator_id and self.local_indicator:
            raise ValidationError(
                {
                    "local_indicator": "A measure linked to a national indicator is not a local "
                    "indicator: untick this, or remove the link."
                }
            )
        if self.baseline is not None:
            errors = rules.validate_value(self.baseline, self.unit, self.decimal_places)
            if errors:
                raise ValidationError({"baseline": errors})
        finer = self.finer_figure()
        if finer is not None:
            places = rules.decimal_places_of(finer.value)
            raise ValidationError(
                {
                    "decimal_places": f"The figure for {finer.period.label} is "
                    f"{rules.figure_text(finer.value)}: record this measure to at least "
                    f"{places} decimal place{'' if places == 1 else 's'}."
                }
            )

    def finer_figure(self):
        """A saved figure with more decimal places than the measure is now recorded to (one
        would be shown rounded), or None."""
        if self.pk is None or self.decimal_places is None:
            return None
        figures = (
            self.actuals.exclude(value=None).select_related("period").order_by("period__month")
        )
        return next(
            (f for f in figures if rules.decimal_places_of(f.value) > self.decimal_places), None
        )

    @property
    def better(self) -> str:
        """Which way is better, as the SPC rules (measures.spc) read it: "higher", "lower",
        or "neither" for a measure judged within a range or monitored only."""
        judged = self.direction in (Direction.HIGHER, Direction.LOWER)
        return str(self.direction) if judged else "neither"

    def target_for(self, month, targets=None):
        """What a figure for the month is judged against: the target in force, or the month's
        point on a trajectory to the next target (measures.trajectory); pass prefetched
        targets to avoid a query."""
        return trajectory.target_on(
            self.targets.all() if targets is None else targets,
            month,
            baseline=self.baseline,
            baseline_date=self.baseline_date,
            decimal_places=self.decimal_places,
        )

    def _judged_against(self, target):
        """What the rules judge a figure by: this measure's direction and the target."""
        if target is None:
            return {"direction": self.direction, "target": None, "target_upper": None}
        return {"direction": self.direction, "target": target.value, "target_upper": target.upper}

    def rag_for(self, value, target):
        return rules.measure_rag(
            value,
            tolerance_pct=self.tolerance_pct,
            strict=_strict(target),
            **self._judged_against(target),
        )

    def target_words(self, target) -> str:
        """The target as the board reads it, e.g. "above 95%" or "95% or more"; a month on a
        trajectory says where it leads: "71.3% or more (trajectory to 80% or more by March
        2021)"."""
        if target is None:
            return "No target"
        words = rules.target_words(
            target.value,
            upper=target.upper,
            direction=self.direction,
            strict=_strict(target),
            unit=self.unit,
            decimal_places=self.decimal_places,
        )
        if trajectory.is_trajectory(target):
            toward = target.toward
            words += (
                f" (trajectory to {self.target_words(toward)} by {toward.effective_from:%B %Y})"
            )
        return words

    def later_target_words(self, target) -> str:
        """A target not yet in force, e.g. "Target of 200 or more from April 2023"."""
        return rules.later_target_words(self.target_words(target), target.effective_from)

    def trend_for(self, value, previous_value, target):
        """Change from the previous figure, judged by this measure's direction."""
        return rules.trend(value, previous_value, **self._judged_against(target))

    def gap_text(self, value, target):
        """The gap to the target in words, e.g. "6 percentage points below target"; against
        a trajectory, "Behind trajectory by 2 percentage points" or "On trajectory"."""
        noun = self.unit_label if self.unit in (Unit.COUNT, Unit.RATE) else ""
        if trajectory.is_trajectory(target):
            return trajectory.trajectory_gap_words(
                value, target, direction=self.direction, unit=self.unit, noun=noun
            )
        return rules.describe_gap(
            value, **self._judged_against(target), unit=self.unit, noun=noun, strict=_strict(target)
        )

    def format(self, value):
        return rules.format_value(value, self.unit, self.decimal_places)

    def commentary_error(self, value, commentary, target) -> str:
        """Why a figure entered by hand needs commentary it lacks ("" when it does not): the
        rule the returns form and the Django admin both apply (measures.rules). Imports bring
        the data team's figures before their managers comment, so they warn instead."""
        if value is None or (commentary or "").strip():
            return ""
        if not rules.commentary_required(self.rag_for(value, target)):
            return ""
        against = f" against the target of {self.target_words(target)}" if target else ""
        return (
            f"{self.format(value)} is Red{against}: add commentary saying why "
            "and what is being done"
        )


def _strict(target) -> bool:
    """Whether a target (a Target, or a row read with its fields) is met only by a better
    figure; rows read without the field are not."""
    return bool(getattr(target, "strict", False)) if target is not None else False


class Target(models.Model):
    """A target from a date on: interim targets change over the life of a plan."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    effective_from = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4)
    upper = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Upper bound, for measures judged within a range.",
    )
    strict = models.BooleanField(
        "strictly better",
        default=False,
        help_text='Met only by a figure better than the target ("above 95%"), not by one equal '
        'to it ("95% or more").',
    )
    trajectory = models.BooleanField(
        "straight-line trajectory",
        default=False,
        help_text="Reached month by month in a straight line from the target before it (or "
        "the baseline): each month before this date is judged against the line's value.",
    )
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "effective_from"], name="one_target_per_measure_date"
            )
        ]

    def __str__(self):
        return f"{self.value} from {self.effective_from:%b %Y}"

    def clean(self):
        if self.upper is not None and self.value is not None and self.upper < self.value:
            raise ValidationError({"upper": "The upper bound must not be below the target."})
        if self.trajectory:
            self._clean_trajectory()

    def _clean_trajectory(self):
        """A trajectory is a straight line to one figure, from the target before it or, for
        the first target, from the measure's dated baseline: it needs both ends."""
        if self.upper is not None:
            raise ValidationError(
                {"trajectory": "A trajectory leads to one figure: a range target is a step."}
            )
        if self.measure_id is None or self.effective_from is None:
            return
        measure = self.measure
        earlier = measure.targets.filter(effective_from__lt=self.effective_from)
        if earlier.exclude(pk=self.pk).exists():
            return
        baseline_dated = measure.baseline is not None and measure.baseline_date is not None
        if not baseline_dated or measure.baseline_date >= self.effective_from:
            raise ValidationError(
                {
                    "trajectory": "Set the measure's baseline and its date, or an earlier "
                    "target: the trajectory starts there."
                }
            )


class Actual(Versioned):
    """One value per measure per reporting period."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="actuals")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="actuals")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    missing_reason = limited_text(
        REASON, blank=True, help_text="Why there is no value this period (required when empty)."
    )
    commentary = limited_text(TEXT, blank=True)
    illustrative = models.BooleanField(
        default=False, help_text="Made-up demonstration figure, not a published one."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period__month"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_actual_per_period")
        ]
        indexes = [
            # Scorecards read every area's actuals for a run of periods.
            models.Index(fields=["period", "measure"], name="actual_period_measure"),
            # The SPC readings read every figure of a plan's measures, in measure and period
            # order (measures.scorecard._series): from this index alone, not the table.
            models.Index(fields=["measure", "period", "value"], name="actual_measure_series"),
        ]

    def __str__(self):
        return f"{self.measure} — {self.period}"

    def target(self):
        """The measure's target in force in this figure's period (a query or two)."""
        return self.measure.target_for(self.period.month)

    def commentary_error(self) -> str:
        """Why this figure, entered by hand, needs commentary it lacks (see Measure)."""
        return self.measure.commentary_error(self.value, self.commentary, self.target())

    def clean(self):
        errors = {}
        if rules.figure_is_missing(self.value, self.missing_reason):
            errors["missing_reason"] = "Explain why there is no value for this period."
        if self.value is not None and self.measure_id:
            messages = rules.validate_value(
                self.value, self.measure.unit, self.measure.decimal_places
            )
            if messages:
                errors["value"] = messages
        if errors:
            raise ValidationError(errors)


class Rebase(Versioned):
    """A month from which a measure's process is read afresh: a new service model or a change
    of definition starts a new segment of its SPC chart (measures.spc), with a new mean and
    new limits. Who marked it and why are kept, and its history records every change."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="rebases")
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The first month of the new process.",
    )
    reason = limited_text(REASON, help_text="What changed, e.g. a new front door or definition.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period__month"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_rebase_per_month")
        ]

    def __str__(self):
        return f"{self.measure} — new process from {self.period}"

    def clean(self):
        errors = {}
        if not (self.reason or "").strip():
            errors["reason"] = "Say what changed: the reason is shown beside the chart."
        if self.measure_id and self.period_id and self.period.plan_id != self.measure.area.plan_id:
            errors["period"] = "Choose a month of this measure's plan."
        if errors:
            raise ValidationError(errors)


class Benchmark(models.Model):
    class Kind(models.TextChoices):
        STATISTICAL_NEIGHBOURS = "sn", "Statistical neighbours"
        REGIONAL = "regional", "Regional"
        NATIONAL = "national", "National (England)"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="benchmarks")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The year the comparator relates to; blank when the source does not say.",
    )
    value = models.DecimalField(max_digits=14, decimal_places=4)
    source = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "kind", models.F("year").desc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "kind", "year"], name="one_benchmark_per_kind_year"
            ),
            models.UniqueConstraint(
                fields=["measure", "kind"],
                condition=models.Q(year__isnull=True),
                name="one_undated_benchmark_per_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.year_text}): {self.value}"

    @property
    def year_text(self):
        """The comparator's year as a page shows it: the source's, never one made up."""
        return rules.comparator_year(self.year)


SHORT_KIND_LABELS = {"sn": "SN", "regional": "Regional", "national": "England"}
KIND_ORDER = list(SHORT_KIND_LABELS)  # the board reads comparators in this order
