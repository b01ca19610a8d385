"""Charts in templates: the numbers come from dashboard.charts, the markup from a template."""

from django import template
from django.template.loader import render_to_string

from dashboard import charts

register = template.Library()


@register.inclusion_tag("dashboard/includes/sparkline.html")
def sparkline(row):
    """A scorecard row's last twelve figures as a small line, read out in words."""
    return {"line": charts.sparkline(row.figures)}


@register.inclusion_tag("dashboard/includes/pack_chart.html", takes_context=True)
def pack_chart(context, row):
    """A scorecard row's printable chart with its legend and its figures in a table.

    Every chart of a board pack has the same months along its foot and heading its table:
    they are drawn once a page (kept in this render's context), not four hundred times."""
    chart = charts.printed_chart(row)
    key = ("printed chart months", tuple(chart["months"]))
    months = context.render_context.get(key)
    if months is None:
        months = context.render_context[key] = {
            "axis": render_to_string("dashboard/includes/chart_axis.html", {"chart": chart}),
            "headings": render_to_string(
                "dashboard/includes/chart_headings.html", {"chart": chart}
            ),
        }
    return {"chart": chart, "months": months}
