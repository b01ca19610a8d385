"""Template tags for the SPC readings (measures.spc_words): a small icon and the reading in
words. The icon carries a letter and a shape (a circle for variation, a square for assurance),
so neither it nor the words rely on colour; the key (`spc_key`) says what each means."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from measures import spc_words

register = template.Library()

# icon name -> (letter shown, CSS modifier); the words beside it always say the reading.
VARIATION_ICONS = {
    "common-cause": ("~", "common"),
    "improvement-high": ("H", "improvement"),
    "improvement-low": ("L", "improvement"),
    "concern-high": ("H", "concern"),
    "concern-low": ("L", "concern"),
    "neutral-high": ("H", "neutral"),
    "neutral-low": ("L", "neutral"),
    spc_words.NOT_ENOUGH_ICON: ("…", "not-enough"),
}
ASSURANCE_ICONS = {
    "pass": ("P", "pass"),
    "fail": ("F", "fail"),
    "hit-and-miss": ("?", "hit-and-miss"),
}
_CIRCLE = '<circle cx="10" cy="10" r="8.5"/>'
_SQUARE = '<rect x="1.5" y="1.5" width="17" height="17" rx="2"/>'


def _icon(letter, modifier, shape):
    return format_html(
        '<svg class="app-spc-icon app-spc-icon--{}" viewBox="0 0 20 20" width="20" height="20" '
        'aria-hidden="true" focusable="false">{}<text x="10" y="14.2">{}</text></svg>',
        modifier,
        mark_safe(shape),  # noqa: S308 - one of the two constant shapes above
        letter,
    )


_ICON_HTML = {
    **{name: _icon(*icon, _CIRCLE) for name, icon in VARIATION_ICONS.items()},
    **{name: _icon(*icon, _SQUARE) for name, icon in ASSURANCE_ICONS.items()},
}


def _split(text):
    """ "Label: detail" -> (label, detail)."""
    label, _, detail = text.partition(": ")
    return label, detail


def _reading_html(icon, label, rest, detail):
    """Icon, then "Label: detail" (the colon with the label) or the label alone. Written by
    hand rather than with format_html: a county's pages show hundreds of readings."""
    if detail and rest:
        words = f'{escape(label)}:</span> <span class="app-spc__detail">{escape(rest)}</span>'
    else:
        words = f"{escape(label)}</span>"
    return mark_safe(  # noqa: S308 - the icon is one of ours; every word is escaped
        f'<span class="app-spc">{_ICON_HTML[icon]}<span class="app-spc__words">'
        f'<span class="app-spc__label">{words}</span></span>'
    )


def variation_html(reading, detail=True):
    """The variation reading: icon, label and (with detail) what made it so."""
    if reading is None:
        return ""
    text = reading.variation_text
    label, rest = _split(text) if reading.enough else (text, "")
    return _reading_html(reading.variation_icon, label, rest, detail)


def assurance_html(reading, detail=True):
    """The assurance reading, or "" when there is none (no target, or too few months)."""
    if reading is None or not reading.assurance:
        return ""
    label, rest = _split(reading.assurance_text)
    return _reading_html(reading.assurance_icon, label, rest, detail)


@register.simple_tag
def spc_variation(reading, detail=True):
    return variation_html(reading, detail)


@register.simple_tag
def spc_assurance(reading, detail=True):
    return assurance_html(reading, detail)


@register.simple_tag
def spc_icon(name):
    """One icon by name, for a key."""
    return _ICON_HTML[name]


@register.simple_tag
def spc_min_points():
    """How many months a measure needs for a variation reading (spc.MIN_POINTS)."""
    return spc_words.spc.MIN_POINTS


@register.inclusion_tag("includes/spc_key.html")
def spc_key(open=False):  # noqa: A002 - the <details> attribute it sets
    """The key to the readings, closed; `open=True` for a page that is printed (the board
    pack), where a closed key would print as its summary line only."""
    return {"min_points": spc_words.spc.MIN_POINTS, "run": spc_words.spc.RUN, "open": open}
