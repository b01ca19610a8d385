"""An import never overwrites what someone saved after it was previewed (or, run from the
command line, after it began): it writes nothing and says which rows, who and when."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from measures.models import Actual
from returns.services import FigureEntry, figures_save
from spreadsheets.importers import ACTUALS, PLAN, ImportPlan
from spreadsheets.models import ImportBatch
from spreadsheets.services import batch_confirm, batch_preview
from tests import factories

from .conftest import workbook

pytestmark = pytest.mark.django_db


def url(name, plan, *args):
    return reverse(f"spreadsheets:{name}", args=[plan.slug, *args])


def upload(client, plan, data, kind="actuals", name="figures.xlsx"):
    client.post(url("upload", plan), {"file": SimpleUploadedFile(name, data), "kind": kind})
    return ImportBatch.objects.latest("pk")


def saved_on(record):
    """How the report words the moment of a record's latest change."""
    when = timezone.localtime(record.history.latest().history_date)
    return f"{when.day} {when:%B %Y at %H:%M}"


@pytest.fixture
def july(periods):
    return periods[6]


@pytest.fixture
def children(area, july):
    """A measure with a July 2020 figure of 5, as the board has seen it."""
    measure = factories.make_measure(area, "Children open", unit="count")
    factories.make_actual(measure, july, 5)
    return measure


def figures_file(value):
    return workbook({"Figures": [["Measure", "Jul-20"], ["Children open", value]]})


def save_figure(measure, period, user, value):
    """A manager saves the figure on their monthly return, from the version they were shown."""
    shown = Actual.objects.get(measure=measure, period=period)
    entry = FigureEntry(measure, Decimal(value), "", "Checked with the team", shown.version)
    figures_save(area=measure.area, period=period, user=user, entries=[entry])


def test_a_figure_saved_after_the_preview_stops_the_import_and_is_named(
    admin_client, manager_user, children, july
):
    plan = children.area.plan
    batch = upload(admin_client, plan, figures_file(7))
    assert "Confirm and import" in admin_client.get(url("preview", plan, batch.pk)).content.decode()
    save_figure(children, july, manager_user, 6)

    response = admin_client.post(url("confirm", plan, batch.pk))

    page = response.content.decode()
    actual = Actual.objects.get(measure=children, period=july)
    assert response.status_code == 400
    assert (
        f"The figure for &quot;Children open&quot; in July 2020 was saved by Sam Manager on "
        f"{saved_on(actual)}, after this import was previewed, so nothing was imported." in page
    )
    assert '<td class="govuk-table__cell">Figures</td>' in page
    assert '<td class="govuk-table__cell">2</td>' in page
    assert "preview the import again" in page
    assert (actual.value, actual.commentary, actual.entered_by) == (
        6,
        "Checked with the team",
        manager_user,
    )
    batch.refresh_from_db()
    assert batch.status == "failed"


def test_previewing_again_takes_in_the_change_and_the_import_goes_through(
    admin_client, manager_user, children, july
):
    plan = children.area.plan
    batch = upload(admin_client, plan, figures_file(7))
    admin_client.get(url("preview", plan, batch.pk))
    save_figure(children, july, manager_user, 6)
    admin_client.post(url("confirm", plan, batch.pk))

    page = admin_client.get(url("preview", plan, batch.pk)).content.decode()
    response = admin_client.post(url("confirm", plan, batch.pk))

    assert "Children open" in page and "Confirm and import" in page
    assert response.status_code == 302
    assert Actual.objects.get(measure=children, period=july).value == 7


def test_an_action_saved_after_the_preview_stops_the_import_and_is_named(
    admin_user, manager_user, area
):
    action = factories.make_action(area, "Audit plans", reference="1.1", lead="Ann One")
    data = workbook(
        {
            "Actions": [
                ["Area", "Reference", "Action", "Lead"],
                ["Early Help", "1.1", "Audit plans", "Bob Two"],
            ],
            "Notes": [["Sheet"]],
        }
    )
    importer = ImportPlan(data, name="plan.xlsx", kind=PLAN, plan=area.plan, user=admin_user)
    assert importer.preview().count("updated", "action") == 1
    action.status = "complete"
    action._history_user = manager_user
    action.save()

    report = importer.commit(expected_versions=importer.versions_read)

    action.refresh_from_db()
    assert [(e.sheet, e.row, e.message) for e in report.errors] == [
        (
            "Actions",
            2,
            f'Action 1.1 "Audit plans" was saved by Sam Manager on {saved_on(action)}, after this '
            "import was previewed, so nothing was imported. Check their change, then preview the "
            "import again.",
        )
    ]
    assert not report.committed
    assert (action.lead, action.status, action.version) == ("Ann One", "complete", 2)


def test_a_figure_entered_after_the_preview_where_the_import_would_add_one_stops_it(
    admin_user, manager_user, area, july
):
    measure = factories.make_measure(area, "Children open", unit="count")
    importer = ImportPlan(figures_file(7), name="f.xlsx", kind=ACTUALS, plan=area.plan)
    assert importer.preview().count("created", "actual") == 1
    figures_save(
        area=area,
        period=july,
        user=manager_user,
        entries=[FigureEntry(measure, Decimal(6), "", "", 0)],
    )

    report = importer.commit(expected_versions=importer.versions_read)

    assert report.errors[0].message.startswith(
        'The figure for "Children open" in July 2020 was saved by Sam Manager on '
    )
    assert Actual.objects.get(measure=measure).value == 6


def test_a_figure_the_preview_left_unchanged_and_someone_changed_since_is_not_overwritten(
    manager_user, children, july
):
    importer = ImportPlan(figures_file(5), name="f.xlsx", kind=ACTUALS, plan=children.area.plan)
    assert importer.preview().count("unchanged", "actual") == 1
    save_figure(children, july, manager_user, 6)

    report = importer.commit(expected_versions=importer.versions_read)

    assert report.stale and len(report.errors) == 1
    assert Actual.objects.get(measure=children, period=july).value == 6


def test_a_change_to_a_record_the_import_does_not_touch_does_not_stop_it(
    manager_user, children, july, periods
):
    factories.make_actual(children, periods[7], 9)
    importer = ImportPlan(figures_file(7), name="f.xlsx", kind=ACTUALS, plan=children.area.plan)
    importer.preview()
    save_figure(children, periods[7], manager_user, 10)

    report = importer.commit(expected_versions=importer.versions_read)

    assert report.committed, [str(e) for e in report.errors]
    assert Actual.objects.get(measure=children, period=july).value == 7


def test_the_command_refuses_a_figure_saved_while_it_ran(monkeypatch, manager_user, children, july):
    from spreadsheets import figures

    real = figures.stale_versions

    def someone_saves_first(model, versions):
        save_figure(children, july, manager_user, 6)  # between the import's read and its write
        return real(model, versions)

    monkeypatch.setattr(figures, "stale_versions", someone_saves_first)
    importer = ImportPlan(figures_file(7), name="f.xlsx", kind=ACTUALS, plan=children.area.plan)

    report = importer.commit()

    assert report.errors[0].message.endswith(
        "while this import was running, so nothing was imported. Run the import again: it will "
        "start from their change."
    )
    # Here the other save ran on the import's own connection, so it is rolled back with it;
    # test_concurrent_imports.py races two real connections.
    assert Actual.objects.get(measure=children, period=july).value == 5


def test_a_batch_confirmed_twice_is_imported_once(admin_user, children, july):
    batch = ImportBatch.objects.create(
        plan=children.area.plan, kind="actuals", file_name="f.xlsx", file_data=figures_file(7)
    )
    batch_preview(batch=batch, user=admin_user)
    assert batch_confirm(batch=batch, user=admin_user).committed
    history = Actual.history.count()

    again = batch_confirm(batch=batch, user=admin_user)

    assert again is None
    assert Actual.history.count() == history
    assert Actual.objects.get(measure=children, period=july).version == 2


def test_importing_an_unchanged_file_again_after_a_preview_changes_nothing(admin_user, children):
    batch = ImportBatch.objects.create(
        plan=children.area.plan, kind="actuals", file_name="f.xlsx", file_data=figures_file(5)
    )
    batch_preview(batch=batch, user=admin_user)

    report = batch_confirm(batch=batch, user=admin_user)

    assert report.committed and report.count("unchanged", "actual") == 1
    assert Actual.objects.get(measure=children).version == 1


def test_changing_the_mapping_forgets_the_preview(admin_client, plan):
    from .conftest import sample

    batch = upload(admin_client, plan, sample("southwark_2017_actions.xlsx"), "council", "s.xlsx")
    admin_client.get(url("preview", plan, batch.pk))
    batch.refresh_from_db()
    assert batch.preview_versions == {}

    admin_client.post(
        url("mapping", plan, batch.pk), {"sheet0_kind": "actions", "sheet0_col1": "action"}
    )

    batch.refresh_from_db()
    assert batch.preview_versions is None


def test_the_report_says_who_saved_a_record_no_one_signed_in_to(children, july):
    """A figure last written by a command (no user) is said to be so."""
    importer = ImportPlan(figures_file(7), name="f.xlsx", kind=ACTUALS, plan=children.area.plan)
    importer.preview()
    actual = Actual.objects.get(measure=children, period=july)
    actual.value = Decimal(8)
    actual.save()

    report = importer.commit(expected_versions=importer.versions_read)

    assert "was saved by an import or a command (no one signed in) on " in report.errors[0].message
    assert Actual.objects.get(pk=actual.pk).value == 8


def test_a_month_locked_while_the_import_ran_gets_none_of_its_figures(monkeypatch, children, july):
    from spreadsheets.loader import Loader

    real = Loader._load

    def the_board_locks_july_meanwhile(loader):
        real(loader)
        july.lock(None)  # after the import read the periods, before it writes

    monkeypatch.setattr(Loader, "_load", the_board_locks_july_meanwhile)
    importer = ImportPlan(figures_file(7), name="f.xlsx", kind=ACTUALS, plan=children.area.plan)

    report = importer.commit()

    assert [e.message for e in report.errors] == [
        "July 2020 was locked while this import was running, so its figures cannot be changed "
        "by it and nothing was imported. Unlock the period, or leave its figures out, and "
        "import again."
    ]
    assert Actual.objects.get(measure=children, period=july).value == 5


def test_new_links_of_an_action_saved_after_the_preview_are_not_written(
    admin_user, manager_user, area
):
    action = factories.make_action(area, "Audit plans", reference="1.1")
    factories.make_recommendation(area.plan, "1", text="Improve assessments")
    data = workbook(
        {
            "Actions": [
                ["Area", "Reference", "Action", "Recommendations"],
                ["Early Help", "1.1", "Audit plans", "1"],
            ],
            "Notes": [["Sheet"]],
        }
    )
    importer = ImportPlan(data, name="plan.xlsx", kind=PLAN, plan=area.plan, user=admin_user)
    assert importer.preview().listed("updated")[0].fields == ("recommendations",)
    action.status = "complete"
    action._history_user = manager_user
    action.save()

    report = importer.commit(expected_versions=importer.versions_read)

    assert report.errors[0].message.startswith('Action 1.1 "Audit plans" was saved by Sam Manager')
    assert not action.recommendations.exists()
