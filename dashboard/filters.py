"""The action tracker's filters.

Stored fields (area, status, lead, target date, recommendation) are filtered in SQL by
django-filter. BRAG and "overdue only" are worked out by the rules in `measures.rules`
(through `Action.rag` and `Action.is_overdue`), so they are applied to the rows after
the query by `ActionFilter.filter_rows`, never re-implemented in SQL.
"""

import django_filters
from django import forms

from improvement.models import (
    ACTION_RAG_CHOICES,
    ACTION_STATUS_CHOICES,
    Action,
    Recommendation,
    ServiceArea,
)


def _computed_on_rows(queryset, name, value):
    """BRAG and overdue are judged per row by the rules: see ActionFilter.filter_rows."""
    return queryset


class ActionFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        label="Service area", queryset=ServiceArea.objects.none(), empty_label="All areas"
    )
    brag = django_filters.ChoiceFilter(
        label="BRAG", choices=ACTION_RAG_CHOICES, empty_label="Any", method=_computed_on_rows
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=ACTION_STATUS_CHOICES, empty_label="Any"
    )
    lead = django_filters.CharFilter(label="Lead", lookup_expr="icontains")
    due_from = django_filters.DateFilter(
        label="Target date from",
        field_name="target_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_to = django_filters.DateFilter(
        label="Target date to",
        field_name="target_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    recommendation = django_filters.ModelChoiceFilter(
        label="Recommendation",
        field_name="recommendations",
        queryset=Recommendation.objects.none(),
        empty_label="Any",
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue only", widget=forms.CheckboxInput, method=_computed_on_rows
    )

    class Meta:
        model = Action
        fields = []

    def __init__(self, data=None, *args, plan, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["area"].queryset = ServiceArea.objects.filter(plan=plan).order_by(
            "order", "name"
        )
        self.filters["recommendation"].queryset = Recommendation.objects.filter(plan=plan).order_by(
            "order", "reference"
        )
        self.filters["recommendation"].field.label_from_instance = _recommendation_label

    def filter_rows(self, rows):
        """Keep the rows (with .rag and .overdue worked out) that match BRAG and overdue."""
        self.errors  # noqa: B018 - validates the form so cleaned_data exists
        cleaned = getattr(self.form, "cleaned_data", {})
        if cleaned.get("brag"):
            rows = [row for row in rows if row.rag == cleaned["brag"]]
        if cleaned.get("overdue"):
            rows = [row for row in rows if row.overdue]
        return rows

    @property
    def active(self):
        """True when any filter narrows the list."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return any(value not in (None, "", False) for value in cleaned.values())


def _recommendation_label(recommendation):
    text = recommendation.text if len(recommendation.text) <= 70 else recommendation.text[:67]
    ellipsis = "…" if len(recommendation.text) > 70 else ""
    return f"{recommendation.get_source_display()} {recommendation.reference}: {text}{ellipsis}"
