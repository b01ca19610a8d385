"""Charts in templates: the numbers come from dashboard.charts, the markup from a template."""

from django import template

from dashboard import charts

register = template.Library()


@register.inclusion_tag("dashboard/includes/sparkline.html")
def sparkline(row):
    """A scorecard row's last twelve figures as a small line, read out in words."""
    return {"line": charts.sparkline(row.measure, row.history)}


@register.inclusion_tag("dashboard/includes/pack_chart.html")
def pack_chart(row):
    """A scorecard row's printable chart with its legend and its figures in a table."""
    return {"chart": charts.printed_chart(row)}
