"""import_plan, import_actuals and export_plan on the command line."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from improvement.models import Action, Plan
from measures.models import Actual, Measure

from .conftest import FILES, workbook

pytestmark = pytest.mark.django_db


def call(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_plan_creates_the_plan_and_prints_the_report(db):
    output = call(
        "import_plan", str(FILES / "southampton_2020_measures.xlsx"), "--plan", "southampton"
    )

    plan = Plan.objects.get(slug="southampton")
    assert plan.title == "Southampton Children and Learning Service - Improvement Plan 2020 - 21"
    assert Measure.objects.filter(area__plan=plan).count() == 43
    assert "Created: 1 plan, 1 reporting period, 17 service areas, 43 measures" in output
    assert "Warnings (12):" in output
    assert 'row 5, column C ("Baseline"): Read 9% from "5% social worker; 9% overall"' in output
    assert (
        'row 47, column C ("Baseline"): No figure was read from "7 in progress": the words '
        'beside the number ("in progress") say it is not a settled figure. The cell\'s text '
        "was kept as the baseline wording." in output
    )
    assert "Imported: every change above was written." in output


def test_dry_run_writes_nothing(plan):
    output = call(
        "import_plan", str(FILES / "southwark_2017_actions.xlsx"), "--plan", plan.slug, "--dry-run"
    )

    assert "Will be created: 1 service area, 11 recommendations, 18 actions" in output
    assert "Dry run: nothing was written." in output
    assert not Action.objects.exists()


def test_map_option_changes_how_a_column_is_read(plan):
    output = call(
        "import_plan",
        str(FILES / "southwark_2017_actions.xlsx"),
        "--plan",
        plan.slug,
        "--sheet",
        "Action Plan",
        "--map",
        "Progress=progress",
        "--map",
        "F=",
    )

    assert 'C "Progress" -> Progress update' in output
    assert 'F "Key points to note" -> not imported' in output
    action = Action.objects.get(text__startswith="Joint audit with SSCB")
    assert action.lead == ""
    assert action.updates.get().progress == "April Bald\nCaroline Thwaites"


def test_errors_exit_non_zero_and_write_nothing(plan, area):
    Measure.objects.create(area=area, name="Children open", unit="count")
    path = FILES.parent / "tmp_figures.xlsx"
    path.write_bytes(
        workbook({"Wide": [["Measure", "Jul-20"], ["Children open", 5], ["Nobody knows", 7]]})
    )
    out = io.StringIO()
    try:
        with pytest.raises(CommandError, match="1 error"):
            call_command("import_actuals", str(path), "--plan", plan.slug, stdout=out)
    finally:
        path.unlink()

    where = 'row 3, column A ("Measure")'
    assert f'{where}: No measure in this plan is called "Nobody knows"' in out.getvalue()
    assert "Errors (1): nothing was written." in out.getvalue()
    assert not Actual.objects.exists()


def test_import_actuals_needs_an_existing_plan(db):
    with pytest.raises(CommandError, match='There is no plan "nowhere"'):
        call(
            "import_actuals", str(FILES / "southampton_2020_actuals_wide.xlsx"), "--plan", "nowhere"
        )


def test_import_plan_refuses_a_bad_file(tmp_path, plan):
    path = tmp_path / "plan.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")

    with pytest.raises(CommandError):
        call("import_plan", str(path), "--plan", plan.slug)


def test_export_then_import_into_a_new_plan(tmp_path, plan):
    call("import_plan", str(FILES / "southwark_2017_actions.xlsx"), "--plan", plan.slug)
    path = tmp_path / "export.xlsx"

    output = call("export_plan", plan.slug, str(path))

    assert f"Exported {plan} to {path}." in output
    assert load_workbook(path)["Actions"].max_row == 19
    output = call("import_plan", str(path), "--plan", "copy")
    assert "Created: 1 plan, 1 service area, 11 recommendations, 18 actions" in output
    assert Action.objects.filter(area__plan__slug="copy").count() == 18
    again = call("import_plan", str(path), "--plan", "copy")
    assert "Created: nothing\nWill be updated" not in again
    assert "Updated: nothing" in again


def test_errors_option_writes_every_problem_to_a_workbook_and_the_console_shows_100(
    plan, area, tmp_path
):
    Measure.objects.create(area=area, name="Children open", unit="count")
    rows = [["Measure", "Jul-20"], ["Children open", 5]]
    rows += [[f"Nobody knows {n}", n] for n in range(150)]
    path = tmp_path / "figures.xlsx"
    path.write_bytes(workbook({"Wide": rows}))
    problems = tmp_path / "problems.xlsx"
    out = io.StringIO()

    with pytest.raises(CommandError, match="150 error"):
        call_command(
            "import_actuals", str(path), "--plan", plan.slug, "--errors", str(problems), stdout=out
        )

    printed = out.getvalue()
    where = 'row 3, column A ("Measure")'
    assert f'{where}: No measure in this plan is called "Nobody knows 0"' in printed
    assert 'called "Nobody knows 99"' in printed and 'called "Nobody knows 100"' not in printed
    assert f"… and 50 more, in {problems}" in printed
    assert f"Wrote 150 warning(s) and error(s) to {problems}." in printed
    sheet = load_workbook(problems).active
    listed = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(listed) == 150
    level, sheet_name, row, column, cell_text, wrong, _ = listed[-1]
    assert (level, sheet_name, row) == ("Error", "Wide", 152)
    assert (column, cell_text) == ('A ("Measure")', "Nobody knows 149")
    assert 'No measure in this plan is called "Nobody knows 149"' in wrong
    assert not Actual.objects.exists()


def test_without_the_errors_option_the_console_says_how_to_see_the_rest(plan, area, tmp_path):
    Measure.objects.create(area=area, name="Children open", unit="count")
    rows = [["Measure", "Jul-20"]] + [[f"Nobody knows {n}", n] for n in range(101)]
    path = tmp_path / "figures.xlsx"
    path.write_bytes(workbook({"Wide": rows}))
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_actuals", str(path), "--plan", plan.slug, stdout=out)

    assert "… and 1 more, (--all prints them; --errors FILE.xlsx writes them all)" in out.getvalue()
