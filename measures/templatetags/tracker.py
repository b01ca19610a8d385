"""Template tags shared by every page: RAG and trend labels, values in a measure's unit."""

import unicodedata

from django import template
from django.template import engines
from django.template.defaultfilters import stringfilter
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from improvement.rules import JUDGED_RAGS, RAG, Trend
from measures.rules import format_value

register = template.Library()

# GOV.UK tag colours; the text label always says the RAG, colour only reinforces it.
RAG_TAG_CLASSES = {
    RAG.BLUE: "govuk-tag--blue",
    RAG.GREEN: "govuk-tag--green",
    RAG.AMBER: "govuk-tag--orange",
    RAG.RED: "govuk-tag--red",
    RAG.NO_DATA: "govuk-tag--grey",
    RAG.NOT_RATED: "govuk-tag--grey",
}


def _rag(value):
    if isinstance(value, RAG):
        return value
    try:
        return RAG._value2member_map_[value]
    except (KeyError, TypeError):
        pass
    try:
        return RAG(value)
    except ValueError:
        return None


def _rag_html(rag, prefix=""):
    if rag is None:
        return format_html('<span class="rag-none">{}</span>', "Not set")
    return format_html(
        '<strong class="govuk-tag rag-tag {} rag-{}">{}{}</strong>',
        RAG_TAG_CLASSES[rag],
        rag.value,
        f"{prefix} " if prefix else "",
        rag.label,
    )


def _trend_html(trend):
    return format_html(
        '<span class="trend trend-{}"><span aria-hidden="true">{}</span> {}</span>',
        trend.value,
        trend.symbol,
        trend.label,
    )


# Written once: pages show hundreds of these.
_RAG_HTML = {rag: _rag_html(rag) for rag in RAG}
_NO_RAG_HTML = _rag_html(None)
_TREND_HTML = {trend: _trend_html(trend) for trend in Trend}


@register.simple_tag
def rag_tag(value, prefix=""):
    """A labelled RAG tag: <strong class="govuk-tag ...">Red</strong>. Blank for no value."""
    rag = _rag(value)
    if prefix:
        return _rag_html(rag, prefix)
    return _RAG_HTML[rag] if rag is not None else _NO_RAG_HTML


@register.simple_tag
def trend_tag(value):
    """Trend arrow with its words, e.g. ▲ Improving."""
    try:
        trend = value if isinstance(value, Trend) else Trend(value)
    except ValueError:
        return ""
    return _TREND_HTML[trend]


@register.filter
def rag_label(value):
    rag = _rag(value)
    return rag.label if rag else ""


@register.filter
def rag_is_judged(value):
    """Whether a stored RAG is a rating (Red, Amber, Green, Blue), not "No data"."""
    return _rag(value) in JUDGED_RAGS


@register.simple_tag
def partial(name, **values):
    """One of the Jinja2 partials that pages repeat by the hundred (templates/jinja2/, see
    config/jinja2.py), drawn in place with the values given."""
    html = engines["jinja2"].get_template(name).render(values)
    return mark_safe(html)  # noqa: S308 - Jinja2 escaped all it wrote


@register.simple_tag
def measure_value(measure, value):
    """A value in the measure's own unit and precision."""
    return format_value(value, measure.unit, measure.decimal_places)


@register.inclusion_tag("includes/rag_key.html")
def rag_key(include_blue=False):
    rags = [RAG.GREEN, RAG.AMBER, RAG.RED, RAG.NO_DATA]
    if include_blue:
        rags.insert(0, RAG.BLUE)
    return {"rags": rags, "include_blue": include_blue}


@register.filter(is_safe=True)
@stringfilter
def truncate_chars(value, arg):
    """Django's truncatechars, without its character-by-character count for text that is
    short enough already (most of it): long tables of actions use it on every row."""
    try:
        length = int(arg)
    except ValueError:  # as truncatechars: fail silently
        return value
    if length > 0 and len(value) <= length and unicodedata.is_normalized("NFC", value):
        return value
    return Truncator(value).chars(length)
