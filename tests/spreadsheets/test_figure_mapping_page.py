"""Monthly figures through the mapping page: the admin sees how a figures sheet's columns
are read (measure, months, commentary), changes one, previews and confirms."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.models import Actual
from spreadsheets.models import ImportBatch
from tests import factories

from .conftest import workbook

pytestmark = pytest.mark.django_db

JUNE, JULY = datetime.date(2020, 6, 1), datetime.date(2020, 7, 1)


def url(name, plan, *args):
    return reverse(f"spreadsheets:{name}", args=[plan.slug, *args])


@pytest.fixture
def measures(area):
    return {
        "plans": factories.make_measure(area, "Plans on time", unit="percent", reference="EH1"),
        "children": factories.make_measure(area, "Children open", unit="count"),
    }


WIDE = [
    ["Scorecard"],
    ["Ref", "Measure", datetime.datetime(2020, 6, 1), "Jul-20", "Data team notes"],
    ["EH1", "Plans on time", 0.81, 0.85, "Audit under way"],
    [None, "Children open", 120, "7 in progress", None],
]


def test_the_admin_sees_the_wide_figures_mapping_changes_a_column_and_imports(
    admin_client, plan, measures
):
    data = workbook({"Figures": WIDE}, formats={("Figures", "C3"): "0%", ("Figures", "D3"): "0%"})
    response = admin_client.post(
        url("upload", plan),
        {"file": SimpleUploadedFile("scorecard.xlsx", data), "kind": "actuals"},
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == url("mapping", plan, batch.pk)

    page = admin_client.get(response["Location"]).content.decode()

    assert 'Headings found on row 2, below the title "Scorecard"' in page
    assert '<option value="figures" selected>Monthly figures' in page
    assert '<option value="actions"' not in page  # an upload of figures holds figures
    for column in ("A", "B", "C", "D", "E"):
        assert f"Column {column}:" in page
    assert page.count('<option value="month" selected>') == 2  # Jun-20 and Jul-20
    assert '<option value="reference" selected>Measure reference</option>' in page
    assert '<option value="commentary" selected>' not in page
    # The notes column is not recognised: the admin reads it as the commentary.
    form = {
        "sheet0_kind": "figures",
        "sheet0_col0": "reference",
        "sheet0_col1": "measure",
        "sheet0_col2": "month",
        "sheet0_col3": "month",
        "sheet0_col4": "commentary",
    }

    response = admin_client.post(url("mapping", plan, batch.pk), form)

    assert response["Location"] == url("preview", plan, batch.pk)
    preview = admin_client.get(response["Location"]).content.decode()
    assert "4 monthly figures" in preview
    assert (
        "No figure was read from &quot;7 in progress&quot;: the words beside the number "
        "(&quot;in progress&quot;) say it is not a settled figure. The cell&#x27;s text was "
        "kept as the reason the July 2020 figure is missing." in preview
    )
    assert not Actual.objects.exists()

    admin_client.post(url("confirm", plan, batch.pk))

    plans = {a.period.month: a for a in measures["plans"].actuals.select_related("period")}
    assert (plans[JUNE].value, plans[JUNE].commentary) == (81, "")
    assert (plans[JULY].value, plans[JULY].commentary) == (85, "Audit under way")
    children = {a.period.month: a for a in measures["children"].actuals.select_related("period")}
    assert children[JUNE].value == 120
    assert (children[JULY].value, children[JULY].missing_reason) == (None, "7 in progress")
    batch.refresh_from_db()
    assert batch.status == "imported"


def test_a_month_column_whose_heading_names_no_month_is_refused(admin_client, plan, measures):
    data = workbook({"Figures": [["Measure", "Jul-20", "Comment"], ["Children open", 5, "x"]]})
    admin_client.post(
        url("upload", plan),
        {"file": SimpleUploadedFile("figures.xlsx", data), "kind": "actuals"},
    )
    batch = ImportBatch.objects.get()
    form = {
        "sheet0_kind": "figures",
        "sheet0_col0": "measure",
        "sheet0_col1": "month",
        "sheet0_col2": "month",
    }

    response = admin_client.post(url("mapping", plan, batch.pk), form)

    assert response.status_code == 400
    assert (
        "The heading &quot;Comment&quot; of column C names no month, so it cannot be read as a "
        "month&#x27;s figures" in response.content.decode()
    )


def test_a_long_figures_sheet_is_proposed_with_its_period_and_value(admin_client, plan, measures):
    rows = [["Measure", "Period", "Value", "Commentary"], ["Children open", "Jul-20", 5, "Up"]]
    admin_client.post(
        url("upload", plan),
        {"file": SimpleUploadedFile("long.xlsx", workbook({"Long": rows})), "kind": "actuals"},
    )
    batch = ImportBatch.objects.get()

    page = admin_client.get(url("mapping", plan, batch.pk)).content.decode()

    assert '<option value="period" selected>Month (one row per figure)</option>' in page
    assert '<option value="value" selected>Figure (one row per figure)</option>' in page
    assert '<option value="commentary" selected>Commentary</option>' in page


def test_a_council_workbook_with_a_sheet_of_figures_reads_it_as_figures(
    admin_client, plan, measures
):
    data = workbook(
        {
            "Actions": [["Area", "Action"], ["Early Help", "Audit plans"]],
            "Figures": [["Measure", "Jul-20", "Aug-20"], ["Children open", 120, 118]],
        }
    )
    admin_client.post(
        url("upload", plan),
        {"file": SimpleUploadedFile("council.xlsx", data), "kind": "council"},
    )
    batch = ImportBatch.objects.get()

    assert [m["kind"] for m in batch.mapping] == ["actions", "figures"]
    form = {
        "sheet0_kind": "actions",
        "sheet0_col0": "area",
        "sheet0_col1": "action",
        "sheet1_kind": "figures",
        "sheet1_col0": "measure",
        "sheet1_col1": "month",
        "sheet1_col2": "month",
    }
    response = admin_client.post(url("mapping", plan, batch.pk), form)
    admin_client.post(url("confirm", plan, batch.pk))

    assert response["Location"] == url("preview", plan, batch.pk)
    figures = measures["children"].actuals.order_by("period__month")
    assert [a.value for a in figures] == [120, 118]


def test_a_measures_sheet_changed_to_figures_has_its_month_columns_proposed(
    admin_client, plan, measures
):
    rows = [["Measure", "Target", "Jul-20", "Aug-20"], ["Children open", 100, 120, 118]]
    admin_client.post(
        url("upload", plan),
        {"file": SimpleUploadedFile("council.xlsx", workbook({"KPIs": rows})), "kind": "council"},
    )
    batch = ImportBatch.objects.get()
    assert batch.mapping[0]["kind"] == "measures"  # a target says it is more than figures

    response = admin_client.post(url("mapping", plan, batch.pk), {"sheet0_kind": "figures"})

    assert response["Location"] == url("mapping", plan, batch.pk)
    page = admin_client.get(response["Location"]).content.decode()
    assert page.count('<option value="month" selected>') == 2
    assert '<option value="measure" selected>Measure</option>' in page
