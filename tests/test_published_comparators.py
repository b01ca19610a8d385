"""How do we compare: the demo's linked measures with the DfE's published figures, where the
board reads them. Every expected figure is worked out here from the files the demo loads
(the extract of LAIT's bulk file in fixtures/demo and the catalogue's neighbour model)."""

import csv
import gzip
import io
import json
import re
import statistics
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from comparators.models import Indicator, Load, PublishedFigure
from improvement.models import Plan
from measures.models import Measure
from tests import factories

from .test_demo import html_rows, measure, scorecard_row

pytestmark = pytest.mark.django_db

EXTRACT = Path(settings.BASE_DIR) / "fixtures" / "demo" / "published_figures_extract.csv.gz"
NEIGHBOURS = Path(settings.BASE_DIR) / "comparators" / "catalogue" / "neighbours.csv"
PLACES = Path(settings.BASE_DIR) / "comparators" / "catalogue" / "places.csv"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Plan.objects.get(slug="southampton-2020-21")


def published(code, year):
    """{LA number: Decimal or None} of the extract's rows for an indicator and year."""
    with gzip.open(EXTRACT, "rt", encoding="utf-8", newline="") as handle:
        return {
            row["LA Number"]: None if row["Values"] == "-" else Decimal(row["Values"])
            for row in csv.DictReader(handle)
            if row["Short Desc"] == code and row["Years"] == year
        }


def neighbours_of(code="852", model="2025-05"):
    with open(NEIGHBOURS, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["model"] == model and r["council"] == code]
    return [r["neighbour"] for r in sorted(rows, key=lambda r: int(r["position"]))]


def place_names():
    with open(PLACES, encoding="utf-8", newline="") as handle:
        return {r["code"]: r["name"] for r in csv.DictReader(handle)}


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_demo_plan_knows_its_council_and_links_its_national_indicators(demo):
    assert (demo.council.code, demo.council.name, demo.neighbour_model) == (
        "852",
        "Southampton",
        "2025-05",
    )
    assert demo.council.region.name == "South East"
    linked = Measure.objects.filter(area__plan=demo, indicator__isnull=False)
    assert linked.count() == 11
    assert not linked.filter(local_indicator=True).exists()
    assert measure(demo, "LAC2").indicator.code == "LAC"
    with gzip.open(EXTRACT, "rt", encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    assert PublishedFigure.objects.count() == rows  # each row a figure or a symbol, none dropped


def test_loading_the_demo_again_loads_no_figure_twice(demo):
    before = PublishedFigure.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert PublishedFigure.objects.count() == before
    latest = Load.objects.order_by("-pk").first()
    assert (latest.added, latest.replaced) == (0, 0)


def test_the_scorecard_gives_a_linked_measures_published_comparators(demo, client):
    turnover = published("Work_Force_TO_Rate", "2025")  # lower is better
    councils = {code: v for code, v in turnover.items() if int(code) < 970 and v is not None}
    ours = turnover["852"]
    sn = [turnover[code] for code in neighbours_of() if turnover.get(code) is not None]
    mean = (sum(sn) / len(sn)).quantize(Decimal("0.1"))
    rank = 1 + sum(1 for v in councils.values() if v < ours)
    q1, q2, q3 = statistics.quantiles(sorted(councils.values()), n=4, method="inclusive")
    band = "A" if ours <= q1 else "B" if ours <= q2 else "C" if ours <= q3 else "D"
    words = {"A": "best quarter", "B": "second best quarter"}[band]

    row = scorecard_row(client, demo, measure(demo, "LS2"))

    assert f"Southampton: {ours.normalize():f}% (2025)" in row
    assert f"SN mean ({len(sn)} of 10): {mean.normalize():f}% (2025)" in row
    assert f"South East: {turnover['989'].normalize():f}% (2025)" in row
    assert f"England: {turnover['970'].normalize():f}% (2025)" in row
    assert f"{band}: {words} of {len(councils)} councils" in row
    assert f"Ranked {rank}" in row and f"of {len(councils)} councils" in row
    assert "typed in" not in row  # published figures, not the plan's typed ones


def test_an_indicator_with_no_better_direction_has_no_band_or_rank(demo, client):
    row = scorecard_row(client, demo, measure(demo, "LAC2"))

    assert "quarter of" not in row and "Ranked" not in row
    assert f"England: {published('LAC', '2025')['970']} (2025)" in row


def test_the_measure_page_gives_every_published_year_and_the_neighbours_one_by_one(demo, client):
    client.force_login(User.objects.get(username="board"))
    cla = measure(demo, "LAC2")

    page = client.get(cla.get_absolute_url(), {"period": "2020-07"}).content.decode()

    section = page.split('id="published"')[1].split('id="comparators"')[0]
    rows = html_rows(section)
    years = [r.split(" | ")[0] for r in rows if re.match(r"^20\d\d \|", r)]
    assert years == [str(y) for y in range(2025, 2015, -1)]
    this_year = published("LAC", "2025")
    [row_2025] = [r for r in rows if r.startswith("2025 |")]
    assert row_2025.startswith(f"2025 | {this_year['852']} | ")
    names = place_names()
    listed = [r for r in rows if re.match(r"^\d+ \| ", r) and not r.startswith("20")]
    assert [r.split(" | ")[1] for r in listed] == [names[c] for c in neighbours_of()]
    first = neighbours_of()[0]
    assert listed[0] == f"1 | {names[first]} | Very close | {this_year[first]}"
    assert "These are published annual figures, not the monthly figures above." in text(section)


def test_the_chart_draws_the_published_years_within_its_months_as_annual_figures(demo, client):
    client.force_login(User.objects.get(username="board"))
    cla = measure(demo, "LAC2")

    page = client.get(cla.get_absolute_url(), {"period": "2020-07"}).content.decode()

    data = re.search(r'id="measure-figure"[^>]*>(.*?)</script>', page, re.S).group(1)
    traces = {t["name"]: t for t in json.loads(data)["data"]}
    ours = traces["Published annual figure: Southampton"]
    # LAC is "at 31 March": 2020's figure stands on March 2020, the only year in the chart
    assert ours["x"] == ["2020-03-01"]
    assert ours["y"] == [float(published("LAC", "2020")["852"])]
    assert ours["marker"]["symbol"] == "star-diamond"
    assert "published annual figure for 2020 (at 31 March)" in ours["hovertext"][0]
    assert traces["Published annual figure: England"]["y"] == [
        float(published("LAC", "2020")["970"])
    ]


def test_the_board_pack_gives_the_bands_in_words(demo, client):
    client.force_login(User.objects.get(username="admin"))  # the live pack: admins' preview

    page = client.get(reverse("dashboard:board_pack", args=[demo.slug]), {"period": "2020-07"})

    content = text(page.content.decode())
    assert "Southampton: 7.4% (2025)" in content
    assert re.search(
        r"[ABCD]: (best|second best|second worst|worst) quarter of 15\d councils", content
    )


def test_a_plan_that_names_no_council_says_so_and_keeps_its_typed_comparators(
    client, board_user, plan, periods, area, catalogue
):
    indicator = Indicator.objects.get(code="ReReferral")
    linked = factories.make_measure(area, "Re-referrals", indicator=indicator)
    factories.make_benchmark(linked, "sn", 21)
    client.force_login(board_user)

    page = text(client.get(linked.get_absolute_url()).content.decode())

    assert "The plan does not say which council it is for" in page
    assert "Comparators typed in" in page


def test_the_scorecard_download_gives_the_neighbours_mean_as_the_scorecard_does(demo, client):
    turnover = published("Work_Force_TO_Rate", "2025")
    sn = [turnover[code] for code in neighbours_of() if turnover.get(code) is not None]
    mean = (sum(sn) / len(sn)).quantize(Decimal("0.1"))  # the catalogue gives no places: one
    assert sum(sn) / len(sn) != mean  # the mean has more places than the scorecard shows
    client.force_login(User.objects.get(username="board"))

    response = client.get(
        reverse("dashboard:board_pack_xlsx", args=[demo.slug]), {"period": "2020-07"}
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = sheet.iter_rows(values_only=True)
    [row] = [r for r in rows if r[header.index("Measure")] == measure(demo, "LS2").title]
    assert row[header.index("Statistical neighbours")] == float(mean)
    assert f"SN mean ({len(sn)} of 10): {mean.normalize():f}%" in scorecard_row(
        client, demo, measure(demo, "LS2")
    )
