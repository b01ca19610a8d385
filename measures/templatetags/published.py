"""Published figures on a page: as published, or worked out from them (measures.published)."""

from django import template

from comparators import periods
from measures import published

register = template.Library()


@register.simple_tag
def published_value(measure, value, symbol=""):
    """A published figure in the measure's unit, as published; "not published (c)" for none."""
    return published.as_published(measure.unit, value, symbol)


@register.simple_tag
def worked_out(measure, value, decimal_places=None):
    """A figure worked out from published ones (a mean), rounded to the published places."""
    return published.worked_out(measure.unit, value, decimal_places)


@register.filter
def year_covers(year_type):
    """What a published year covers: "financial year, April to March", "at 31 March"."""
    return periods.year_covers(year_type)
