"""The rules the database and the model validation enforce."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from exceptions.models import ExceptionReport
from improvement.rules import RAG
from measures.models import Actual, Target

from . import factories

pytestmark = pytest.mark.django_db


def test_one_actual_per_measure_and_period(periods, area):
    measure = factories.make_measure(area)
    factories.make_actual(measure, periods[0], 50)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_actual(measure, periods[0], 60)


def test_one_exception_report_per_area_and_period(periods, area):
    factories.make_report(area, periods[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_report(area, periods[0])


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("percent", "101", "A percentage must be between 0 and 100."),
        ("percent", "-1", "A percentage must be between 0 and 100."),
        ("count", "2.5", "A count must be a whole number."),
        ("count", "-3", "A count cannot be negative."),
        ("rate", "-0.1", "A rate cannot be negative."),
    ],
)
def test_an_actual_must_fit_its_unit(periods, area, unit, value, message):
    measure = factories.make_measure(area, unit=unit)
    actual = Actual(measure=measure, period=periods[0], value=Decimal(value))
    with pytest.raises(ValidationError) as caught:
        actual.full_clean()
    assert message in caught.value.message_dict["value"]


def test_a_missing_value_needs_an_explanation(periods, area):
    measure = factories.make_measure(area)
    actual = Actual(measure=measure, period=periods[0], value=None)
    with pytest.raises(ValidationError) as caught:
        actual.full_clean()
    assert "missing_reason" in caught.value.message_dict
    actual.missing_reason = "System outage: figures not extracted."
    actual.full_clean()


def test_report_needs_a_reason_when_the_rag_differs_from_the_suggestion(periods, area):
    report = ExceptionReport(
        area=area, period=periods[0], suggested_rag=RAG.RED, current_rag=RAG.AMBER
    )
    with pytest.raises(ValidationError) as caught:
        report.full_clean()
    assert "reason" in caught.value.message_dict
    report.reason = "Audit grades have improved ahead of the figures."
    report.full_clean()


def test_manual_action_rag_needs_a_reason(area):
    action = factories.make_action(area, status="in_progress")
    action.manual_rag = "red"
    with pytest.raises(ValidationError):
        action.full_clean()


def test_the_target_in_force_changes_over_time(periods, area):
    measure = factories.make_measure(area, unit="percent", direction="higher")
    Target.objects.create(measure=measure, effective_from=datetime.date(2020, 1, 1), value=70)
    Target.objects.create(measure=measure, effective_from=datetime.date(2020, 7, 1), value=80)
    assert measure.target_for(datetime.date(2020, 6, 1)).value == 70
    assert measure.target_for(datetime.date(2020, 7, 1)).value == 80
    assert measure.rag_for(Decimal(75), measure.target_for(datetime.date(2020, 6, 1))) == RAG.GREEN
    assert measure.rag_for(Decimal(75), measure.target_for(datetime.date(2020, 8, 1))) == RAG.RED


def test_every_change_is_recorded_with_who_made_it(periods, area, admin_user):
    measure = factories.make_measure(area)
    actual = factories.make_actual(measure, periods[0], 50)
    actual.value = Decimal(55)
    actual._history_user = admin_user
    actual.save()
    latest, first = actual.history.all()[:2]
    assert latest.history_user == admin_user
    delta = latest.diff_against(first)
    [change] = delta.changes
    assert (change.field, change.old, change.new) == ("value", Decimal(50), Decimal(55))


def test_locking_a_period_records_who_and_when(periods, admin_user):
    period = periods[0]
    period.lock(admin_user)
    period.refresh_from_db()
    assert period.is_locked
    assert period.locked_by == admin_user
    assert period.locked_at is not None
