"""The reads behind the comparisons: a council's figure beside its statistical neighbours,
its region, England, its rank and quartile band (the rules are in
`comparators.comparisons`).

Each function reads in a fixed number of queries, however many councils, years or
indicators: the council with its region, its neighbours in the model, which year to
show, and every council's figure for that indicator and year (rank and quartiles need
them all) with the region and England rows.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from .comparisons import Comparison, NeighbourFigure, build_comparison, region_choice
from .models import DEFAULT_NEIGHBOUR_MODEL, Indicator, Neighbour, NeighbourModel, Place
from .models import PublishedFigure as Figure

ENGLAND = "970"


def council_for(la, *, level=Place.Level.COUNCIL) -> Place:
    """The council (by code, e.g. "852", or a Place) with its region and that region's
    own region read with it. Raises Place.DoesNotExist for an unknown code."""
    places = Place.objects.select_related("region__region").filter(level=level)
    if isinstance(la, Place):
        return places.get(pk=la.pk)
    return places.get(code=str(la).strip().zfill(3))


def indicator_for(indicator) -> Indicator:
    """An Indicator from its code (e.g. "ReReferral") or itself; Indicator.DoesNotExist
    for an unknown code."""
    if isinstance(indicator, Indicator):
        return indicator
    return Indicator.objects.get(code=str(indicator).strip())


def _model(model) -> str:
    model = str(model)
    if model not in NeighbourModel.values:
        raise ValueError(f"Unknown neighbour model {model!r}: one of {NeighbourModel.values}")
    return model


def _neighbours(council: Place, model: str) -> list[Neighbour]:
    return list(
        Neighbour.objects.filter(council=council, model=model)
        .select_related("neighbour")
        .order_by("position")
    )


def _compared_place_ids(council: Place) -> set[int]:
    """The places whose figures are shown beside the council's (councils' own figures
    are read anyway, for rank and quartiles): its region, that region's region, England."""
    ids = set()
    if council.region_id:
        ids.add(council.region_id)
        if council.region.region_id:
            ids.add(council.region.region_id)
    return ids


def _figures(indicator_years: Q, council: Place):
    """Every council's figure, and the compared places' figures, for the given
    indicator/year pairs, with place and load read in the same query."""
    others = _compared_place_ids(council)
    return (
        Figure.objects.filter(indicator_years)
        .filter(
            Q(place__level=Place.Level.COUNCIL) | Q(place_id__in=others) | Q(place__code=ENGLAND)
        )
        .select_related("place", "load")
    )


def _latest_years(indicator_ids: Iterable[int], council: Place) -> dict[int, str]:
    """For each indicator, the latest year (label) with a figure for the council, or
    where the council has none, the latest year with any council's figure: one query."""
    rows = (
        Figure.objects.filter(
            indicator_id__in=list(indicator_ids),
            place__level=Place.Level.COUNCIL,
            value__isnull=False,
        )
        .values("indicator_id", "year", "year_end")
        .annotate(mine=Count("pk", filter=Q(place=council)))
        .order_by("indicator_id", "-year_end", "-year")
    )
    latest, any_council = {}, {}
    for row in rows:
        any_council.setdefault(row["indicator_id"], row["year"])
        if row["mine"] and row["indicator_id"] not in latest:
            latest[row["indicator_id"]] = row["year"]
    return {**any_council, **latest}


def _comparison(indicator, council, figures, neighbours, model) -> Comparison | None:
    """One comparison from the figures of one indicator and year."""
    if not figures:
        return None
    by_place = {figure.place_id: figure for figure in figures}
    first = figures[0]
    region = council.region
    parent = region.region if region is not None else None

    def value_of(place):
        figure = by_place.get(place.pk) if place is not None else None
        return figure.value if figure is not None else None

    england = next((f for f in figures if f.place.code == ENGLAND), None)
    choice = region_choice(
        region_name=region.name if region is not None else "",
        region_value=value_of(region),
        parent_name=parent.name if parent is not None else "",
        parent_value=value_of(parent),
        year=first.year,
    )
    neighbour_figures = []
    for neighbour in neighbours:
        figure = by_place.get(neighbour.neighbour_id)
        neighbour_figures.append(
            NeighbourFigure(
                position=neighbour.position,
                code=neighbour.neighbour.code,
                name=neighbour.neighbour.name,
                closeness=neighbour.closeness.strip(),
                value=figure.value if figure is not None else None,
                symbol=figure.symbol if figure is not None else "",
            )
        )
    return build_comparison(
        indicator=indicator,
        council=council,
        year=first.year,
        year_end=first.year_end,
        figure=by_place.get(council.pk),
        neighbours=neighbour_figures,
        council_values=[f.value for f in figures if f.place.level == Place.Level.COUNCIL],
        region=choice,
        england_value=england.value if england is not None else None,
        model=model,
    )


def _pick_year(figures: list, year: str) -> list:
    """The figures of the year asked for: its label as published (e.g. "2024-25"), or a
    calendar year ("2025") matching the year the label ends in (latest label wins)."""
    exact = [f for f in figures if f.year == year]
    if exact or not figures:
        return exact
    label = max(figures, key=lambda f: f.year).year
    return [f for f in figures if f.year == label]


def compare(la, indicator, year=None, *, model=DEFAULT_NEIGHBOUR_MODEL) -> Comparison | None:
    """The comparison for one council (code or Place), one indicator (code or Indicator)
    and one year (the label as published, or a calendar year; None: the latest year
    with a figure for the council, else the latest with any council's figure).

    None when nothing is published for that indicator and year. At most five queries.
    Raises Place.DoesNotExist / Indicator.DoesNotExist for an unknown code and
    ValueError for an unknown neighbour model."""
    model = _model(model)
    council = council_for(la)
    indicator = indicator_for(indicator)
    if year is None:
        year = _latest_years([indicator.pk], council).get(indicator.pk)
        if year is None:
            return None
    year = str(year).strip()
    neighbours = _neighbours(council, model)
    wanted = Q(indicator=indicator) & Q(year=year)
    if year.isdigit():
        wanted = Q(indicator=indicator) & (Q(year=year) | Q(year_end=int(year)))
    figures = _pick_year(list(_figures(wanted, council)), year)
    return _comparison(indicator, council, figures, neighbours, model)


def comparisons_for(
    place, indicators: Iterable, *, model=DEFAULT_NEIGHBOUR_MODEL
) -> dict[int, Comparison]:
    """Each indicator's comparison for the council (code or Place) in its latest year (as
    `compare` with no year), keyed by indicator id; `indicators` are Indicators (or codes:
    one more query, unknown codes left out); indicators without figures are left out.
    Four queries however many indicators."""
    model = _model(model)
    indicators = list(indicators)
    codes = [str(code).strip() for code in indicators if not isinstance(code, Indicator)]
    if codes:  # codes given: one more query, for all of them
        indicators = [i for i in indicators if isinstance(i, Indicator)]
        indicators += list(Indicator.objects.filter(code__in=codes))
    if not indicators:
        return {}
    council = council_for(place)
    latest = _latest_years([indicator.pk for indicator in indicators], council)
    if not latest:
        return {}
    neighbours = _neighbours(council, model)
    wanted = Q()
    for indicator_id, year in latest.items():
        wanted |= Q(indicator_id=indicator_id, year=year)
    grouped = defaultdict(list)
    for figure in _figures(wanted, council):
        grouped[figure.indicator_id].append(figure)
    return {
        indicator.pk: _comparison(indicator, council, grouped[indicator.pk], neighbours, model)
        for indicator in indicators
        if grouped.get(indicator.pk)
    }


def published_years(place, indicator, *, model=DEFAULT_NEIGHBOUR_MODEL) -> list[Comparison]:
    """The comparison for every year the indicator is published for, oldest first (for a
    measure's table and chart). Three queries (four given an indicator code)."""
    model = _model(model)
    council = council_for(place)
    indicator = indicator_for(indicator)
    neighbours = _neighbours(council, model)
    by_year = defaultdict(list)
    for figure in _figures(Q(indicator=indicator), council):
        by_year[(figure.year_end, figure.year)].append(figure)
    return [
        _comparison(indicator, council, by_year[key], neighbours, model) for key in sorted(by_year)
    ]
