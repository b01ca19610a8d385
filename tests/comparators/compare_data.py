"""Real published figures for the comparison tests, read from slices of the DfE's own
files in tests/comparators/files/dfe (LAIT's bulk file and catalogue, the May 2025
neighbour model) and written straight into the test database: councils, regions and
England, the neighbours of the councils asked for, the indicators and their figures for
the years asked for.

The loader proper (comparators.loading) is built and tested elsewhere; this helper only
puts the real rows in place so each comparison can be checked against them by hand.
"""

import csv
import gzip
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from comparators.models import (
    FigureChange,
    Indicator,
    Load,
    Neighbour,
    Place,
    PublishedFigure,
)

# Slices of the DfE's own files, byte for byte per row: LAIT's bulk file cut to the
# indicators the tests read (every area and year), their catalogue rows, and the May 2025
# neighbour model whole (files/dfe/, copied from shared/dfe by hand; see its README).
DFE = Path(__file__).resolve().parent / "files" / "dfe"

BULK = "lait/lait_bulk_long.csv.gz"
SIX_PLACES = Decimal("0.000001")
POLARITY = {"High": "higher", "Low": "lower"}
ENGLAND, LONDON, INNER, OUTER = "970", "986", "987", "988"
# LAIT's region rows name the London halves "London (Inner)"; a borough's Region column
# says "Inner London". The model keeps one name for each.
REGION_NAMES = {INNER: "Inner London", OUTER: "Outer London"}


def stored(text):
    """A published value as the database keeps it (six decimal places: the bulk file has
    float artefacts such as 19.399999999999999), or None for "-"."""
    text = text.strip()
    if text in ("", "-"):
        return None
    return Decimal(text).quantize(SIX_PLACES)


# The indicators the tests read (the bulk file is read once, for all of them).
CODES = ("ReReferral", "LAC", "FirstYJS")


@lru_cache(maxsize=1)
def _bulk():
    rows = {}
    with gzip.open(DFE / BULK, "rt", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Short Desc"] in CODES:
                rows.setdefault((row["Short Desc"], row["Years"]), []).append(row)
    return {key: tuple(found) for key, found in rows.items()}


def bulk_rows(code, year):
    """The bulk file's rows for one indicator (one of CODES) and year label, as dicts."""
    return _bulk().get((code, year), ())


@lru_cache(maxsize=1)
def catalogue():
    path = DFE / "lait" / "lait_data_dictionary.csv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row["Measure_short"]: row for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def sn_model_2025():
    """The May 2025 model's rows by council code."""
    with open(DFE / "sn_model_2025_wide.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["old_la_code"].strip(): row for row in csv.DictReader(handle)}


def neighbour_codes(la_code):
    """A council's ten neighbours in the May 2025 model, nearest first: (code, closeness)."""
    row = sn_model_2025()[la_code]
    return [(row[f"SN_{i}"].strip(), row[f"SN_{i}P"].strip()) for i in range(1, 11)]


def council_values(code, year):
    """{council code: stored value or None} straight from the bulk file."""
    return {
        row["LA Number"]: stored(row["Values"])
        for row in bulk_rows(code, year)
        if int(row["LA Number"]) < 970
    }


def place_value(code, year, la_number):
    for row in bulk_rows(code, year):
        if row["LA Number"] == la_number:
            return stored(row["Values"])
    raise KeyError(la_number)


def _indicator(code):
    row = catalogue()[code]
    dps = row["dps"].strip()
    return Indicator.objects.create(
        code=code,
        lait_number=int(row["Measure_code"]),
        name=row["Measure"].strip(),
        topic=row["Topic"].strip(),
        polarity=POLARITY.get(row["Polarity"].strip(), "neither"),
        unit=row["y_axis_name"].strip(),
        decimal_places=int(dps) if dps.isdigit() else None,
        year_type=row["Year_Type"].strip(),
        source_url=row["Hyperlink(s)"].split()[0] if row["Hyperlink(s)"].strip() else "",
        quartiles=row["No_Quartile"].strip() != "N",
    )


def _places(rows):
    """England, the regions and every council in the rows (and in the neighbour model),
    each council in its published region."""
    by_code = {}
    regions_by_name = {}
    for row in rows:
        number = row["LA Number"]
        if int(number) >= 970 and number not in by_code:
            level = Place.Level.ENGLAND if number == ENGLAND else Place.Level.REGION
            name = REGION_NAMES.get(number, row["LA and Regions"].strip())
            by_code[number] = Place.objects.create(code=number, name=name, level=level)
            regions_by_name[name.lower()] = by_code[number]
    for half in (INNER, OUTER):
        if half in by_code and LONDON in by_code:
            by_code[half].region = by_code[LONDON]
            by_code[half].save(update_fields=["region"])
    councils = {}
    for row in rows:
        number = row["LA Number"]
        if int(number) < 970 and number not in councils:
            councils[number] = Place(
                code=number,
                name=row["LA and Regions"].strip(),
                level=Place.Level.COUNCIL,
                region=regions_by_name.get(row["Region"].strip().lower()),
            )
    for code, row in sn_model_2025().items():
        councils.setdefault(
            code,
            Place(code=code, name=row["la_name"].strip(), level=Place.Level.COUNCIL),
        )
    Place.objects.bulk_create(councils.values())
    return {place.code: place for place in Place.objects.all()}


def _clear_catalogue():
    """The catalogue the migration synced makes way for the rows these tests put in."""
    FigureChange.objects.all().delete()
    PublishedFigure.objects.all().delete()
    Neighbour.objects.all().delete()
    Indicator.objects.all().delete()
    Place.objects.update(region=None)
    Place.objects.all().delete()


def load_real_figures(indicators, *, neighbours_of=("852",)):
    """Put the real rows in the test database: `indicators` is ((code, year label), ...).
    Returns {"places": {code: Place}, "indicators": {code: Indicator}, "load": Load}."""
    rows = [row for code, year in indicators for row in bulk_rows(code, year)]
    _clear_catalogue()
    places = _places(rows)
    load = Load.objects.create(file_name="lait_bulk_long.csv.gz", kind="lait", sha256="0" * 64)
    made = {}
    figures = []
    for code, year in indicators:
        indicator = made.get(code) or _indicator(code)
        made[code] = indicator
        for row in bulk_rows(code, year):
            value = stored(row["Values"])
            figures.append(
                PublishedFigure(
                    indicator=indicator,
                    place=places[row["LA Number"]],
                    year=year,
                    year_end=int(year),  # the tests use plain calendar-year labels
                    value=value,
                    symbol="" if value is not None else row["Values"].strip(),
                    load=load,
                )
            )
    PublishedFigure.objects.bulk_create(figures)
    Neighbour.objects.bulk_create(
        Neighbour(
            model="2025-05",
            council=places[la],
            neighbour=places[code],
            position=position,
            closeness=closeness,
        )
        for la in neighbours_of
        for position, (code, closeness) in enumerate(neighbour_codes(la), start=1)
    )
    return {"places": places, "indicators": made, "load": load}
