"""No lost update: every save of a figure, an action or an exception report checks the version
it started from (improvement/versioning.py), whichever path makes it: a form's service, the
Django admin (tests/test_admin_conflicts.py), an import (tests/spreadsheets/), or any command or
script that saves a model."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from exceptions.models import ExceptionReport
from improvement.models import Action
from improvement.versioning import Conflict, last_change, stale_versions
from measures.models import Actual
from returns import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def figure(area, periods):
    measure = factories.make_measure(area, "Visits on time", target=80)
    return factories.make_actual(measure, periods[2], 70)


def test_a_save_moves_the_version_on_by_one(figure):
    figure.value = Decimal("72")
    figure.save()
    assert figure.version == 2
    assert Actual.objects.get(pk=figure.pk).version == 2


def test_a_save_of_some_fields_moves_the_version_too(figure):
    figure.commentary = "Recovering"
    figure.save(update_fields=["commentary"])
    assert Actual.objects.values_list("version", "commentary").get(pk=figure.pk) == (
        2,
        "Recovering",
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda area, period: factories.make_actual(
            factories.make_measure(area, "Visits"), period, 70
        ),
        lambda area, period: factories.make_action(area, "Audit case files"),
        lambda area, period: factories.make_report(area, period, current_rag="green"),
    ],
    ids=["figure", "action", "exception report"],
)
def test_a_record_read_before_someone_elses_save_cannot_overwrite_it(make, area, periods):
    record = make(area, periods[2])
    model = type(record)
    theirs, mine = model.objects.get(pk=record.pk), model.objects.get(pk=record.pk)
    theirs._history_user = factories.make_user("sam", first_name="Sam", last_name="Smith")
    theirs.save()

    with pytest.raises(Conflict) as refused:
        mine.save()

    assert refused.value.saved[record.pk].version == 2
    assert model.objects.get(pk=record.pk).version == 2
    assert mine.version == 1  # the stale copy keeps the version it was read at
    who, when = last_change(model.objects.get(pk=record.pk))
    assert who.get_full_name() == "Sam Smith"
    assert when is not None


def test_stale_versions_names_the_rows_that_moved_on(figure, area, periods):
    other = factories.make_actual(figure.measure, periods[3], 75)
    Actual.objects.get(pk=figure.pk).save()

    stale = stale_versions(Actual, {figure.pk: 1, other.pk: 1})

    assert list(stale) == [figure.pk]
    assert stale[figure.pk].version == 2


def test_a_change_made_by_no_person_is_named_so(figure):
    figure.save()
    assert last_change(figure)[0] is None  # an import or command, shown as such


# Two real connections racing: PostgreSQL only (SQLite takes one writer at a time) ---------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="racing two connections needs PostgreSQL's row locks (CI runs it there)",
)


def _race(*jobs):
    """Run the jobs at once, each in its own thread with its own database connection;
    return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # the outcome to check
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_managers_saving_one_figure_at_once_on_postgresql_one_is_refused():
    plan = factories.make_plan(slug="race")
    period = factories.make_periods(plan, first=datetime.date(2020, 3, 1), count=1)[0]
    area = factories.make_area(plan, name="Early Help")
    measure = factories.make_measure(area, "Visits on time", target=80)
    factories.make_actual(measure, period, 70)
    sam, kim = factories.make_manager("sam", [area]), factories.make_manager("kim", [area])

    def save(user, value):
        entry = services.FigureEntry(
            measure=measure,
            value=Decimal(value),
            missing_reason="",
            commentary=f"Saved by {user.username}",
            version=1,  # both pages showed version 1
        )
        return services.figures_save(area=area, period=period, user=user, entries=[entry])

    results = _race(lambda: save(sam, "72"), lambda: save(kim, "74"))

    assert sorted(type(r).__name__ for r in results) == ["Conflict", "int"]
    saved = Actual.objects.get(measure=measure, period=period)
    winner = sam if results[0] == 1 else kim
    assert saved.version == 2
    assert saved.commentary == f"Saved by {winner.username}"
    assert saved.history.count() == 2  # created, then the one change


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_people_updating_one_action_at_once_on_postgresql_one_is_refused():
    plan = factories.make_plan(slug="race-actions")
    period = factories.make_periods(plan, first=datetime.date(2020, 3, 1), count=1)[0]
    area = factories.make_area(plan, name="Early Help")
    action = factories.make_action(area, "Audit case files")
    sam, kim = factories.make_manager("sam", [area]), factories.make_manager("kim", [area])

    def update(user, status):
        return services.action_update_record(
            action=action,
            period=period,
            user=user,
            status=status,
            progress=f"Progress from {user.username}",
            impact="",
            evidence="",
            evidence_url="",
            version=1,
        )

    results = _race(lambda: update(sam, "at_risk"), lambda: update(kim, "complete"))

    assert sorted(type(r).__name__ for r in results) == ["ActionUpdate", "Conflict"]
    saved = Action.objects.get(pk=action.pk)
    assert saved.version == 2
    assert saved.updates.count() == 1  # the refused update wrote nothing


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_managers_saving_one_exception_report_at_once_on_postgresql_one_is_refused():
    plan = factories.make_plan(slug="race-reports")
    period = factories.make_periods(plan, first=datetime.date(2020, 3, 1), count=1)[0]
    area = factories.make_area(plan, name="Early Help")
    sam, kim = factories.make_manager("sam", [area]), factories.make_manager("kim", [area])

    def save(user):
        return services.report_save(
            area=area,
            period=period,
            user=user,
            data={"key_developments": f"From {user.username}", "current_rag": "green"},
            version=0,  # both pages showed no report yet
            submit=False,
            suggested_rag="green",
            previous_rag="",
        )

    results = _race(lambda: save(sam), lambda: save(kim))

    assert sorted(type(r).__name__ for r in results) == ["Conflict", "ExceptionReport"]
    assert ExceptionReport.objects.filter(area=area, period=period).count() == 1
