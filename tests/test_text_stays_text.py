"""Text stays the text it was: downloads keep Word's line breaks and formula-like text
(no 500, no formula run), a unit label is words in the chart (never a link), and free text
has a limit, with the usual error, in forms and in imports."""

import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dashboard.charts import measure_figure
from measures.models import Actual
from spreadsheets.export import export_plan
from spreadsheets.safety import cell_text, csv_safe
from tests import factories
from tests.returns.conftest import figures_post
from tests.spreadsheets.conftest import run_template

pytestmark = pytest.mark.django_db

WORD_TEXT = "Audit supervision\x0bthen report to the board\x07"  # Word's line break, a bell
FORMULA = '=HYPERLINK("https://example.org/x","Click me")'
LINK_LABEL = '<a href="https://example.org/evil">children</a>'


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("line one\x0bline two", "line one\nline two"),
        ("page\x0cbreak", "page\nbreak"),
        ("nul\x00 bell\x07 esc\x1b tab\tkept\r\n", "nul bell esc tab\tkept\r\n"),
        ("\ufffe\ud800fine", "fine"),
        (FORMULA, FORMULA),
        (42, 42),
        (None, None),
    ],
)
def test_cell_text_keeps_what_a_cell_can_hold(raw, expected):
    assert cell_text(raw) == expected


def test_csv_keeps_formula_like_text_as_text():
    assert csv_safe("=1+1") == "'=1+1"
    assert csv_safe("a\x0bb") == "a\nb"


@pytest.fixture
def reader(board_user):
    reader = Client()
    reader.force_login(board_user)
    return reader


@pytest.fixture
def awkward(plan, periods, area):
    """An action and a measure holding text Excel would refuse or run."""
    factories.make_action(
        area, WORD_TEXT, reference="1.1", key_partners=FORMULA, still_to_do="@SUM(A1)"
    )
    measure = factories.make_measure(
        area, "Referrals\x0bwithin 24 hours", target=80, data_source=FORMULA, order=1
    )
    factories.make_actual(measure, periods[2], 85, commentary="-3 on last month\x0b")
    return measure


def cells(data, sheet):
    book = load_workbook(io.BytesIO(data))
    return [(c.value, c.data_type) for row in book[sheet].iter_rows() for c in row if c.value]


def test_the_tracker_workbook_keeps_word_breaks_and_formula_text(awkward, reader, plan):
    url = reverse("dashboard:tracker", args=[plan.slug])
    response = reader.get(url, {"_export": "xlsx"})
    assert response.status_code == 200
    found = cells(response.content, "Actions")
    assert ("Audit supervision\nthen report to the board", "s") in found
    assert (FORMULA, "s") in found  # text, not a formula
    assert ("@SUM(A1)", "s") in found


def test_the_tracker_csv_keeps_word_breaks_and_formula_text(awkward, reader, plan):
    response = reader.get(reverse("dashboard:tracker", args=[plan.slug]), {"_export": "csv"})
    text = response.content.decode()
    assert "Audit supervision\nthen report to the board" in text
    assert "'" + FORMULA.replace('"', '""') in text
    assert "\x0b" not in text


def test_the_scorecard_workbook_keeps_word_breaks_and_formula_text(awkward, reader, plan):
    url = reverse("dashboard:board_pack_xlsx", args=[plan.slug])
    response = reader.get(url, {"period": "2020-03"})
    assert response.status_code == 200
    found = cells(response.content, "Scorecard")
    assert ("Referrals\nwithin 24 hours", "s") in found
    assert (FORMULA, "s") in found


def test_the_plan_export_keeps_word_breaks_and_formula_text(awkward, plan):
    data = export_plan(plan)
    assert ("Audit supervision\nthen report to the board", "s") in cells(data, "Actions")
    assert (FORMULA, "s") in cells(data, "Actions")
    assert ("-3 on last month\n", "s") in cells(data, "Actuals")


# A unit label is words in the interactive chart --------------------------------------------


def test_a_unit_label_is_escaped_in_the_chart(plan, periods, area, reader):
    measure = factories.make_measure(area, "Visits", unit="rate", unit_label=LINK_LABEL, order=1)
    factories.make_actual(measure, periods[2], 12)
    figure = measure_figure(measure, [], {})
    assert figure["layout"]["yaxis"]["title"]["text"] == (
        "&lt;a href=&quot;https://example.org/evil&quot;&gt;children&lt;/a&gt;"
    )
    page = reader.get(reverse("dashboard:measure", args=[plan.slug, measure.pk]))
    html = page.content.decode()
    assert '<a href="https://example.org/evil"' not in html
    data = re.search(r'id="measure-figure" type="application/json">(.*?)</script>', html)
    shown = json.loads(data.group(1))
    assert "<a href" not in json.dumps(shown["layout"]["yaxis"]["title"])


# Free text has a limit ---------------------------------------------------------------------


def test_over_long_commentary_is_refused_with_the_usual_message(
    manager_client, plan, periods, area
):
    measure = factories.make_measure(area, "Visits on time", target=80, order=1)
    url = reverse("returns:figures", args=[plan.slug, "2020-03", area.pk])
    page = manager_client.get(url).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="2000"' in page
    assert "You can enter up to 2,000 characters" in page
    response = manager_client.post(
        url, figures_post([{"measure_id": measure.pk, "value": "85", "commentary": "x" * 2001}])
    )
    assert response.status_code == 200
    assert "Commentary must be 2,000 characters or less" in response.content.decode()
    assert not Actual.objects.exists()


def test_the_model_refuses_over_long_text_so_imports_do_too(plan, periods, area):
    measure = factories.make_measure(area, "Visits on time", order=1)
    figure = Actual(measure=measure, period=periods[2], value=85, commentary="x" * 2001)
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert error.value.message_dict["commentary"] == [
        "This must be 2,000 characters or less (it has 2001)"
    ]


def test_an_import_names_the_cell_of_over_long_text(plan, periods, area):
    factories.make_action(area, "Short enough", reference="1.1")
    book = load_workbook(io.BytesIO(export_plan(plan)))
    sheet = book["Actions"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("Action") + 1, value="y" * 2001)
    buffer = io.BytesIO()
    book.save(buffer)

    report = run_template(buffer.getvalue(), plan=plan)

    assert report.has_errors
    messages = [str(issue) for issue in report.errors]
    assert any('sheet "Actions", row 2' in m and "2001 characters long" in m for m in messages)
