"""Template tags shared by every page: RAG and trend labels, values in a measure's unit."""

from django import template
from django.utils.html import format_html

from measures.rules import RAG, Trend, format_value

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
        return RAG(value)
    except ValueError:
        return None


@register.simple_tag
def rag_tag(value, prefix=""):
    """A labelled RAG tag: <strong class="govuk-tag ...">Red</strong>. Blank for no value."""
    rag = _rag(value)
    if rag is None:
        return format_html('<span class="rag-none">{}</span>', "Not set")
    return format_html(
        '<strong class="govuk-tag rag-tag {} rag-{}">{}{}</strong>',
        RAG_TAG_CLASSES[rag],
        rag.value,
        f"{prefix} " if prefix else "",
        rag.label,
    )


@register.simple_tag
def trend_tag(value):
    """Trend arrow with its words, e.g. ▲ Improving."""
    try:
        trend = value if isinstance(value, Trend) else Trend(value)
    except ValueError:
        return ""
    return format_html(
        '<span class="trend trend-{}"><span aria-hidden="true">{}</span> {}</span>',
        trend.value,
        trend.symbol,
        trend.label,
    )


@register.filter
def rag_label(value):
    rag = _rag(value)
    return rag.label if rag else ""


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
