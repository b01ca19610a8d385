"""Rules for published figures: what a symbol means, and what a year label says."""

import re

# The DfE's symbols for a figure that is not published (explore-education-statistics), and
# LAIT's "-" (no figure, without saying why). None is a number; none is zero.
SYMBOLS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "k": "rounds to zero, but is not zero",
    "low": "rounds to zero, but is not zero",
    "-": "not published",
}


def symbol_meaning(symbol):
    """The words for a symbol, e.g. "c" -> "suppressed to protect confidentiality"."""
    return SYMBOLS.get(symbol, "not published")


class YearLabelError(ValueError):
    """A year label that says no year we can read."""


# LAIT's labels (and the open-data `time_period`): a year (2025), a financial or academic
# year (2024-25, 2023/24, 202425), with a note ("2016-17 (OT)", "2018 (Rev)", "2020 (Final)",
# "2025 (prov)"), or a span of years (2014-16, 2019/20-21/22).
_NOTE = re.compile(r"\s*\((?:OT|Rev|Final|prov|Provisional|Revised)\)\s*$", re.IGNORECASE)
_FORMS = (
    re.compile(r"^(?P<end>(?:19|20)\d\d)$"),  # 2025
    re.compile(r"^(?P<start>(?:19|20)\d\d)(?P<end>\d\d)$"),  # 202425 (open data)
    re.compile(r"^(?P<start>(?:19|20)\d\d)\s*[-/]\s*(?P<end>\d\d|(?:19|20)\d\d)$"),  # 2024-25
    # three-year spans: 2019/20-21/22 ends in 2022
    re.compile(r"^(?P<start>(?:19|20)\d\d)/\d\d\s*-\s*\d\d/(?P<end>\d\d)$"),
)


def year_end(label):
    """The calendar year a published year label ends in, for ordering and for keying the
    same year from two sources: "2024-25" -> 2025, "2019/20-21/22" -> 2022, "2018 (Rev)"
    -> 2018. Raises YearLabelError for a label that names no year (LAIT's stray "0")."""
    text = _NOTE.sub("", str(label or "").strip())
    for form in _FORMS:
        match = form.match(text)
        if match is None:
            continue
        end = match.group("end")
        if len(end) == 4:
            return int(end)
        start = int(match.group("start"))
        year = start - start % 100 + int(end)
        if year < start:  # 1999-00
            year += 100
        if year - start > 5:
            break
        return year
    raise YearLabelError(f'"{label}" is not a year label we can read')


def open_data_year_label(time_period):
    """The label an open-data `time_period` is stored under, so that the DfE's open data
    and LAIT key the same year: LAIT labels the figures we map by the year they end in
    ("2025" for 2024-25 too), so "2025" -> "2025" and "202425" -> "2025"."""
    return str(year_end(time_period))


def region_key(name):
    """A region's name as a key that matches its other spellings: "Yorkshire and the
    Humber" and "Yorkshire and The Humber"; LAIT's "London (Inner)" and the open data's
    "Inner London"."""
    key = " ".join(str(name or "").lower().split())
    for part in ("inner", "outer"):
        if key in (f"{part} london", f"london ({part})"):
            return f"london ({part})"
    return key
