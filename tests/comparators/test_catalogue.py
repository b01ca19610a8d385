"""The national indicator catalogue, councils and regions, and neighbour models."""

import csv

import pytest

from comparators.catalogue.build import HERE
from comparators.catalogue.sync import sync_catalogue
from comparators.models import Indicator, Neighbour, Place
from comparators.rules import YearLabelError, open_data_year_label, region_key, year_end

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "label, end",
    [
        ("2025", 2025),
        ("2024-25", 2025),
        ("2023/24", 2024),
        ("2016-17 (OT)", 2017),
        ("2018 (Rev)", 2018),
        ("2020 (Final)", 2020),
        ("2025 (prov)", 2025),
        ("2014-16", 2016),
        ("2019/20-21/22", 2022),
        ("202425", 2025),
        ("1999-00", 2000),
    ],
)
def test_a_year_label_ends_in_its_year(label, end):
    assert year_end(label) == end


@pytest.mark.parametrize("label", ["0", "", "2025-40", "next year", "25"])
def test_a_label_that_names_no_year_is_refused(label):
    with pytest.raises(YearLabelError):
        year_end(label)


def test_open_data_years_key_the_same_year_as_lait():
    assert open_data_year_label("2025") == "2025"
    assert open_data_year_label("202425") == "2025"


def test_regions_match_their_other_spellings():
    assert region_key("Yorkshire and the Humber") == region_key("Yorkshire and The Humber")
    assert region_key("Inner London") == region_key("London (Inner)")
    assert region_key("Outer London") != region_key("London")


def test_rereferrals_are_lower_is_better_per_financial_year(catalogue):
    indicator = Indicator.objects.get(code="ReReferral")
    assert indicator.polarity == "lower"
    assert indicator.unit == "% of referrals"
    assert indicator.year_type == "Financial Year"
    assert indicator.decimal_places is None  # LAIT's "NA"
    assert indicator.source_url.startswith("https://explore-education-statistics")
    assert indicator.columns == [
        {"column": ["rereferral_percent"], "file": "c1_children_in_need_referrals_and_rereferrals"}
    ]


def test_a_code_lait_lists_twice_is_kept_once(catalogue):
    assert Indicator.objects.filter(code="CINPermExclusion").count() == 1
    with open(HERE / "indicators.csv", encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    assert len(codes) == len(set(codes)) == 437  # 448 rows, 14 codes twice, 3 open-data ones


def test_no_polarity_is_neither(catalogue):
    assert Indicator.objects.get(code="LAC").polarity == "neither"
    assert Indicator.objects.get(code="Work_Force_TO_Rate").polarity == "lower"


def test_southampton_is_in_the_south_east(catalogue):
    southampton = Place.objects.get(code="852")
    assert (southampton.name, southampton.level) == ("Southampton", "council")
    assert southampton.region.name == "South East"
    assert southampton.region.region is None


def test_a_london_borough_is_in_inner_or_outer_london_within_london(catalogue):
    camden = Place.objects.get(code="202")
    barking = Place.objects.get(code="301")
    assert camden.region.code == "987"
    assert barking.region.code == "988"
    assert camden.region.region.code == barking.region.region.code == "986"
    assert Place.objects.get(code="970").level == "england"


def test_southamptons_nearest_neighbour_is_as_the_model_says(catalogue):
    first = Neighbour.objects.get(model="2025-05", council__code="852", position=1)
    assert (first.neighbour.code, first.closeness) == ("331", "Very close")  # the CSV's row
    assert Neighbour.objects.filter(model="2025-05", council__code="852").count() == 10
    older = Neighbour.objects.filter(model="2021-04", council__code="852")
    assert older.count() == 10


def test_closeness_has_no_trailing_spaces(catalogue):
    assert not Neighbour.objects.filter(closeness__endswith=" ").exists()
    assert Neighbour.objects.filter(closeness="Close").exists()


def test_syncing_again_changes_nothing(catalogue):
    assert sync_catalogue() == {"indicators": (0, 0), "places": (0, 0), "neighbours": (0, 0)}


def test_syncing_puts_back_a_changed_indicator(catalogue):
    Indicator.objects.filter(code="ReReferral").update(polarity="higher")
    assert sync_catalogue()["indicators"] == (0, 1)
    assert Indicator.objects.get(code="ReReferral").polarity == "lower"
