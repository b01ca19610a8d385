"""A figure is shown as it was entered (79.5 is 79.5, never 80; 80.00 is 80; 26.25 is 26.25)
on every page and in every download, and gaps are worked out from the exact figures."""

import io
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from measures.models import Actual, Measure
from tests import factories
from tests.admin_pages import form_data
from tests.returns.conftest import figures_post

pytestmark = pytest.mark.django_db

MARCH = "2020-03"


@pytest.fixture
def measures(area):
    """Three measures recorded to 2 decimal places."""
    rate = factories.make_measure(
        area,
        "Children subject to a child protection plan per 10,000",
        unit="rate",
        direction="lower",
        target=26,
        decimal_places=2,
        order=1,
    )
    percent = factories.make_measure(
        area,
        "Assessments completed in 45 days",
        unit="percent",
        target=65,
        decimal_places=2,
        order=2,
    )
    score = factories.make_measure(
        area, "Audits graded good", unit="score", direction="monitor", decimal_places=2, order=3
    )
    return rate, percent, score


@pytest.fixture
def entered(client, manager_user, plan, periods, area, measures):
    """Figures with 2, 1 and 0 decimals entered through the returns form by the manager; last
    month the percentage was Red, so it shows among the measures that changed RAG."""
    rate, percent, score = measures
    factories.make_actual(percent, periods[1], 50, commentary="Short of staff")
    client.force_login(manager_user)
    response = client.post(
        reverse("returns:figures", args=[plan.slug, MARCH, area.pk]),
        figures_post(
            [
                {"measure_id": rate.pk, "value": "26.25"},
                {"measure_id": percent.pk, "value": "79.5"},
                {"measure_id": score.pk, "value": "80.00"},
            ]
        ),
    )
    assert response.status_code == 302, response.content.decode()
    return measures


@pytest.fixture
def reader(board_user):
    reader = Client()
    reader.force_login(board_user)
    return reader


def text_of(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_database_holds_the_figures_as_entered(entered, periods):
    held = Actual.objects.filter(period=periods[2]).order_by("measure__order")
    assert [a.value for a in held] == [Decimal("26.25"), Decimal("79.5"), Decimal("80")]


def test_the_figures_page_shows_them_back_as_typed(entered, client, plan, area):
    page = text_of(client.get(reverse("returns:figures", args=[plan.slug, MARCH, area.pk])))
    assert 'value="26.25"' in page
    assert 'value="79.5"' in page
    assert 'value="80"' in page


def test_rag_at_a_glance_lists_the_change_with_the_exact_figure_and_gap(entered, reader, plan):
    page = text_of(
        reader.get(reverse("dashboard:at_a_glance", args=[plan.slug]), {"period": MARCH})
    )
    assert "Assessments completed in 45 days" in page
    assert "79.5%" in page
    assert "14.5 percentage points above target" in page
    assert ">80%<" not in page.replace(" ", "")


def test_the_area_scorecard_shows_each_figure_and_gap_as_entered(entered, reader, plan, area):
    url = reverse("dashboard:scorecard", args=[plan.slug, area.pk])
    page = text_of(reader.get(url, {"period": MARCH}))
    for shown in ("26.25", "79.5%", "14.5 percentage points above target"):
        assert shown in page
    assert "0.25 per 10,000 above target" in page
    assert "14 percentage points" not in page and "15 percentage points" not in page
    assert "26.3" not in page and "80.00" not in page


def test_the_measure_page_chart_and_its_table_show_the_figure_as_entered(entered, reader, plan):
    rate, percent, _ = entered
    page = text_of(reader.get(reverse("dashboard:measure", args=[plan.slug, percent.pk])))
    assert "79.5%" in page
    assert "14.5 percentage points above target" in page
    figure = json.loads(
        re.search(r'<script id="[^"]*" type="application/json">(.*?)</script>', page).group(1)
    )
    hover = " ".join(
        " ".join(trace.get("hovertext", []) + trace.get("text", [])) for trace in figure["data"]
    )
    assert "March 2020: 79.5%" in hover
    assert "Target: 65%" in hover
    rate_page = text_of(reader.get(reverse("dashboard:measure", args=[plan.slug, rate.pk])))
    assert "26.25" in rate_page and "26.3" not in rate_page


def test_the_board_pack_shows_the_figures_as_entered(entered, admin_client, plan):
    page = text_of(
        admin_client.get(reverse("dashboard:board_pack", args=[plan.slug]), {"period": MARCH})
    )
    for shown in ("26.25", "79.5%", "14.5 percentage points above target"):
        assert shown in page
    # the printed chart's label on the point and its table of figures
    assert 'font-weight="bold">26.25</text>' in page
    assert '<td class="govuk-table__cell app-num">26.25</td>' in page
    assert '<td class="govuk-table__cell app-num">79.5%</td>' in page


def test_the_history_page_says_the_figure_as_entered(entered, reader, plan):
    _, percent, _ = entered
    url = reverse("returns:measure_history", args=[plan.slug, percent.pk])
    page = text_of(reader.get(url))
    assert "79.5%" in page


def sheet_rows(data, sheet):
    book = load_workbook(io.BytesIO(data))
    return [list(row) for row in book[sheet].iter_rows()]


def test_the_scorecard_workbook_writes_each_figure_as_a_number_as_entered(entered, reader, plan):
    response = reader.get(reverse("dashboard:board_pack_xlsx", args=[plan.slug]), {"period": MARCH})
    assert response.status_code == 200
    rows = sheet_rows(response.content, "Scorecard")
    headers = [cell.value for cell in rows[0]]
    actual, gap = headers.index("Latest actual"), headers.index("Gap to target")
    by_name = {row[1].value: row for row in rows[1:]}
    expected = {
        "Children subject to a child protection plan per 10,000": (26.25, "0.00"),
        "Assessments completed in 45 days": (79.5, "0.0"),
        "Audits graded good": (80, "0"),
    }
    for name, (value, number_format) in expected.items():
        cell = by_name[name][actual]
        assert (cell.value, cell.number_format) == (value, number_format)
    assert by_name["Assessments completed in 45 days"][gap].value == (
        "14.5 percentage points above target"
    )


def test_the_plan_export_writes_each_figure_as_a_number_as_entered(entered, admin_user, plan):
    admin = Client()
    admin.force_login(admin_user)
    response = admin.get(reverse("spreadsheets:export", args=[plan.slug]))
    assert response.status_code == 200
    rows = sheet_rows(response.content, "Actuals")
    headers = [cell.value for cell in rows[0]]
    value = headers.index("Value")
    march = [row for row in rows[1:] if "2020-03" in str(row[headers.index("Month")].value)]
    shown = sorted((row[value].value, row[value].number_format) for row in march)
    assert shown == [(26.25, "0.00"), (79.5, "0.0"), (80, "0")]


def test_a_figure_with_more_decimals_than_the_measure_records_is_refused_naming_it(
    client, manager_user, plan, periods, area, measures
):
    rate, percent, score = measures
    client.force_login(manager_user)
    response = client.post(
        reverse("returns:figures", args=[plan.slug, MARCH, area.pk]),
        figures_post(
            [
                {"measure_id": rate.pk, "value": "26.255"},
                {"measure_id": percent.pk, "value": "79.5"},
                {"measure_id": score.pk, "value": "80"},
            ]
        ),
    )
    page = text_of(response)
    assert "26.255 has 3 decimal places: this measure is recorded to 2 decimal places." in page
    assert 'value="26.255"' in page  # kept as typed, to correct
    assert not Actual.objects.filter(period=periods[2]).exists()


def test_the_admin_refuses_a_figure_or_baseline_with_too_many_decimals(
    admin_user, plan, periods, area
):
    admin_user.is_staff = True
    admin_user.save()
    admin = Client()
    admin.force_login(admin_user)
    measure = factories.make_measure(area, "Visits on time", decimal_places=1, baseline=70)
    figure = factories.make_actual(measure, periods[2], 80)

    url = reverse("admin:measures_actual_change", args=[figure.pk])
    data = form_data(admin.get(url)) | {"value": ["79.55"]}
    page = text_of(admin.post(url, data))
    assert "79.55 has 2 decimal places: this measure is recorded to 1 decimal place." in page
    figure.refresh_from_db()
    assert figure.value == Decimal("80")

    url = reverse("admin:measures_measure_change", args=[measure.pk])
    data = form_data(admin.get(url)) | {"baseline": ["70.25"]}
    page = text_of(admin.post(url, data))
    assert "70.25 has 2 decimal places: this measure is recorded to 1 decimal place." in page


def test_a_measure_cannot_be_recorded_to_fewer_places_than_its_figures_have(entered, periods):
    rate, percent, _ = entered
    percent.decimal_places = 0
    with pytest.raises(ValidationError) as error:
        percent.full_clean()
    assert error.value.message_dict["decimal_places"] == [
        "The figure for March 2020 is 79.5: record this measure to at least 1 decimal place."
    ]
    percent.decimal_places = 1
    percent.full_clean()  # 79.5 fits


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saved_figures_with_more_places_than_their_measure_are_shown_as_entered_after_migrating():
    """Before places were checked the returns form took 79.5 for a measure shown to 0 places
    (and showed 80): migrating records such a measure to the places its figures have."""
    plan = factories.make_plan(slug="old")
    area = factories.make_area(plan, name="MASH")
    period = factories.make_periods(plan, count=1)[0]
    executor = MigrationExecutor(connection)
    before = [("measures", "0003_text_limits_and_decimal_places")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldMeasure = old.get_model("measures", "Measure")
    rate = OldMeasure.objects.create(area_id=area.pk, name="Rate", unit="rate", decimal_places=0)
    whole = OldMeasure.objects.create(area_id=area.pk, name="Whole", unit="rate", decimal_places=0)
    OldActual = old.get_model("measures", "Actual")
    OldActual.objects.create(measure=rate, period_id=period.pk, value=Decimal("79.5"))
    OldActual.objects.create(measure=whole, period_id=period.pk, value=Decimal("80.0000"))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    rate, whole = Measure.objects.get(name="Rate"), Measure.objects.get(name="Whole")
    assert (rate.decimal_places, whole.decimal_places) == (1, 0)
    assert rate.format(Decimal("79.5")) == "79.5"
