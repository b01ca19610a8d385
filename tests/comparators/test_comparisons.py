"""How a council's published figure compares (comparators.comparisons, and the reads in
comparators.selectors): the rules one row of a table at a time, then known values from
the DfE's real files, each worked out by hand in the test."""

import statistics
from decimal import Decimal as D

import pytest

from comparators.comparisons import (
    RegionFigure,
    band_words,
    quartile_band,
    quartiles,
    rank,
    region_choice,
    rounded,
    sn_mean,
    sn_median,
)
from comparators.models import Indicator, Place
from comparators.selectors import compare, comparisons_for, published_years

from .compare_data import (
    council_values,
    load_real_figures,
    neighbour_codes,
    place_value,
)


def ds(*values):
    return [None if value is None else D(str(value)) for value in values]


# --- the statistical neighbours' mean and median ---------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param([], (None, 0), id="empty"),
        pytest.param(ds(None, None), (None, 0), id="none-has-a-figure"),
        pytest.param(ds("20.2"), (D("20.2"), 1), id="one"),
        pytest.param(ds(1, None, 2), (D("1.5"), 2), id="leaves-out-those-without"),
        pytest.param(ds(5, 5, 5), (D(5), 3), id="all-equal"),
    ],
)
def test_sn_mean_leaves_out_neighbours_without_a_figure(values, expected):
    assert sn_mean(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param([], None, id="empty"),
        pytest.param(ds(None), None, id="none-has-a-figure"),
        pytest.param(ds(3, 1, 2), D(2), id="odd"),
        pytest.param(ds(4, 1, 3, 2), D("2.5"), id="even"),
        pytest.param(ds(None, 5), D(5), id="leaves-out-those-without"),
    ],
)
def test_sn_median(values, expected):
    assert sn_median(values) == expected


# --- rank -------------------------------------------------------------------------

TIED = ds(10, 20, 20, 30)


@pytest.mark.parametrize(
    ("value", "values", "polarity", "expected"),
    [
        pytest.param(D(30), TIED, "higher", (1, 4), id="higher-largest-is-first"),
        pytest.param(D(20), TIED, "higher", (2, 4), id="higher-ties-share-the-lower-rank"),
        pytest.param(D(10), TIED, "higher", (4, 4), id="higher-smallest-is-last"),
        pytest.param(D(10), TIED, "lower", (1, 4), id="lower-smallest-is-first"),
        pytest.param(D(20), TIED, "lower", (2, 4), id="lower-ties-share-the-lower-rank"),
        pytest.param(D(30), TIED, "lower", (4, 4), id="lower-largest-is-last"),
        pytest.param(D(20), TIED, "neither", (None, 4), id="no-polarity-no-rank"),
        pytest.param(None, TIED, "higher", (None, 4), id="no-value-no-rank"),
        pytest.param(D(5), ds(5, 5, 5), "higher", (1, 3), id="all-equal-higher"),
        pytest.param(D(5), ds(5, 5, 5), "lower", (1, 3), id="all-equal-lower"),
        pytest.param(D(7), ds(7), "lower", (1, 1), id="single"),
        pytest.param(D(7), [], "lower", (None, 0), id="empty"),
        pytest.param(D(20), ds(None, 10, 20), "higher", (1, 2), id="symbols-not-counted"),
    ],
)
def test_rank(value, values, polarity, expected):
    assert rank(value, values, polarity) == expected


# --- quartiles and bands ------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param([], None, id="empty"),
        pytest.param(ds(None), None, id="none-has-a-figure"),
        pytest.param(ds(5), (D(5), D(5), D(5)), id="single"),
        pytest.param(ds(1, 2, 3, 4), (D("1.75"), D("2.5"), D("3.25")), id="interpolated"),
        pytest.param(ds(5, 1, 4, 2, 3), (D(2), D(3), D(4)), id="on-values"),
        pytest.param(ds(1, None, 2, 3, 4), (D("1.75"), D("2.5"), D("3.25")), id="symbols"),
    ],
)
def test_quartiles_are_inclusive_type_7(values, expected):
    assert quartiles(values) == expected
    if expected is not None:
        # The same as Python's (and Excel's QUARTILE.INC) inclusive method.
        counted = [value for value in values if value is not None]
        if len(counted) > 1:
            assert tuple(statistics.quantiles(counted, n=4, method="inclusive")) == expected


ONE_TO_FIVE = ds(1, 2, 3, 4, 5)  # Q1 2, median 3, Q3 4


@pytest.mark.parametrize(
    ("value", "values", "polarity", "expected"),
    [
        # lower is better: each band closed at its top end, as LAIT
        pytest.param(D(1), ONE_TO_FIVE, "lower", "A", id="lower-below-q1"),
        pytest.param(D(2), ONE_TO_FIVE, "lower", "A", id="lower-on-q1-is-A"),
        pytest.param(D("2.5"), ONE_TO_FIVE, "lower", "B", id="lower-between-q1-q2"),
        pytest.param(D(3), ONE_TO_FIVE, "lower", "B", id="lower-on-median-is-B"),
        pytest.param(D(4), ONE_TO_FIVE, "lower", "C", id="lower-on-q3-is-C"),
        pytest.param(D(5), ONE_TO_FIVE, "lower", "D", id="lower-above-q3"),
        # higher is better: a figure on a quartile is in the band below it
        pytest.param(D(5), ONE_TO_FIVE, "higher", "A", id="higher-above-q3"),
        pytest.param(D(4), ONE_TO_FIVE, "higher", "B", id="higher-on-q3-is-B"),
        pytest.param(D("3.5"), ONE_TO_FIVE, "higher", "B", id="higher-between-q2-q3"),
        pytest.param(D(3), ONE_TO_FIVE, "higher", "C", id="higher-on-median-is-C"),
        pytest.param(D(2), ONE_TO_FIVE, "higher", "D", id="higher-on-q1-is-D"),
        pytest.param(D(1), ONE_TO_FIVE, "higher", "D", id="higher-below-q1"),
        # no band
        pytest.param(D(3), ONE_TO_FIVE, "neither", None, id="no-polarity"),
        pytest.param(None, ONE_TO_FIVE, "higher", None, id="no-value"),
        pytest.param(D(3), [], "higher", None, id="no-figures"),
        # every council the same (LAIT: all D when higher is better, all A when lower)
        pytest.param(D(5), ds(5, 5, 5), "higher", "D", id="all-equal-higher"),
        pytest.param(D(5), ds(5, 5, 5), "lower", "A", id="all-equal-lower"),
        pytest.param(D(7), ds(7), "lower", "A", id="single-lower"),
    ],
)
def test_quartile_band(value, values, polarity, expected):
    assert quartile_band(value, values, polarity) == expected


@pytest.mark.parametrize(
    ("band", "of", "expected"),
    [
        ("A", 152, "A: best quarter of 152 councils"),
        ("B", 152, "B: second best quarter of 152 councils"),
        ("C", 153, "C: second worst quarter of 153 councils"),
        ("D", None, "D: worst quarter"),
        (None, 152, ""),
    ],
)
def test_band_words(band, of, expected):
    assert band_words(band, of) == expected


# --- region, and rounding for display -------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(
            {"region_name": "South East", "region_value": D("28.4")},
            RegionFigure("South East", D("28.4"), ""),
            id="a-region",
        ),
        pytest.param(
            {
                "region_name": "Inner London",
                "region_value": D("19.1"),
                "parent_name": "London",
                "parent_value": D("19.4"),
                "year": "2025",
            },
            RegionFigure("Inner London", D("19.1"), "Inner London"),
            id="inner-london-published",
        ),
        pytest.param(
            {
                "region_name": "Outer London",
                "region_value": None,
                "parent_name": "London",
                "parent_value": D(157),
                "year": "2024",
            },
            RegionFigure("London", D(157), "London: no Outer London figure published for 2024"),
            id="falls-back-to-london",
        ),
        pytest.param(
            {
                "region_name": "Inner London",
                "region_value": None,
                "parent_name": "London",
                "parent_value": None,
            },
            RegionFigure("Inner London", None, "Inner London"),
            id="neither-published",
        ),
    ],
)
def test_region_choice(given, expected):
    assert region_choice(**given) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("20.200000"), None, "20.2"),
        (D("100.000000"), None, "100"),
        (D("20.99"), 1, "21.0"),
        (D("2.25"), 1, "2.3"),
        (D("67.000000"), 0, "67"),
    ],
)
def test_rounded_for_display(value, places, expected):
    assert f"{rounded(value, places):f}" == expected


def test_rounded_leaves_no_figure_alone():
    assert rounded(None, 1) is None


# --- known values from the real files ---------------------------------------------------

REAL = (("ReReferral", "2024"), ("ReReferral", "2025"), ("LAC", "2025"), ("FirstYJS", "2024"))


@pytest.fixture
def real(db):
    """ReReferral for 2024 and 2025, the looked after rate for 2025, first-time entrants
    to the youth justice system for 2024 (Inner and Outer London unpublished), as the DfE
    published them, with the neighbours of Southampton (852) and Camden (202)."""
    return load_real_figures(REAL, neighbours_of=("852", "202"))


def _by_hand(code, year, la_code):
    """What LAIT would show for a council, worked out here from the file's own rows."""
    values = council_values(code, year)
    counted = [value for value in values.values() if value is not None]
    neighbours = [values.get(code) for code, _ in neighbour_codes(la_code)]
    with_figure = [value for value in neighbours if value is not None]
    return values[la_code], counted, with_figure


def test_southamptons_re_referral_rate_beside_its_neighbours_region_and_england(real):
    value, counted, neighbours = _by_hand("ReReferral", "2025", "852")

    comparison = compare("852", "ReReferral")

    assert comparison.year == "2025"
    assert comparison.value == value == D("20.2")
    assert comparison.la_name == "Southampton"
    assert comparison.england_value == D("22.6")
    assert (comparison.region_name, comparison.region_value) == ("South East", D("28.4"))
    assert comparison.region_note == ""
    # The ten neighbours' mean, every one of them with a figure: 209.9 / 10.
    assert comparison.sn_count == len(neighbours) == 10
    assert comparison.sn_mean == sum(neighbours) / len(neighbours) == D("20.99")
    assert comparison.sn_median == D("20.7")  # (20.5 + 20.9) / 2
    assert [n.code for n in comparison.neighbours] == [c for c, _ in neighbour_codes("852")]
    assert comparison.neighbours[0].closeness == "Very close"
    # Lower is better: one more than the councils with a smaller figure, of those with one.
    assert comparison.of == len(counted) == 153
    assert comparison.rank == 1 + sum(1 for other in counted if other < value) == 79
    # Quartiles 16.9, 20.0, 23.0: 20.2 is above the median, not above Q3.
    q1, q2, q3 = statistics.quantiles(counted, n=4, method="inclusive")
    assert comparison.quartile_bounds == (q1, q2, q3) == (D("16.9"), D(20), D(23))
    assert comparison.quartile == "C"
    assert comparison.quartile_words == "C: second worst quarter of 153 councils"
    assert comparison.source_file == "lait_bulk_long.csv.gz"
    assert comparison.model == "2025-05"


def test_a_year_given_is_the_year_shown(real):
    assert compare("852", "ReReferral", "2025").value == D("20.2")
    assert compare("852", "ReReferral", 2025).value == D("20.2")
    assert compare("852", "ReReferral", "2031") is None


def test_an_indicator_without_a_polarity_has_no_rank_or_band(real):
    comparison = compare("852", "LAC")

    assert comparison.england_value == place_value("LAC", "2025", "970") == D(67)
    assert comparison.polarity == "neither"
    assert (comparison.rank, comparison.quartile, comparison.quartile_words) == (None, None, "")
    assert comparison.of == len([v for v in council_values("LAC", "2025").values() if v])


def test_an_indicator_without_quartile_bands_keeps_its_rank(real):
    Indicator.objects.filter(code="ReReferral").update(quartiles=False)

    comparison = compare("852", "ReReferral")

    assert (comparison.rank, comparison.quartile) == (79, None)


def test_a_london_borough_is_compared_with_inner_london_where_published(real):
    comparison = compare("202", "ReReferral")

    assert comparison.region_name == "Inner London"
    assert comparison.region_value == place_value("ReReferral", "2025", "987") == D("19.1")
    assert comparison.region_note == "Inner London"


def test_a_london_borough_falls_back_to_london_without_an_inner_london_figure(real):
    assert place_value("FirstYJS", "2024", "987") is None  # "-" in the bulk file

    comparison = compare("202", "FirstYJS")

    assert comparison.value == D(241)
    assert comparison.region_name == "London"
    assert comparison.region_value == place_value("FirstYJS", "2024", "986") == D(157)
    assert comparison.region_note == "London: no Inner London figure published for 2024"


def test_a_neighbour_without_a_figure_is_left_out_and_shown_with_its_symbol(real):
    cumbria = Place.objects.get(code="909")
    real["places"]["852"].neighbours.filter(position=10).update(neighbour=cumbria)

    comparison = compare("852", "ReReferral")

    assert comparison.neighbours[-1].name == "Cumbria"
    assert (comparison.neighbours[-1].value, comparison.neighbours[-1].symbol) == (None, "-")
    assert comparison.sn_count == 9
    assert comparison.sn_mean == (D("209.9") - D("19.1")) / 9


def test_another_neighbour_model_without_neighbours_has_no_sn_figure(real):
    comparison = compare("852", "ReReferral", model="2021-04")

    assert (comparison.neighbours, comparison.sn_mean, comparison.sn_count) == ((), None, 0)


def test_unknown_council_or_indicator_raises(real):
    with pytest.raises(Place.DoesNotExist):
        compare("999", "ReReferral")
    with pytest.raises(Place.DoesNotExist):
        compare("970", "ReReferral")  # England is not a council
    with pytest.raises(Indicator.DoesNotExist):
        compare("852", "NoSuchIndicator")


def test_compare_reads_in_five_queries(real, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        compare("852", "ReReferral")


def test_comparisons_for_many_indicators_read_in_the_same_queries_as_for_one(
    real, django_assert_num_queries
):
    place = real["places"]["852"]
    indicators = list(Indicator.objects.order_by("code"))

    with django_assert_num_queries(4):
        one = comparisons_for(place, indicators[:1])
    with django_assert_num_queries(4):
        every = comparisons_for(place, indicators)

    assert set(one) == {indicators[0].pk}
    assert set(every) == {indicator.pk for indicator in indicators}
    for indicator in indicators:
        assert every[indicator.pk] == compare(place, indicator)
    by_code = comparisons_for("852", ["ReReferral", "LAC", "NoSuchIndicator"])
    assert set(by_code) == {real["indicators"]["ReReferral"].pk, real["indicators"]["LAC"].pk}


def test_published_years_gives_every_year_oldest_first(real, django_assert_max_num_queries):
    place, indicator = real["places"]["852"], real["indicators"]["ReReferral"]

    with django_assert_max_num_queries(3):
        years = published_years(place, indicator)

    assert [c.year for c in years] == ["2024", "2025"]
    assert years[0].value == council_values("ReReferral", "2024")["852"]
    assert years[1] == compare(place, indicator)
