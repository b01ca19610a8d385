"""Filters of the board pack's PDF (templates/packs/pdf/)."""

from django import template

from packs.pdf import text_direction

register = template.Library()


@register.filter
def text_dir(value):
    """The direction of a block of free text, for its dir attribute (packs.pdf.text_direction):
    an Arabic or Hebrew report reads, and is aligned, right to left."""
    return text_direction(str(value or ""))
