"""Imports racing each other and people's saves, on PostgreSQL with two real connections.

Each test runs two threads, each with its own database connection. One of them holds its
locks for a moment (it pauses inside its transaction) while the other starts, so the second
really meets the first's locks rather than running after it has finished.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from improvement.models import Action
from improvement.versioning import Conflict
from measures.models import Actual
from returns.services import FigureEntry, figures_save
from spreadsheets import figures
from spreadsheets.importers import ACTUALS, COUNCIL, ImportPlan
from spreadsheets.loader import Loader
from spreadsheets.models import ImportBatch
from spreadsheets.services import batch_confirm
from tests import factories

from .conftest import sample, workbook

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks (select_for_update) need PostgreSQL; SQLite runs one writer at a time.",
    ),
]

HOLD = 0.5  # seconds the first thread keeps its transaction open once it holds its locks


def in_threads(first, second, *, started):
    """Run `first`, then `second` once `first` has set `started`, each in a thread with its
    own connection; their results (an exception is a result too)."""
    results = [None, None]

    def run(index, job):
        try:
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the test looks at it
            results[index] = error
        finally:
            connection.close()  # the thread's own connection

    def then(job):
        def wait_and_run():
            assert started.wait(10), "the first thread never got its locks"
            return job()

        return wait_and_run

    threads = [
        threading.Thread(target=run, args=(0, first)),
        threading.Thread(target=run, args=(1, then(second))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


def hold_after(monkeypatch, owner, name, started):
    """Make owner.name, the first time it is called, keep its transaction open a moment
    after it has run (and so hold the locks it took), setting `started`."""
    real = getattr(owner, name)

    def holding(*args, **kwargs):
        result = real(*args, **kwargs)
        if not started.is_set():
            started.set()
            time.sleep(HOLD)
        return result

    monkeypatch.setattr(owner, name, holding)


def southwark_batch(plan, admin_user):
    data = sample("southwark_2017_actions.xlsx")
    mapping = ImportPlan(data, name="southwark.xlsx", kind=COUNCIL, plan=plan).mappings()
    return ImportBatch.objects.create(
        plan=plan,
        kind=COUNCIL,
        file_name="southwark.xlsx",
        file_data=data,
        mapping=[m.as_dict() for m in mapping],
        uploaded_by=admin_user,
    )


def test_the_same_batch_confirmed_twice_at_once_is_imported_once(monkeypatch, plan, admin_user):
    batch = southwark_batch(plan, admin_user)
    started = threading.Event()
    hold_after(monkeypatch, ImportPlan, "commit", started)

    first, second = in_threads(
        lambda: batch_confirm(batch=batch, user=admin_user),
        lambda: batch_confirm(batch=batch, user=admin_user),
        started=started,
    )

    assert first.committed and first.count("created", "action") == 18
    assert second is None  # it waited for the first, then found the batch imported
    assert Action.objects.filter(area__plan=plan).count() == 18
    batch.refresh_from_db()
    assert batch.status == "imported"


def test_two_imports_of_one_plan_at_once_run_in_turn_and_create_nothing_twice(
    monkeypatch, plan, admin_user
):
    first_batch, second_batch = southwark_batch(plan, admin_user), southwark_batch(plan, admin_user)
    started = threading.Event()
    hold_after(monkeypatch, Loader, "finish", started)

    first, second = in_threads(
        lambda: batch_confirm(batch=first_batch, user=admin_user),
        lambda: batch_confirm(batch=second_batch, user=admin_user),
        started=started,
    )

    assert first.committed and first.count("created", "action") == 18
    assert second.committed, [str(e) for e in second.errors]
    assert (second.count("created"), second.count("unchanged", "action")) == (0, 18)
    assert Action.objects.filter(area__plan=plan).count() == 18


@pytest.fixture
def children(area, periods):
    """A measure whose July 2020 figure is 5, and an import (previewed) that makes it 7."""
    measure = factories.make_measure(area, "Children open", unit="count")
    factories.make_actual(measure, periods[6], 5)
    data = workbook({"Figures": [["Measure", "Jul-20"], ["Children open", 7]]})
    importer = ImportPlan(data, name="figures.xlsx", kind=ACTUALS, plan=area.plan)
    assert importer.preview().count("updated", "actual") == 1
    return measure, periods[6], importer


def save_six(measure, period, user):
    """The manager's save, from the figure (version 1) their page showed."""
    entry = FigureEntry(measure, Decimal(6), "", "Checked", 1)
    return figures_save(area=measure.area, period=period, user=user, entries=[entry])


def test_an_import_holding_a_figure_refuses_the_managers_save_that_waited_for_it(
    monkeypatch, children, manager_user
):
    measure, july, importer = children
    started = threading.Event()
    hold_after(monkeypatch, figures, "stale_versions", started)

    report, saved = in_threads(
        lambda: importer.commit(expected_versions=importer.versions_read),
        lambda: save_six(measure, july, manager_user),
        started=started,
    )

    assert report.committed, [str(e) for e in report.errors]
    assert isinstance(saved, Conflict)  # the page tells the manager the figure moved on
    actual = Actual.objects.get(measure=measure, period=july)
    assert (actual.value, actual.version) == (7, 2)


def test_a_managers_save_holding_a_figure_refuses_the_import_that_waited_for_it(
    monkeypatch, children, manager_user
):
    measure, july, importer = children
    started = threading.Event()
    hold_after(monkeypatch, Actual, "save", started)

    saved, report = in_threads(
        lambda: save_six(measure, july, manager_user),
        lambda: importer.commit(expected_versions=importer.versions_read),
        started=started,
    )

    assert saved == 1
    assert not report.committed
    assert [(e.sheet, e.row) for e in report.errors] == [("Figures", 2)]
    assert report.errors[0].message.startswith(
        'The figure for "Children open" in July 2020 was saved by Sam Manager on '
    )
    actual = Actual.objects.get(measure=measure, period=july)
    assert (actual.value, actual.commentary, actual.version) == (6, "Checked", 2)


def test_imports_started_together_leave_one_set_of_records(plan, admin_user):
    """No pause: both confirmations start at the same moment, whichever wins."""
    batches = [southwark_batch(plan, admin_user), southwark_batch(plan, admin_user)]
    barrier = threading.Barrier(2)
    results = []

    def confirm(batch):
        try:
            barrier.wait(10)
            results.append(batch_confirm(batch=batch, user=admin_user))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(r.count("created", "action") for r in results) == [0, 18]
    assert Action.objects.filter(area__plan=plan).count() == 18
