"""What every cell reader shares: a cell's text, one way of tidying it, and how an imported
name or value is compared with a stored one."""

import unicodedata
from decimal import Decimal


def quote(text: str) -> str:
    return f'"{text}"'


# One kind of dash and apostrophe: each of these characters as the one kept.
_SAME_CHARACTER = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u2018\u2019\u02bc", "'"),
    }
)


def collapse(text: str) -> str:
    """NFKC, one kind of dash and apostrophe, single spaces."""
    if not text.isascii():  # ASCII text is its own NFKC form and has no such dash
        text = unicodedata.normalize("NFKC", text).translate(_SAME_CHARACTER)
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


def norm(text) -> str:
    """A name as compared: one kind of dash and apostrophe, single spaces, any case."""
    return collapse(str(text or "")).casefold()


def short(text, length=70) -> str:
    """Text shortened for a message, on one line."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def same(old, new) -> bool:
    """Whether a stored value equals an imported one (2 == 2.0000, None == "" for text)."""
    if old is None and new is None:
        return True
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        if old is None or new is None:
            return False
        try:
            return Decimal(str(old)) == Decimal(str(new))
        except ArithmeticError:
            return False
    if isinstance(old, str) or isinstance(new, str):
        return (old or "") == (new or "")
    return old == new
