"""The board pack's workbook, read back as a performance officer would check it: the demo's
July 2020 pack (plan southampton-2020-21), written by packs.workbook.render_xlsx and opened
with openpyxl."""

import datetime
import io
import os
import re
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from dashboard.charts.style import RAG_COLOURS
from improvement.models import Action, ActionUpdate, Plan, ServiceArea
from improvement.rules import RAG
from measures.models import Measure
from measures.rules import Unit
from packs.content import pack_content
from packs.workbook import render_xlsx
from spreadsheets.safety import figure_format
from tests import factories

pytestmark = pytest.mark.django_db

MEETING = "Improvement Board, 14 August 2020"
PUBLISHED = datetime.date(2020, 8, 10)
FIXED_FIRST = ["Contents", "RAG at a glance", "Exception reports"]
FIXED_LAST = ["Overdue actions", "Recommendations"]
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    plan = Plan.objects.get(slug="southampton-2020-21")
    return SimpleNamespace(plan=plan, period=plan.periods.get(month=datetime.date(2020, 7, 1)))


def content_of(demo):
    return pack_content(demo.plan, demo.period, meeting=MEETING)


def render(content):
    return render_xlsx(content, published_on=PUBLISHED)


def read(data):
    return load_workbook(io.BytesIO(data))


def workbook(demo):
    return read(render(content_of(demo)))


def area_sheets(wb):
    return wb.worksheets[len(FIXED_FIRST) : -len(FIXED_LAST)]


def table(ws, first_header):
    """(header row, [rows of values]) of the table whose header starts `first_header` in
    column A: its rows down to the first blank row."""
    header = next(row for row in range(1, ws.max_row + 1) if ws.cell(row, 1).value == first_header)
    names = [c.value for c in ws[header] if c.value is not None]
    rows = []
    for row in ws.iter_rows(min_row=header + 1, max_col=len(names)):
        if all(c.value is None for c in row):
            break
        rows.append(row)
    return header, names, rows


def column(names, rows, name):
    return [row[names.index(name)] for row in rows]


def all_text(wb):
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]


def test_the_sheets_come_in_the_packs_order_one_per_area(demo):
    wb = workbook(demo)
    areas = list(demo.plan.areas.order_by("order", "name"))

    assert wb.sheetnames[:3] == FIXED_FIRST
    assert wb.sheetnames[-2:] == FIXED_LAST
    assert [ws["A1"].value for ws in area_sheets(wb)] == [a.name for a in areas]
    # Names Excel refuses are made valid, and say the full name in A1.
    assert "MASH - EDT" in wb.sheetnames
    assert wb["MASH - EDT"]["A1"].value == "MASH / EDT"
    assert wb.active.title == "Contents"


def test_each_area_sheet_lists_its_measures_and_actions(demo):
    wb = workbook(demo)
    areas = demo.plan.areas.order_by("order", "name")

    for area, ws in zip(areas, area_sheets(wb), strict=True):
        measures = Measure.objects.filter(area=area).order_by("order", "pk")
        _, names, rows = table(ws, "Measure")
        if measures:
            assert [r[0].value for r in rows] == [m.title for m in measures], area.name
        else:
            assert [r[0].value for r in rows] == ["This area has no measures."]
        actions = Action.objects.filter(area=area).order_by("order", "reference", "pk")
        _, names, rows = table(ws, "Reference")
        assert len(rows) == (actions.count() or 1), area.name
        if actions:
            assert [r[0].value for r in rows] == [a.reference for a in actions]
            assert names == [
                "Reference",
                "Action",
                "Outcome",
                "Lead",
                "Target date",
                "Status",
                "BRAG",
                "Why the BRAG was set by hand",
                "Overdue",
                "Latest progress",
            ]
    total = sum(len(table(ws, "Measure")[2]) for ws in area_sheets(wb))
    assert total == Measure.objects.filter(area__plan=demo.plan).count()


def test_contents_names_the_pack_and_links_to_every_sheet(demo):
    wb = workbook(demo)
    ws = wb["Contents"]
    plan = demo.plan

    assert ws["A1"].value == f"{plan.organisation}: {plan.title}"
    about = {row[0].value: row[1].value for row in ws.iter_rows(max_col=2) if row[1].value}
    assert about["Meeting"] == MEETING
    assert about["Period"] == "July 2020"
    assert about["Date published"] == "10 Aug 2020"
    _, names, rows = table(ws, "Sheet")
    assert names == ["Sheet", "What it holds"]
    assert [r[0].value for r in rows] == wb.sheetnames[1:]
    for row in rows:
        link = row[0].hyperlink
        assert link is not None and link.location == "'{}'!A1".format(
            row[0].value.replace("'", "''")
        )
    props = wb.properties
    assert props.title == f"{plan.organisation}: Improvement Board pack, July 2020"
    assert props.subject == MEETING
    assert props.creator == plan.organisation
    assert props.language == "en-GB"


def test_a_rag_cell_holds_the_word_filled_with_its_colour(demo):
    content = content_of(demo)
    wb = read(render(content))
    _, names, rows = table(wb["RAG at a glance"], "Area")

    cells = column(names, rows, "Current RAG")
    assert len(cells) == len(content.pack.summaries)
    for summary, cell in zip(content.pack.summaries, cells, strict=True):
        rag = RAG(summary.current_rag)
        assert cell.value == rag.label
        assert cell.fill.fgColor.rgb.endswith(RAG_COLOURS[rag].lstrip("#").upper())
        # Readable on its colour: black on amber, white on the others.
        assert cell.font.color.rgb.endswith("0B0C0C" if rag is RAG.AMBER else "FFFFFF")

    measure_rags = [
        cell
        for ws in area_sheets(wb)
        for cell in column(*table(ws, "Measure")[1:], "RAG")
        if cell.value is not None
    ]
    assert {c.value for c in measure_rags} >= {"Red", "Amber", "Green"}
    for cell in measure_rags:
        rag = next(r for r in RAG if r.label == cell.value)
        assert cell.fill.fgColor.rgb.endswith(RAG_COLOURS[rag].lstrip("#").upper())


def test_figures_are_numbers_in_their_units_format(demo):
    content = content_of(demo)
    wb = read(render(content))
    checked = {Unit.PERCENT: 0, Unit.COUNT: 0, "decimals": 0}

    for summary, ws in zip(content.pack.summaries, area_sheets(wb), strict=True):
        _, names, rows = table(ws, "Measure")
        for measure_row, cell in zip(
            summary.measures, column(names, rows, "Latest figure"), strict=True
        ):
            value, unit = measure_row.value, measure_row.measure.unit
            if value is None:
                continue
            assert cell.data_type == "n"
            if unit == Unit.PERCENT:
                # An Excel percentage with the figure's own decimals: 94.5% is 0.945, "0.0%".
                assert cell.number_format == figure_format(value) + "%"
                assert Decimal(str(cell.value)) == value / 100
                checked[Unit.PERCENT] += 1
                checked["decimals"] += "." in cell.number_format
            elif unit == Unit.COUNT:
                assert cell.number_format == "#,##" + figure_format(value)
                assert Decimal(str(cell.value)) == value
                checked[Unit.COUNT] += 1
    assert all(checked.values()), checked


def test_headers_are_frozen_and_printed_on_every_page(demo):
    wb = workbook(demo)

    for ws in wb.worksheets[1:]:
        first = "Measure" if ws in area_sheets(wb) else ws.title
        first = {"RAG at a glance": "Area", "Exception reports": "Area"}.get(first, first)
        first = {"Overdue actions": "Area", "Recommendations": "Source"}.get(first, first)
        header, _, _ = table(ws, first)
        assert ws.freeze_panes.endswith(str(header + 1)), ws.title
        assert ws.print_title_rows == f"$1:${header}", ws.title
        assert ws.cell(header, 1).font.bold
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert not ws.merged_cells.ranges
        # Each table is an Excel table too: a screen reader announces its column headings.
        tables = list(ws.tables.values())
        assert tables, ws.title
        for t in tables:
            headings = [c.value for c in ws[t.ref][0]]
            assert headings == [c.name for c in t.tableColumns]
        assert tables[0].ref.startswith(f"A{header}:")
    for ws in wb.worksheets:
        assert ws.print_area, ws.title
    assert wb["Early Help"].column_dimensions["A"].width == 45


def test_the_other_tables_hold_what_the_pack_holds(demo):
    content = content_of(demo)
    wb = read(render(content))
    pack = content.pack

    _, names, rows = table(wb["Exception reports"], "Area")
    assert [r[0].value for r in rows] == [s.area.name for s in pack.reported]
    reported = next(s for s in pack.reported if s.report and s.report.key_developments)
    row = next(r for r in rows if r[0].value == reported.area.name)
    assert row[names.index("Key developments")].value == reported.report.key_developments

    _, names, rows = table(wb["Overdue actions"], "Area")
    assert [r[names.index("Reference")].value for r in rows] == [
        r.action.reference for r in pack.overdue
    ]
    days = column(names, rows, "Days overdue at 31 Jul 2020")
    assert all(isinstance(c.value, int) and c.value > 0 for c in days)

    _, names, rows = table(wb["Recommendations"], "Source")
    expected = [p.recommendation.reference for _, group in content.recommendations for p in group]
    assert [r[names.index("Reference")].value for r in rows] == expected


def test_brag_set_by_hand_gives_its_reason_and_the_latest_progress_is_shown(demo):
    action = Action.objects.filter(area__plan=demo.plan).order_by("pk").first()
    Action.objects.filter(pk=action.pk).update(
        manual_rag="red", manual_rag_reason="Partners have withdrawn funding."
    )
    ActionUpdate.objects.create(
        action=action, period=demo.period, status="in_progress", progress="Panel met twice."
    )
    wb = workbook(demo)

    ws = next(ws for ws in area_sheets(wb) if ws["A1"].value == action.area.name)
    _, names, rows = table(ws, "Reference")
    row = next(r for r in rows if r[0].value == action.reference)
    assert row[names.index("BRAG")].value == "Red"
    assert row[names.index("Why the BRAG was set by hand")].value == (
        "Partners have withdrawn funding."
    )
    assert row[names.index("Latest progress")].value == "Jul 2020: Panel met twice."


def test_no_cell_is_a_formula_and_formula_text_stays_text(demo):
    action = Action.objects.filter(area__plan=demo.plan).order_by("pk").first()
    Action.objects.filter(pk=action.pk).update(text="=SUM(A1)", lead="+44 20 7946 0000")
    ServiceArea.objects.filter(pk=action.area_id).update(name='=HYPERLINK("http://x")')
    data = render(content_of(demo))

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", package.read(name)), name
    wb = read(data)
    assert not [c for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.data_type == "f"]
    cells = [c for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value == "=SUM(A1)"]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    area_sheet = next(ws for ws in area_sheets(wb) if ws["A1"].value.startswith("=HYPER"))
    assert area_sheet["A1"].value == '=HYPERLINK("http://x")'
    assert area_sheet["A1"].data_type == "s"
    assert area_sheet.title == '=HYPERLINK("http---x")'
    assert "=SUM(A1)" in [r[1].value for r in table(area_sheet, "Reference")[2]]


def test_an_illegal_control_character_does_not_break_the_file(demo):
    action = Action.objects.filter(area__plan=demo.plan).order_by("pk").first()
    Action.objects.filter(pk=action.pk).update(text="Ring the bell\x07 twice\x0bthen stop")
    wb = workbook(demo)

    assert "Ring the bell twice\nthen stop" in all_text(wb)


def test_long_and_clashing_area_names_get_unique_valid_sheet_names(demo):
    long_name = "Children in care and care leavers: " + "sufficiency of placements " * 4
    names = [
        long_name.strip(),
        "Children in care and care leavers: health and education",
        "Children in care and care leavers: health and housing",
        "Front door [MASH]: contacts / referrals?*",
        "contents",
        "History",
    ]
    for order, name in enumerate(names, start=100):
        ServiceArea.objects.create(plan=demo.plan, name=name, order=order)
    wb = workbook(demo)

    sheet_names = wb.sheetnames
    assert len({n.casefold() for n in sheet_names}) == len(sheet_names)
    assert all(0 < len(n) <= 31 and not FORBIDDEN.search(n) for n in sheet_names)
    assert all(n.casefold() != "history" for n in sheet_names)
    full = {ws["A1"].value: ws.title for ws in area_sheets(wb)}
    for name in names:
        assert name.strip() in full  # said in full in A1
    assert full["Front door [MASH]: contacts / referrals?*"] == "Front door -MASH-- contacts - r"
    assert full["contents"] == "contents (2)"
    links = [r[0].value for r in table(wb["Contents"], "Sheet")[2]]
    assert links == sheet_names[1:]


def test_welsh_polish_and_right_to_left_text_survive(demo):
    action = Action.objects.filter(area__plan=demo.plan).order_by("pk").first()
    welsh = "Gwasanaethau Plant – ŵyr ac ŷd"
    polish = "Zażółć gęślą jaźń, Łódź"
    arabic = "خدمات الأطفال"
    Action.objects.filter(pk=action.pk).update(text=f"{polish} — {arabic}")
    ServiceArea.objects.create(plan=demo.plan, name=welsh, order=100)
    wb = workbook(demo)

    assert welsh in wb.sheetnames
    assert wb[welsh]["A1"].value == welsh
    assert f"{polish} — {arabic}" in all_text(wb)


def test_the_public_version_leaves_out_names_and_says_so(demo):
    content = content_of(demo)
    content.public = True
    content.notes = ["Counts of children from 1 to 5 are shown as c."]
    summary = next(s for s in content.pack.summaries if s.measures)
    row = summary.measures[0]
    row.actual = SimpleNamespace(value="c", missing_reason="")
    wb = read(render(content))

    headers = [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r]
    assert "Lead" not in headers and "Latest progress" not in headers
    leads = set(Action.objects.filter(area__plan=demo.plan).values_list("lead", flat=True))
    assert not leads.intersection(all_text(wb)) - {""}
    contents = all_text(wb)
    assert "Counts of children from 1 to 5 are shown as c." in contents
    assert wb.properties.title.endswith("(public version)")
    ws = area_sheets(wb)[content.pack.summaries.index(summary)]
    _, names, rows = table(ws, "Measure")
    cell = rows[0][names.index("Latest figure")]
    assert cell.value == "c" and cell.data_type == "s"


def test_a_period_without_figures_or_reports_and_very_long_text_still_write(demo):
    """A new month (August 2020): no figures and no exception reports yet; an action's text
    longer than an Excel cell holds is cut to what fits, not refused."""
    (period,) = factories.make_periods(demo.plan, first=datetime.date(2020, 8, 1), count=1)
    action = Action.objects.filter(area__plan=demo.plan).order_by("pk").first()
    Action.objects.filter(pk=action.pk).update(text="Long. " * 7000)
    content = pack_content(demo.plan, period, meeting=MEETING)
    wb = read(render(content))

    assert len(area_sheets(wb)) == demo.plan.areas.count()
    _, names, rows = table(wb["Exception reports"], "Area")
    statuses = [r[names.index("Report status")].value for r in rows]
    assert statuses and all(s == f"No exception report for {period.label} yet" for s in statuses)
    longest = max(len(v) for v in all_text(wb) if isinstance(v, str))
    assert longest == 32_767
    figures = [
        c.value
        for ws in area_sheets(wb)
        for c in column(*table(ws, "Measure")[1:], "Latest figure")
    ]
    assert "No data" in figures  # a measure never given a figure
