"""Rules for published figures: what a symbol means, and what a year label says."""

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
