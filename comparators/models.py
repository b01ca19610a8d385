"""The DfE's published statistics: the national indicator catalogue, the councils and
regions they are published for, the statistical neighbour models, and the published
figures themselves, with where each came from and what replaced what.

This app knows nothing of plans: a plan names its council and neighbour model, a measure
names its indicator; the comparisons are worked out in `comparators.comparisons`.
"""

from django.conf import settings
from django.db import models


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEITHER = "neither", "No better direction"


class NeighbourModel(models.TextChoices):
    """The DfE's children's services statistical neighbour models."""

    MAY_2025 = "2025-05", "May 2025"
    APRIL_2021 = "2021-04", "April 2021"


DEFAULT_NEIGHBOUR_MODEL = NeighbourModel.MAY_2025


class Indicator(models.Model):
    """One national indicator as the DfE's catalogue (LAIT) describes it: facts only."""

    code = models.CharField(
        max_length=60, unique=True, help_text="LAIT's short name, e.g. ReReferral."
    )
    lait_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="LAIT's measure number, where it has one."
    )
    name = models.CharField(max_length=300)
    topic = models.CharField(max_length=100, blank=True)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    unit = models.CharField(max_length=100, blank=True, help_text="The unit as published.")
    decimal_places = models.PositiveSmallIntegerField(null=True, blank=True)
    year_type = models.CharField(max_length=60, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    quartiles = models.BooleanField(
        default=True, help_text="False where the DfE publishes no quartile bands for it."
    )
    columns = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Where the indicator is found in the DfE's open-data files: a list of "
            '{"column": [names, newest first], "where": {column: value}}.'
        ),
    )

    class Meta:
        ordering = ["topic", "name"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Place(models.Model):
    """A council, a region or England, by the DfE's old three-digit code (970 England,
    980-990 regions)."""

    class Level(models.TextChoices):
        COUNCIL = "council", "Council"
        REGION = "region", "Region"
        ENGLAND = "england", "England"

    code = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)
    level = models.CharField(max_length=10, choices=Level.choices)
    region = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=(
            "A council's region as published (Inner or Outer London for a London borough); "
            "for Inner and Outer London, London."
        ),
    )

    class Meta:
        ordering = ["level", "name"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Neighbour(models.Model):
    """One of a council's ten statistical neighbours in one model, nearest first."""

    model = models.CharField(max_length=10, choices=NeighbourModel.choices)
    council = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="neighbours")
    neighbour = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    closeness = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["model", "council", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "council", "position"], name="one_neighbour_per_position"
            )
        ]

    def __str__(self):
        return f"{self.council.name} {self.position}: {self.neighbour.name}"


class Load(models.Model):
    """One file loaded: which, by whom, when, and what it changed."""

    file_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    loaded_at = models.DateTimeField(auto_now_add=True)
    rows_read = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self):
        return f"{self.file_name} ({self.loaded_at:%d %b %Y %H:%M})"


class PublishedFigure(models.Model):
    """An indicator's published figure for a place and year, or "not published" with the
    DfE's symbol. A symbol is never a number and never zero."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="figures")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="figures")
    year = models.CharField(max_length=30, help_text="The year label as published.")
    year_end = models.PositiveSmallIntegerField(
        help_text="The calendar year the label ends in, for ordering (2024-25 -> 2025)."
    )
    value = models.DecimalField(max_digits=22, decimal_places=6, null=True, blank=True)
    symbol = models.CharField(
        max_length=5, blank=True, help_text="c, x, z, u, k, low or - where no figure."
    )
    load = models.ForeignKey(Load, on_delete=models.PROTECT, related_name="figures")

    class Meta:
        ordering = ["indicator", "place", "year_end", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "place", "year"], name="one_figure_per_place_year"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) ^ models.Q(symbol=""),
                name="figure_is_a_value_or_a_symbol",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year_end"], name="figure_indicator_year")]

    def __str__(self):
        return f"{self.indicator.code} {self.place.code} {self.year}: {self.value_text}"

    @property
    def value_text(self):
        return self.symbol if self.value is None else f"{self.value.normalize():f}"


class FigureChange(models.Model):
    """A published figure a newer release replaced: what it was and what it became."""

    figure = models.ForeignKey(PublishedFigure, on_delete=models.CASCADE, related_name="changes")
    load = models.ForeignKey(Load, on_delete=models.CASCADE, related_name="changes")
    old_value = models.DecimalField(max_digits=22, decimal_places=6, null=True, blank=True)
    old_symbol = models.CharField(max_length=5, blank=True)
    new_value = models.DecimalField(max_digits=22, decimal_places=6, null=True, blank=True)
    new_symbol = models.CharField(max_length=5, blank=True)

    class Meta:
        ordering = ["-load__loaded_at"]

    def __str__(self):
        return f"{self.figure}: was {self.old_value if self.old_symbol == '' else self.old_symbol}"

    @property
    def old_text(self):
        return self.old_symbol or f"{self.old_value.normalize():f}"

    @property
    def new_text(self):
        return self.new_symbol or f"{self.new_value.normalize():f}"
