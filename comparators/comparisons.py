"""How a council's published figure compares: its statistical neighbours, its region,
England, its rank among councils and its quartile band.

Pure functions with no database access, so each rule has its own table-driven tests;
`comparators.selectors` reads the figures and calls them. Values are Decimal and kept
exact here; `rounded` is for display only. A figure without a value (a symbol such as
"c" or "-") is never counted, never zero.

What we follow: the DfE's Local Authority Interactive Tool (LAIT), the same tool whose
catalogue and bulk data we load (dfe-analytical-services/local-authority-interactive-tool,
commit 2e30e39):
- Statistical neighbour figure: the mean of the ten neighbours' figures for the year,
  leaving out those without one (`mean(values_num, na.rm = TRUE)`, none -> NA). We also
  give how many were used and, labelled as such, the median.
- Rank: among councils only (LAIT ranks `la_names_bds`, no regions or England), 1 = best
  by polarity, `rank(-x, ties.method = "min")` for High and `rank(x, ...)` for Low: ties
  share the smaller number. "of N" is the number of councils with a figure that year.
- Quartiles: R's `quantile(na.rm = TRUE)`, the default type 7 (linear interpolation, the
  same as Excel's QUARTILE.INC and numpy's default), of all councils' figures that year.
- Band (LAIT's `calculate_quartile_band`), each band closed at its top end:
  lower is better: x <= Q1 -> A, x <= Q2 -> B, x <= Q3 -> C, else D;
  higher is better: x > Q3 -> A, x > Q2 -> B, x > Q1 -> C, else D.
  So a figure exactly on a quartile falls in the band below it (A for "lower" at Q1, B
  for "higher" at Q3), and when every council has the same figure all are D ("higher")
  or all A ("lower"), as in LAIT.
- No polarity, or an indicator the DfE publishes without quartile bands (LAIT's
  `No_Quartile`): neither rank nor band.
- Region: a London borough is compared with Inner or Outer London where that figure is
  published, else with London, saying which. LAIT decides this once, on the latest year
  in its data (`clean_ldn_region`); we decide it for each year.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

HIGHER = "higher"
LOWER = "lower"
NEITHER = "neither"

BANDS = ("A", "B", "C", "D")
BAND_WORDS = {
    "A": "best quarter",
    "B": "second best quarter",
    "C": "second worst quarter",
    "D": "worst quarter",
}


@dataclass(frozen=True)
class NeighbourFigure:
    """One statistical neighbour's figure for the year (value None: `symbol` says why)."""

    position: int
    code: str
    name: str
    closeness: str
    value: Decimal | None
    symbol: str


@dataclass(frozen=True)
class RegionFigure:
    """The region a council is compared with, its figure, and which region it is."""

    name: str
    value: Decimal | None
    note: str


@dataclass(frozen=True)
class Comparison:
    """One council, one indicator, one year, beside its neighbours, region and England."""

    indicator_code: str
    indicator_name: str
    polarity: str
    unit: str
    decimal_places: int | None
    source_url: str
    la_code: str
    la_name: str
    year: str
    year_end: int
    value: Decimal | None
    symbol: str
    sn_mean: Decimal | None
    sn_median: Decimal | None
    sn_count: int
    neighbours: tuple[NeighbourFigure, ...]
    region_name: str
    region_value: Decimal | None
    region_note: str
    england_value: Decimal | None
    rank: int | None
    of: int
    quartile: str | None
    quartile_words: str
    quartile_bounds: tuple[Decimal, Decimal, Decimal] | None = None
    model: str = ""
    source_file: str = ""
    loaded_at: datetime | None = None

    @property
    def sn_mean_shown(self) -> Decimal | None:
        """The neighbours' mean as every page, workbook and command gives it: rounded half up
        to mean_places (the indicator's published places, else MEAN_PLACES)."""
        return rounded(self.sn_mean, mean_places(self.decimal_places))

    @property
    def source(self):
        """Where the council's figure came from, e.g. "lait_bulk_long.csv.gz, 3 Dec 2025"."""
        if not self.source_file:
            return ""
        if self.loaded_at is None:
            return self.source_file
        return f"{self.source_file}, loaded {self.loaded_at.day} {self.loaded_at:%b %Y}"


def _counted(values: Iterable[Decimal | None]) -> list[Decimal]:
    return [value for value in values if value is not None]


def sn_mean(values: Iterable[Decimal | None]) -> tuple[Decimal | None, int]:
    """The mean of the neighbours' figures leaving out those without one, and how many
    were used: (None, 0) when none has a figure."""
    counted = _counted(values)
    if not counted:
        return None, 0
    return sum(counted, Decimal(0)) / len(counted), len(counted)


def sn_median(values: Iterable[Decimal | None]) -> Decimal | None:
    """The median of the neighbours' figures leaving out those without one (shown beside
    the mean, labelled as the median)."""
    counted = sorted(_counted(values))
    if not counted:
        return None
    middle = len(counted) // 2
    if len(counted) % 2:
        return counted[middle]
    return (counted[middle - 1] + counted[middle]) / 2


def has_direction(polarity: str) -> bool:
    return polarity in (HIGHER, LOWER)


def rank(
    value: Decimal | None, values: Iterable[Decimal | None], polarity: str
) -> tuple[int | None, int]:
    """(rank, of): 1 = best by polarity among `values` (all councils' figures that year),
    ties share the smaller rank (R's ties.method "min"); `of` is how many have a figure.
    The rank is None without a value or without a polarity."""
    counted = _counted(values)
    of = len(counted)
    if value is None or not of or not has_direction(polarity):
        return None, of
    if polarity == HIGHER:
        better = sum(1 for other in counted if other > value)
    else:
        better = sum(1 for other in counted if other < value)
    return better + 1, of


def quantile(ordered: Sequence[Decimal], p: Decimal) -> Decimal:
    """R's type 7 quantile of already sorted values (linear interpolation between the
    closest ranks, the same as Excel's QUARTILE.INC)."""
    h = (len(ordered) - 1) * p
    low = int(h)
    fraction = h - low
    if fraction == 0 or low + 1 >= len(ordered):
        return ordered[low]
    return ordered[low] + fraction * (ordered[low + 1] - ordered[low])


def quartiles(values: Iterable[Decimal | None]) -> tuple[Decimal, Decimal, Decimal] | None:
    """(Q1, median, Q3) of the figures, inclusive (type 7) method; None without any."""
    ordered = sorted(_counted(values))
    if not ordered:
        return None
    return tuple(quantile(ordered, Decimal(p)) for p in ("0.25", "0.5", "0.75"))


def band_from_quartiles(
    value: Decimal | None, bounds: tuple[Decimal, Decimal, Decimal] | None, polarity: str
) -> str | None:
    """The band A (best quarter) to D of a value, given the quartiles, as LAIT does."""
    if value is None or bounds is None or not has_direction(polarity):
        return None
    q1, q2, q3 = bounds
    if polarity == LOWER:
        if value <= q1:
            return "A"
        if value <= q2:
            return "B"
        if value <= q3:
            return "C"
        return "D"
    if value > q3:
        return "A"
    if value > q2:
        return "B"
    if value > q1:
        return "C"
    return "D"


def quartile_band(
    value: Decimal | None, values: Iterable[Decimal | None], polarity: str
) -> str | None:
    """The band A (best quarter) to D of `value` among `values` (all councils' figures
    that year); None without a value, without figures or without a polarity."""
    return band_from_quartiles(value, quartiles(values), polarity)


def band_words(band: str | None, of: int | None = None) -> str:
    """Plain words for a band, e.g. "B: second best quarter of 152 councils"."""
    if band is None:
        return ""
    words = f"{band}: {BAND_WORDS[band]}"
    return f"{words} of {of} councils" if of else words


def rank_words(rank_: int | None, of: int) -> str:
    """e.g. "12 of 152"; "" without a rank."""
    return "" if rank_ is None else f"{rank_} of {of}"


def region_choice(
    *,
    region_name: str,
    region_value: Decimal | None,
    parent_name: str = "",
    parent_value: Decimal | None = None,
    year: str = "",
) -> RegionFigure:
    """The region figure to compare with. A council whose region is part of a larger one
    (Inner or Outer London, part of London: `parent_name`) is compared with its own
    region where that has a figure, else with the larger region, and the note says which.
    """
    if not parent_name:
        return RegionFigure(region_name, region_value, "")
    if region_value is not None or parent_value is None:
        return RegionFigure(region_name, region_value, region_name)
    for_year = f" for {year}" if year else ""
    note = f"{parent_name}: no {region_name} figure published{for_year}"
    return RegionFigure(parent_name, parent_value, note)


def plain(value: Decimal) -> str:
    """A Decimal as plain text without trailing zeros: 20.200000 -> "20.2", 100 -> "100"."""
    return f"{value.normalize():f}"


# The places a figure worked out from published ones (the neighbours' mean) is shown to when
# the catalogue gives the indicator none: one, as rates and percentages are published.
MEAN_PLACES = 1


def mean_places(decimal_places: int | None) -> int:
    """The places the neighbours' mean is shown to: the indicator's, else MEAN_PLACES."""
    return MEAN_PLACES if decimal_places is None else decimal_places


def rounded(value: Decimal | None, decimal_places: int | None) -> Decimal | None:
    """A value rounded half up to the indicator's decimal places, for display; with no
    decimal places given, the value as published (trailing zeros dropped)."""
    if value is None:
        return None
    if decimal_places is None:
        return Decimal(plain(value))
    return value.quantize(Decimal(1).scaleb(-decimal_places), rounding=ROUND_HALF_UP)


def figure_text(value: Decimal | None, symbol: str = "", decimal_places: int | None = None):
    """A figure for display: the rounded value, else its symbol ("" when neither)."""
    if value is None:
        return symbol
    return f"{rounded(value, decimal_places):f}"


def build_comparison(
    *,
    indicator,
    council,
    year: str,
    year_end: int,
    figure,
    neighbours: Sequence[NeighbourFigure],
    council_values: Sequence[Decimal | None],
    region: RegionFigure,
    england_value: Decimal | None,
    model: str = "",
) -> Comparison:
    """Put one comparison together from what the selectors read.

    `indicator` has code, name, polarity, unit, decimal_places, source_url and quartiles;
    `council` has code and name; `figure` (the council's, or None) has value, symbol and
    optionally load (file_name, loaded_at)."""
    value = figure.value if figure is not None else None
    symbol = figure.symbol if figure is not None else ""
    load = getattr(figure, "load", None)
    neighbour_values = [neighbour.value for neighbour in neighbours]
    mean, count = sn_mean(neighbour_values)
    position, of = rank(value, council_values, indicator.polarity)
    bounds = quartiles(council_values) if indicator.quartiles else None
    band = band_from_quartiles(value, bounds, indicator.polarity)
    if not has_direction(indicator.polarity):
        bounds = None
    return Comparison(
        indicator_code=indicator.code,
        indicator_name=indicator.name,
        polarity=indicator.polarity,
        unit=indicator.unit,
        decimal_places=indicator.decimal_places,
        source_url=indicator.source_url,
        la_code=council.code,
        la_name=council.name,
        year=year,
        year_end=year_end,
        value=value,
        symbol=symbol,
        sn_mean=mean,
        sn_median=sn_median(neighbour_values),
        sn_count=count,
        neighbours=tuple(neighbours),
        region_name=region.name,
        region_value=region.value,
        region_note=region.note,
        england_value=england_value,
        rank=position,
        of=of,
        quartile=band,
        quartile_words=band_words(band, of),
        quartile_bounds=bounds,
        model=model,
        source_file=load.file_name if load is not None else "",
        loaded_at=load.loaded_at if load is not None else None,
    )
