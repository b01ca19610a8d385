"""The board pack's PDF (packs.pdf): tagged, titled, with its bookmarks and contents, each
area's name and current RAG in its text; and it still renders and reads right with awkward
input (no figures, no report, very long text, Welsh and Polish names, Arabic and Hebrew)."""

import datetime
import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from improvement.models import Plan
from improvement.rules import RAG
from packs.content import pack_content
from packs.pdf import SECTIONS, render_pdf, text_direction
from tests import factories

pytestmark = pytest.mark.django_db

WELSH_POLISH = "Gwasanaethau Plant — Łódź Żółć ŵŷ"
ARABIC = "تحسين جودة التقييمات"
HEBREW = "שיפור איכות ההערכות"


@dataclass
class Rendered:
    title: str  # as the pack should be titled
    areas: list  # [(name, current RAG's words)] in the plan's order
    measures: list  # the names of the measures, each with a printed chart
    reader: PdfReader


_rendered = {}  # the demo's pack, rendered once for the module's tests (it takes seconds)


@pytest.fixture
def demo_pack(catalogue):
    if "demo" not in _rendered:
        call_command("load_demo", stdout=io.StringIO())
        plan = Plan.objects.get(slug="southampton-2020-21")
        period = plan.periods.get(month=datetime.date(2020, 7, 1))
        content = pack_content(plan, period, meeting="Improvement Board, 14 August 2020")
        pdf = render_pdf(
            content,
            published_at=datetime.datetime(2020, 8, 10, 9, 30, tzinfo=datetime.UTC),
            published_by="Ada Admin",
        )
        _rendered["demo"] = Rendered(
            title=f"{plan.organisation}: {plan.title} — Improvement Board pack, July 2020 "
            "(Improvement Board, 14 August 2020)",
            areas=[
                (s.area.name, RAG(s.current_rag).label if s.current_rag else "No report yet")
                for s in content.pack.summaries
            ],
            measures=[row.measure.name for s in content.pack.summaries for row in s.measures],
            reader=PdfReader(io.BytesIO(pdf)),
        )
    return _rendered["demo"]


def outline_titles(reader, items=None, depth=0):
    """[(depth, title)] of the PDF's bookmarks, in order."""
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += outline_titles(reader, item, depth + 1)
        else:
            found.append((depth, item.title))
    return found


def page_texts(reader):
    return [page.extract_text() for page in reader.pages]


def flat(text):
    return re.sub(r"\s+", " ", text)


def figures(reader):
    """The Alt text of each Figure in the PDF's tag tree (None where it has none)."""
    found, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if isinstance(node, list):
            stack += node
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(node.get("/Alt"))
            if "/K" in node:
                stack.append(node["/K"])
    return found


def test_the_pdf_is_tagged_with_its_language_and_title(demo_pack):
    reader = demo_pack.reader
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == demo_pack.title
    assert reader.metadata.author
    assert len(reader.pages) > 1


def test_its_bookmarks_are_the_sections_with_the_areas_under_the_scorecards(demo_pack):
    outline = outline_titles(demo_pack.reader)
    tops = [title for depth, title in outline if depth == 0]
    for number, name in enumerate(SECTIONS, start=1):
        assert f"{number}. {name}" in tops
    start = outline.index((0, "3. Scorecards"))
    end = outline.index((0, "4. Overdue actions"))
    under_scorecards = [title for depth, title in outline[start + 1 : end] if depth == 1]
    assert under_scorecards == [name for name, _rag in demo_pack.areas]


def test_the_contents_page_lists_the_sections_with_page_numbers(demo_pack):
    texts = page_texts(demo_pack.reader)
    contents = next(flat(t) for t in texts if "Contents" in t)
    for number, name in enumerate(SECTIONS, start=1):
        assert re.search(rf"{number}\. {re.escape(name)}[ .]*\d+", contents), name


def test_each_chart_is_a_figure_read_out_in_words(demo_pack):
    alts = figures(demo_pack.reader)
    assert None not in alts
    charts = [alt for alt in alts if alt.startswith("Chart of ")]
    assert len(charts) == len(demo_pack.measures)
    for name in demo_pack.measures:
        assert any(alt.startswith(f"Chart of {name}: ") for alt in charts), name


def test_its_text_holds_each_area_with_its_current_rag(demo_pack):
    text = flat(" ".join(page_texts(demo_pack.reader)))
    assert "Published 10 August 2020 by Ada Admin" in text
    for name, words in demo_pack.areas:
        # The glance table's row: the area, its previous RAG, then its current RAG.
        assert re.search(rf"{re.escape(name)} [\w ]+? {words}\b", text), name


@pytest.fixture
def awkward_plan(db):
    plan = factories.make_plan(slug="awkward", organisation="Cyngor Sir Ynys Môn", title="Cynllun")
    periods = factories.make_periods(plan, first=datetime.date(2020, 1, 1), count=3)
    welsh = factories.make_area(plan, name=WELSH_POLISH, order=1, lead="Pennaeth Gwasanaethau")
    silent = factories.make_area(plan, name="An area without a report", order=2)
    measure = factories.make_measure(welsh, name="Asesiadau o fewn 45 diwrnod", target=80)
    factories.make_measure(silent, name="Measure with no figures", target=50)
    factories.make_actual(measure, periods[0], 70)  # none in the period the pack is for
    long_action = factories.make_action(welsh, text="x" * 4990 + " end.", status="not_started")
    factories.make_action(
        silent, text=f"{ARABIC} — {HEBREW}", target_date=datetime.date(2020, 1, 31)
    )
    factories.make_report(
        welsh,
        periods[2],
        current_rag="red",
        status="submitted",
        key_developments=f"{ARABIC}\n\nWyddgrug, Łukasz Wójcik, Siân ŵŷ.",
        key_risks=HEBREW,
    )
    rec = factories.make_recommendation(plan, text=f"Gwella ansawdd {ARABIC}")
    long_action.recommendations.add(rec)
    return plan, periods[2]


def test_an_awkward_pack_still_renders_and_reads_right(awkward_plan):
    plan, period = awkward_plan
    pdf = render_pdf(pack_content(plan, period))
    reader = PdfReader(io.BytesIO(pdf))
    text = flat(" ".join(page_texts(reader)))
    assert WELSH_POLISH in text
    assert "Łukasz Wójcik" in text
    assert "An area without a report" in text
    assert "No exception report for March 2020 yet." in text or "No report yet" in text
    assert any(title == WELSH_POLISH for _depth, title in outline_titles(reader))


def test_free_text_takes_its_direction_from_its_first_strong_character():
    assert text_direction(ARABIC + " ABC") == "rtl"
    assert text_direction(HEBREW) == "rtl"
    assert text_direction("12. " + HEBREW) == "rtl"
    assert text_direction("Łódź " + ARABIC) == "ltr"
    assert text_direction("") == "ltr"
