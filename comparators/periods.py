"""When a published year ends, so an annual figure can stand on its month beside the
monthly ones: the DfE's year types, as LAIT's catalogue names them."""

import datetime

# year type -> (month, day) the year ends, in the calendar year its label ends in
YEAR_ENDS = {
    "financial year": (3, 31),  # 2024-25: April 2024 to March 2025
    "annual": (3, 31),  # at 31 March (children looked after, child protection plans)
    "academic year": (8, 31),  # 2023/24: September 2023 to August 2024
    "annual (end of sept)": (9, 30),  # the workforce census, at 30 September
    "annual - january": (1, 31),  # the January school census
    "calendar year": (12, 31),
}


def year_ends_on(year_type: str, year_end: int) -> datetime.date | None:
    """The last day a published year covers (a financial year 2024-25, year_end 2025:
    31 March 2025); None when the year type is not one the catalogue uses."""
    month_day = YEAR_ENDS.get(" ".join(str(year_type).split()).casefold())
    if month_day is None or not year_end:
        return None
    return datetime.date(year_end, *month_day)


COVERS = {
    "financial year": "financial year, April to March",
    "annual": "at 31 March",
    "academic year": "academic year, September to August",
    "annual (end of sept)": "at 30 September",
    "annual - january": "January census",
    "calendar year": "calendar year",
}


def year_covers(year_type: str) -> str:
    """What a year of this type covers, in words ("financial year, April to March"); ""
    for a type the catalogue does not use."""
    return COVERS.get(" ".join(str(year_type).split()).casefold(), "")


def year_type_words(year_type: str, year: str) -> str:
    """The year a label covers, in words: "2024-25 (financial year, April to March)"."""
    covers = year_covers(year_type)
    return f"{year} ({covers})" if covers else year
