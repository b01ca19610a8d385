"""The monthly figures page: every measure of an area for a period, in one submit."""

from decimal import Decimal

import pytest
from django.urls import reverse

from measures.models import Actual
from tests import factories

from .conftest import figures_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(plan, period, area):
    return reverse("returns:figures", args=[plan.slug, period, area.pk])


def both(percent_measure, count_measure, percent=None, count=None):
    """POST data for the two measures, with overrides per measure."""
    return figures_post(
        [
            {"measure_id": percent_measure.pk, "value": "85"} | (percent or {}),
            {"measure_id": count_measure.pk, "value": "40"} | (count or {}),
        ]
    )


def test_it_shows_last_periods_value_the_target_and_the_rag_of_the_value(
    manager_client, url, periods, percent_measure, count_measure
):
    factories.make_actual(percent_measure, periods[1], 78)
    factories.make_actual(percent_measure, periods[2], 70)
    page = manager_client.get(url).content.decode()
    assert "Early Help: figures for March 2020" in page
    assert "Assessments completed in 45 days" in page
    assert "Last period</dt>" in page
    assert ">78%<" in page.replace(" ", "")  # last period's value, in the measure's unit
    assert "80% or more (higher is better)" in page  # target in force, in words
    assert 'value="70"' in page  # this period's value, as typed
    assert "rag-red" in page  # 70 against 80 is Red
    assert "No target" in page  # the count measure is monitor only


def test_it_saves_every_measure_in_one_submit_with_who_entered_it(
    manager_client, manager_user, url, period, percent_measure, count_measure
):
    response = manager_client.post(
        url, both(percent_measure, count_measure, count={"commentary": "Up by four"})
    )
    assert response.status_code == 302
    saved = {a.measure_id: a for a in Actual.objects.filter(period=period)}
    assert saved[percent_measure.pk].value == Decimal("85")
    assert saved[count_measure.pk].value == Decimal("40")
    assert saved[count_measure.pk].commentary == "Up by four"
    assert saved[percent_measure.pk].entered_by == manager_user
    assert saved[percent_measure.pk].history.first().history_user == manager_user
    page = manager_client.get(response["Location"]).content.decode()
    assert "Early Help: figures for March 2020 saved (2 changed)" in page


def test_a_percentage_over_100_is_refused_next_to_the_field_and_in_the_summary(
    manager_client, url, percent_measure, count_measure
):
    response = manager_client.post(
        url,
        both(
            percent_measure,
            count_measure,
            percent={"value": "120", "commentary": "my careful words"},
            count={"commentary": "kept too"},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert (
        '<a href="#id_figures-0-value">Assessments completed in 45 days: '
        "A percentage must be between 0 and 100.</a>" in page
    )
    assert 'id="id_figures-0-value-error"' in page
    assert "govuk-input--error" in page
    # Nothing typed is lost, nothing is saved.
    assert 'value="120"' in page
    assert "my careful words" in page
    assert "kept too" in page
    assert 'value="40"' in page
    assert not Actual.objects.exists()


def test_a_count_must_be_whole_and_a_rate_not_negative(
    manager_client, url, area, percent_measure, count_measure
):
    rate = factories.make_measure(area, "Referrals per 10,000", unit="rate", order=3)
    data = figures_post(
        [
            {"measure_id": percent_measure.pk, "value": "85"},
            {"measure_id": count_measure.pk, "value": "2.5"},
            {"measure_id": rate.pk, "value": "-3"},
        ]
    )
    page = manager_client.post(url, data).content.decode()
    assert "A count must be a whole number." in page
    assert "A rate cannot be negative." in page
    assert not Actual.objects.exists()


def test_words_where_a_number_belongs_are_kept_and_explained(
    manager_client, url, percent_measure, count_measure
):
    page = manager_client.post(
        url, both(percent_measure, count_measure, percent={"value": "about 80"})
    ).content.decode()
    assert "Enter the value as a number, like 42 or 87.5" in page
    assert 'value="about 80"' in page


def test_a_missing_value_needs_an_explanation(
    manager_client, url, period, percent_measure, count_measure
):
    page = manager_client.post(
        url, both(percent_measure, count_measure, percent={"value": ""})
    ).content.decode()
    assert "Enter a value for this period, or explain why there is none" in page
    assert 'href="#id_figures-0-missing_reason"' in page
    assert not Actual.objects.exists()

    response = manager_client.post(
        url,
        both(
            percent_measure,
            count_measure,
            percent={"value": "", "missing_reason": "Data team has not published March yet"},
        ),
    )
    assert response.status_code == 302
    actual = Actual.objects.get(measure=percent_measure, period=period)
    assert actual.value is None
    assert actual.missing_reason == "Data team has not published March yet"


def test_a_red_value_needs_commentary(manager_client, url, period, percent_measure, count_measure):
    page = manager_client.post(
        url, both(percent_measure, count_measure, percent={"value": "70"})
    ).content.decode()
    assert "70% is Red against the target of 80% or more: add commentary" in page
    assert 'href="#id_figures-0-commentary"' in page
    assert not Actual.objects.exists()

    response = manager_client.post(
        url,
        both(
            percent_measure,
            count_measure,
            percent={"value": "70", "commentary": "Two social workers left; agency cover from May"},
        ),
    )
    assert response.status_code == 302
    assert Actual.objects.get(measure=percent_measure, period=period).value == 70


def test_an_amber_value_needs_no_commentary(
    manager_client, url, period, percent_measure, count_measure
):
    response = manager_client.post(
        url, both(percent_measure, count_measure, percent={"value": "77"})
    )
    assert response.status_code == 302
    assert Actual.objects.get(measure=percent_measure, period=period).value == 77


def test_saving_again_without_changes_changes_nothing(
    manager_client, url, period, percent_measure, count_measure
):
    manager_client.post(url, both(percent_measure, count_measure))
    actual = Actual.objects.get(measure=percent_measure, period=period)
    data = both(percent_measure, count_measure, percent={"version": 1}, count={"version": 1})
    manager_client.post(url, data)
    actual.refresh_from_db()
    assert actual.version == 1
    assert actual.history.count() == 1


def test_quarterly_measures_may_be_left_blank(
    manager_client, url, area, period, percent_measure, count_measure
):
    quarterly = factories.make_measure(area, "Audit grades", frequency="quarterly", order=3)
    data = figures_post(
        [
            {"measure_id": percent_measure.pk, "value": "85"},
            {"measure_id": count_measure.pk, "value": "40"},
            {"measure_id": quarterly.pk, "value": ""},
        ]
    )
    assert manager_client.post(url, data).status_code == 302
    assert not Actual.objects.filter(measure=quarterly).exists()


def test_another_areas_manager_and_board_members_cannot_post(
    other_manager_client, url, percent_measure, count_measure
):
    assert other_manager_client.post(url, both(percent_measure, count_measure)).status_code == 403
    assert not Actual.objects.exists()


def test_board_members_cannot_post(board_client, url, percent_measure, count_measure):
    assert board_client.post(url, both(percent_measure, count_measure)).status_code == 403
    assert not Actual.objects.exists()
