"""Finding a council or an indicator from what a person typed: "852", "852 Southampton",
"Southampton"; "ReReferral", "rereferral"."""

import re

from .models import Indicator, Place


def council_named(text) -> Place | None:
    """The council a cell or option names by its three-digit DfE code (852, "852
    Southampton") or, failing that, by its exact name; None when there is none."""
    text = " ".join(str(text).split())
    if re.fullmatch(r"\d{3}\.0", text):
        text = text[:3]
    councils = Place.objects.filter(level=Place.Level.COUNCIL)
    match = re.match(r"^(\d{3})\b", text)
    if match:
        return councils.filter(code=match.group(1)).first()
    return councils.filter(name__iexact=text).first()


def indicator_named(code) -> Indicator | None:
    """The national indicator with this catalogue code (case and spaces ignored)."""
    code = str(code).strip()
    if not code:
        return None
    return (
        Indicator.objects.filter(code=code).first()
        or Indicator.objects.filter(code__iexact=code).first()
    )
