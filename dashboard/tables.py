"""django-tables2 tables of the dashboard: one base sets the GOV.UK classes once."""

from html import escape as _escape

import django_tables2 as tables
from django.db import models
from django.template import Context
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.safestring import SafeData, SafeString
from django_tables2.utils import signature as tables2_signature

from improvement.models import Action
from measures.rules import format_value
from measures.templatetags.tracker import rag_tag, trend_tag

from . import charts
from .selectors import last_known


class GovukTable(tables.Table):
    """GOV.UK classes, and body rows rendered in one pass (see `body_rows_html`)."""

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

    @property
    def fast_body(self):
        """True when body_rows_html can write this table's rows (see _FastColumn)."""
        return all(_FastColumn.supports(column) for column in self.columns)

    def body_rows_html(self):
        """The rows of the table's body (this page of it), exactly as django-tables2's template
        writes them (templates/dashboard/_table.html): the same values, render_* methods,
        attributes and escaping, without working out each cell's attributes and each render
        method's signature again for every cell, which made big tables slow.
        """
        columns = [_FastColumn(column) for column in self.columns]
        static_row_attrs = not any(callable(v) for v in self.row_attrs.values())
        row_attrs_html = {}  # "even"/"odd" -> attributes, when they do not depend on the row
        context = Context(autoescape=True)
        out = []
        for row in self.paginated_rows:  # BoundRows: counts the rows for their even/odd class
            if static_row_attrs:
                parity = row.get_even_odd_css_class()
                if parity not in row_attrs_html:
                    row_attrs_html[parity] = row.attrs.as_html()
                attrs = row_attrs_html[parity]
            else:
                attrs = row.attrs.as_html()
            out.append(_ROW_START.format(attrs))
            for column in columns:
                value = column.cell(row)
                if isinstance(value, SafeData):
                    html = value
                elif isinstance(value, str):
                    html = _escape(value)
                else:
                    html = render_value_in_context(value, context)
                out.append(f"{column.td}{html}{_CELL_END}")
            out.append(_ROW_END)
        return SafeString("".join(out))  # every cell escaped as the template would


# The whitespace of django_tables2/table.html around each row and cell, so the page is the same.
_ROW_START = "\n" + " " * 20 + "\n" + " " * 20 + "<tr {}>\n" + " " * 24
_CELL_START = "\n" + " " * 28 + "<td {}>"
_CELL_END = "</td>\n" + " " * 24
_ROW_END = "\n" + " " * 20 + "</tr>\n" + " " * 20 + "\n" + " " * 16
_RENDER_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")


_ARGUMENTS_OF = {}  # render function -> the arguments it takes, or None


def _render_arguments(render):
    """Which of the arguments django-tables2 offers a render method takes, as
    call_with_appropriate works out for every cell, worked out once per method; None when
    it wants one that is not offered (django-tables2 then writes None without calling it).
    """
    key = getattr(render, "__func__", render)
    if key not in _ARGUMENTS_OF:
        names, catch_all = tables2_signature(render)
        if catch_all:
            _ARGUMENTS_OF[key] = _RENDER_ARGUMENTS
        elif any(name not in _RENDER_ARGUMENTS for name in names):
            _ARGUMENTS_OF[key] = None
        else:
            _ARGUMENTS_OF[key] = tuple(name for name in _RENDER_ARGUMENTS if name in names)
    return _ARGUMENTS_OF[key]


class _SlowCell(Exception):
    """This cell needs django-tables2's own way of reading its value."""


class _FastColumn:
    """One column's cells as BoundRow.get_cell gives them, with the per-column work done once.

    Handles what the dashboard's tables use: plain columns over records that are not models
    nor mappings, read by attribute. Anything else in a cell (an item lookup, a model
    record, a lookup that fails) is handed to django-tables2 for that cell.
    """

    @staticmethod
    def supports(bound_column):
        attrs = {**bound_column._table.attrs, **bound_column.column.attrs}  # as BoundColumn
        td = attrs.get("td", attrs.get("cell", {}))
        return (
            not bound_column.link
            and _render_arguments(bound_column.render) is not None
            and bound_column.localize is None
            and not any(callable(v) for v in td.values())
            and bool(bound_column.accessor)
        )

    def __init__(self, bound_column):
        self.bound_column = bound_column
        self.name = bound_column.name
        self.td = _CELL_START.format(bound_column.attrs["td"].as_html())
        self.render = bound_column.render
        self.arguments = _render_arguments(self.render)
        self.empty_values = bound_column.column.empty_values
        self.default = bound_column.default
        self.bits = str(bound_column.accessor).split("__")
        # Rendered from the record alone, whatever its value: no value to read.
        self.record_only = not self.empty_values and "value" not in self.arguments

    def _call(self, row, value):
        arguments = self.arguments
        if arguments == ("record",):
            return self.render(record=row.record)
        if arguments == ("value",):
            return self.render(value=value)
        available = {
            "value": value,
            "record": row.record,
            "column": self.bound_column.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": row.table,
        }
        return self.render(**{name: available[name] for name in arguments})

    def _value(self, record):
        """Accessor.resolve for attribute lookups only; _SlowCell for anything else."""
        if isinstance(record, models.Model):
            raise _SlowCell  # django-tables2 may use get_FOO_display()
        current = record
        for bit in self.bits:
            if hasattr(type(current), "__getitem__"):
                raise _SlowCell  # django-tables2 tries an item lookup first
            try:
                current = getattr(current, bit)
            except Exception:
                raise _SlowCell from None
            if callable(current):
                if getattr(current, "alters_data", False):
                    raise _SlowCell
                if not getattr(current, "do_not_call_in_templates", False):
                    try:
                        current = current()
                    except Exception:
                        raise _SlowCell from None
            if current is None:
                break
        return current

    def cell(self, row):
        if self.record_only:
            return self._call(row, None)
        try:
            value = self._value(row.record)
        except _SlowCell:
            return row.get_cell(self.name)
        if value in self.empty_values:
            return self.default
        return self._call(row, value)


def html_format(format_string, *args):
    """format_html with positional arguments (each escaped unless safe): the same HTML, without
    the lazy-text wrappers that make format_html slow in tables of hundreds of rows."""
    return SafeString(  # mark_safe, less its lazy-text wrapper: every argument is escaped
        format_string.format(
            *[a.__html__() if hasattr(a, "__html__") else _escape(str(a)) for a in args]
        )
    )


_STATUS_LABELS = dict(Action._meta.get_field("status").flatchoices)


def status_label(action):
    """action.get_status_display(), from a dict made once."""
    return str(_STATUS_LABELS.get(action.status, action.status))


class _Urls:
    """reverse(name, args=[slug, pk]) for many pks of one plan: reversed once, then filled in."""

    MARK = 918273645

    def __init__(self, name):
        self.name = name
        self.pattern = None

    def url(self, slug, pk):
        if self.pattern is None:
            pattern = reverse(self.name, args=[slug, self.MARK])
            self.pattern = (slug, pattern) if pattern.count(str(self.MARK)) == 1 else (slug, "")
        if self.pattern[0] != slug or not self.pattern[1] or type(pk) is not int:
            return reverse(self.name, args=[slug, pk])
        return self.pattern[1].replace(str(self.MARK), str(pk))


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
        self._measure_urls = _Urls("dashboard:measure")
        super().__init__(*args, **kwargs)

    def render_measure(self, record):
        measure = record.measure
        name = measure.name
        if measure.reference:
            name = f"{measure.reference} {name}"
        if not self.link_measures:
            return name
        url = self._measure_urls.url(self.plan_slug, measure.pk)
        return html_format('<a class="govuk-link" href="{}">{}</a>', url, name)

    def render_baseline(self, record):
        measure = record.measure
        if measure.baseline is None:
            return measure.baseline_text or "Not set"
        when = (
            html_format(
                '<br><span class="app-small">{}</span>', measure.baseline_date.strftime("%b %Y")
            )
            if measure.baseline_date
            else ""
        )
        return html_format(
            "{}{}", format_value(measure.baseline, measure.unit, measure.decimal_places), when
        )

    def render_actual(self, record):
        measure = record.measure
        period = record.history[-1][0] if record.history else None
        if record.value is not None:
            return html_format(
                '{}<br><span class="app-small">{}</span>',
                measure.format(record.value),
                period.short_label if period else "",
            )
        known = last_known(record)
        reason = record.actual.missing_reason if record.actual else ""
        if known:
            return html_format(
                'No data{}<br><span class="app-small">Last: {} ({})</span>',
                f": {reason}" if reason else "",
                measure.format(known[1].value),
                known[0].short_label,
            )
        return html_format("No data{}", f": {reason}" if reason else "")

    def render_target(self, record):
        target = record.target
        if target is None:
            return "No target"
        measure = record.measure
        if target.upper is not None:
            return html_format(
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
        return SafeString(  # format_html_join: each part escaped by html_format
            "<br>".join(
                html_format('{}: {} <span class="app-small">({})</span>', *part) for part in parts
            )
        )

    def render_source(self, record):
        measure = record.measure
        if measure.local_indicator:
            return "; ".join(part for part in (measure.data_source, "Local indicator") if part)
        return measure.data_source or "–"


class _ActionCells:
    """How an action's BRAG, target date and status are shown, in every table of actions
    (rows carry .action, .rag and .overdue)."""

    def render_rag(self, record):
        return rag_tag(record.rag)

    def render_target_date(self, record):
        if record.overdue:
            return html_format(
                '{} <strong class="app-overdue">Overdue</strong>', record.action.target_date_display
            )
        return record.action.target_date_display

    def render_status(self, record):
        return status_label(record.action)


class AreaActionsTable(_ActionCells, GovukTable):
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


# Action tracker ---------------------------------------------------------------------------


class TrackerTable(_ActionCells, GovukTable):
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
        self._area_urls = _Urls("dashboard:scorecard")
        super().__init__(*args, **kwargs)

    def render_area(self, record):
        area = record.action.area
        url = self._area_urls.url(self.plan_slug, area.pk)
        return html_format('<a class="govuk-link" href="{}">{}</a>', url, area.name)

    def render_text(self, value):
        return value if len(value) <= 240 else value[:237] + "…"

    def render_recommendations(self, value):
        return value or "–"
