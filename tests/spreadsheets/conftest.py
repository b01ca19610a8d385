"""Fixtures for the spreadsheet tests: the sample workbooks and a way to write small ones."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from spreadsheets.importers import ACTUALS, COUNCIL, PLAN, ImportPlan

FILES = Path(__file__).parent / "files"


def sample(name: str) -> bytes:
    return (FILES / name).read_bytes()


def workbook(sheets: dict, formats: dict | None = None, merges: dict | None = None) -> bytes:
    """An .xlsx from {sheet name: [rows]}; formats {(sheet, "B5"): "0%"}; merges {sheet: [..]}."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for ref in (merges or {}).get(name, []):
            sheet.merge_cells(ref)
    for (name, ref), number_format in (formats or {}).items():
        book[name][ref].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(data: bytes, *, kind, plan=None, plan_slug=None, commit=True, name="upload.xlsx", **kw):
    importer = ImportPlan(data, name=name, kind=kind, plan=plan, plan_slug=plan_slug, **kw)
    return importer.commit() if commit else importer.preview()


def run_council(data, plan, **kw):
    return run(data, kind=COUNCIL, plan=plan, **kw)


def run_actuals(data, plan, **kw):
    return run(data, kind=ACTUALS, plan=plan, **kw)


def run_template(data, plan=None, **kw):
    return run(data, kind=PLAN, plan=plan, **kw)


@pytest.fixture
def measures_file():
    return sample("southampton_2020_measures.xlsx")


@pytest.fixture
def actions_file():
    return sample("southwark_2017_actions.xlsx")


@pytest.fixture
def actuals_file():
    return sample("southampton_2020_actuals_wide.xlsx")


@pytest.fixture
def southampton(plan, measures_file):
    """The test plan with Southampton's 43 measures imported."""
    report = run_council(measures_file, plan)
    assert not report.has_errors, report.errors
    return plan
