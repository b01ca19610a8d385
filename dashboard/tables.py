"""django-tables2 tables of the dashboard: one base sets the GOV.UK classes once."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from improvement.templatetags.tracker import rag_tag, trend_tag
from measures.rules import format_value

from . import charts
from .selectors import last_known


class GovukTable(tables.Table):
    class Meta:
        attrs = {
            "class": "govuk-table app-table",
            "thead": {"class": "govuk-table__head"},
            "tbody": {"class": "govuk-table__body"},
            "th": {"class": "govuk-table__header", "scope": "col"},
            "td": {"class": "govuk-table__cell"},
        }
        row_attrs = {"class": "govuk-table__row"}
        template_name = "tables/govuk_table.html"


def _num_attrs():
    return {
        "th": {"class": "govuk-table__header app-num", "scope": "col"},
        "td": {"class": "govuk-table__cell app-num"},
    }


# Area scorecard ---------------------------------------------------------------------------


class ScorecardTable(GovukTable):
    """An area's measures in a period; rows are scorecard MeasureRows."""

    measure = tables.Column(verbose_name="Measure", accessor="measure__name")
    baseline = tables.Column(
        verbose_name="Baseline", accessor="measure__baseline", empty_values=(), attrs=_num_attrs()
    )
    # accessor "value" (a number), not the Actual: tables2 would str() it, a query a row
    actual = tables.Column(
        verbose_name="Latest actual", accessor="value", empty_values=(), attrs=_num_attrs()
    )
    target = tables.Column(
        verbose_name="Target", accessor="target", empty_values=(), attrs=_num_attrs()
    )
    gap = tables.Column(verbose_name="Gap to target", accessor="gap_text", empty_values=())
    rag = tables.Column(verbose_name="RAG", empty_values=())
    trend = tables.Column(verbose_name="Trend", empty_values=())
    sparkline = tables.Column(
        verbose_name="Last 12 periods", accessor="measure__pk", empty_values=()
    )
    comparators = tables.Column(
        verbose_name="SN / Regional / England", accessor="measure__pk", empty_values=()
    )
    source = tables.Column(verbose_name="Source", accessor="measure__data_source", empty_values=())

    class Meta(GovukTable.Meta):
        orderable = False

    def __init__(self, *args, plan_slug, link_measures=True, **kwargs):
        self.plan_slug = plan_slug
        self.link_measures = link_measures
        super().__init__(*args, **kwargs)

    def render_measure(self, record):
        measure = record.measure
        name = measure.name
        if measure.reference:
            name = f"{measure.reference} {name}"
        if not self.link_measures:
            return name
        url = reverse("dashboard:measure", args=[self.plan_slug, measure.pk])
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, name)

    def render_baseline(self, record):
        measure = record.measure
        if measure.baseline is None:
            return measure.baseline_text or "Not set"
        when = (
            format_html(
                '<br><span class="app-small">{}</span>', measure.baseline_date.strftime("%b %Y")
            )
            if measure.baseline_date
            else ""
        )
        return format_html(
            "{}{}", format_value(measure.baseline, measure.unit, measure.decimal_places), when
        )

    def render_actual(self, record):
        measure = record.measure
        period = record.history[-1][0] if record.history else None
        if record.value is not None:
            return format_html(
                '{}<br><span class="app-small">{}</span>',
                measure.format(record.value),
                period.short_label if period else "",
            )
        known = last_known(record)
        reason = record.actual.missing_reason if record.actual else ""
        if known:
            return format_html(
                'No data{}<br><span class="app-small">Last: {} ({})</span>',
                f": {reason}" if reason else "",
                measure.format(known[1].value),
                known[0].short_label,
            )
        return format_html("No data{}", f": {reason}" if reason else "")

    def render_target(self, record):
        target = record.target
        if target is None:
            return "No target"
        measure = record.measure
        if target.upper is not None:
            return format_html(
                "{} to {}", measure.format(target.value), measure.format(target.upper)
            )
        return measure.format(target.value)

    def render_gap(self, value):
        return value or "–"

    def render_rag(self, record):
        return rag_tag(record.rag)

    def render_trend(self, record):
        return trend_tag(record.trend)

    def render_sparkline(self, record):
        return charts.sparkline_svg(record.measure, record.history)

    def render_comparators(self, record):
        measure = record.measure
        parts = [
            (label, measure.format(benchmark.value), benchmark.year)
            for _kind, label, benchmark in charts.ordered_benchmarks(record.benchmarks, short=True)
        ]
        if not parts:
            return "None (local indicator)" if measure.local_indicator else "None published"
        return format_html_join(
            mark_safe("<br>"), '{}: {} <span class="app-small">({})</span>', parts
        )

    def render_source(self, record):
        measure = record.measure
        if measure.local_indicator:
            return "; ".join(part for part in (measure.data_source, "Local indicator") if part)
        return measure.data_source or "–"


class AreaActionsTable(GovukTable):
    """An area's actions; rows are scorecard ActionRows."""

    reference = tables.Column(verbose_name="Ref", accessor="action__reference")
    text = tables.Column(verbose_name="Action", accessor="action__text")
    rag = tables.Column(verbose_name="BRAG", empty_values=())
    target_date = tables.Column(
        verbose_name="Target date", accessor="action__target_date", empty_values=()
    )
    lead = tables.Column(verbose_name="Lead", accessor="action__lead")
    status = tables.Column(verbose_name="Status", accessor="action__status", empty_values=())

    class Meta(GovukTable.Meta):
        orderable = False

    def render_rag(self, record):
        return rag_tag(record.rag)

    def render_target_date(self, record):
        if record.overdue:
            return format_html(
                '{} <strong class="app-overdue">Overdue</strong>', record.action.target_date_display
            )
        return record.action.target_date_display

    def render_status(self, record):
        return record.action.get_status_display()


# Action tracker ---------------------------------------------------------------------------


class TrackerTable(GovukTable):
    """Every action of the plan; rows are selectors.TrackerRow, sorted in Python."""

    reference = tables.Column(verbose_name="Ref", accessor="action__reference")
    area = tables.Column(
        verbose_name="Area",
        accessor="action__area__name",
        order_by=("action__area__order", "action__area__name"),
    )
    text = tables.Column(verbose_name="Action", accessor="action__text")
    rag = tables.Column(verbose_name="BRAG", empty_values=(), order_by=("rag_order",))
    target_date = tables.Column(
        verbose_name="Target date",
        accessor="action__target_date",
        empty_values=(),
        order_by=("target_sort",),
    )
    lead = tables.Column(verbose_name="Lead", accessor="action__lead")
    status = tables.Column(
        verbose_name="Status",
        accessor="action__status",
        empty_values=(),
        order_by=("action__status",),
    )
    recommendations = tables.Column(
        verbose_name="Recommendations", accessor="recommendations_text", orderable=False
    )

    class Meta(GovukTable.Meta):
        row_attrs = {
            "class": "govuk-table__row",
            "data-ref": lambda record: record.action.reference,
        }

    def __init__(self, *args, plan_slug, **kwargs):
        self.plan_slug = plan_slug
        super().__init__(*args, **kwargs)

    def render_area(self, record):
        area = record.action.area
        url = reverse("dashboard:scorecard", args=[self.plan_slug, area.pk])
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, area.name)

    def render_text(self, value):
        return value if len(value) <= 240 else value[:237] + "…"

    def render_rag(self, record):
        return rag_tag(record.rag)

    def render_target_date(self, record):
        if record.overdue:
            return format_html(
                '{} <strong class="app-overdue">Overdue</strong>', record.action.target_date_display
            )
        return record.action.target_date_display

    def render_status(self, record):
        return record.action.get_status_display()

    def render_recommendations(self, value):
        return value or "–"
