"""What every cell reader shares: a cell's text, and one way of tidying it."""

import re
import unicodedata


def quote(text: str) -> str:
    return f'"{text}"'


def collapse(text: str) -> str:
    """NFKC, one kind of dash and apostrophe, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[\u2018\u2019\u02bc]", "'", text)
    return " ".join(text.split())


def cell_text(value) -> str:
    """A cell's value as text, stripped ("" for an empty cell)."""
    if value is None:
        return ""
    return str(value).strip()


def plain_text(value) -> str:
    """A cell's value as the council typed it: 5.0 (how Excel stores 5) reads "5"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return cell_text(value)
