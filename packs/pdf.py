"""The board pack as an accessible PDF: one HTML document (templates/packs/pdf/) drawn from
the pack's content, read once (packs.content.PackContent), and set by WeasyPrint as a tagged
PDF/UA document: its title, author and language, real headings that make its bookmarks
(sections, then each area under the scorecards), a contents page with page numbers, tables
with header cells, the printed charts as vector SVG with their figures in a table, and RAG as
a word in a coloured tag.

The pages the app serves are reused where they fit (the RAG at a glance table, the rows of
measures and actions, the printed charts); links to the app's own pages are taken out, as a
published document cannot follow them.
"""

import base64
import re
import unicodedata
from pathlib import Path

import pydyf
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

PDF_VARIANT = "pdf/ua-1"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "pack-pdf.css"
SECTIONS = (
    "RAG at a glance",
    "Exception reports",
    "Scorecards",
    "Overdue actions",
    "Recommendations",
)

# A link to one of the app's pages (href="/..."): its words stay, the link goes.
_APP_LINK = re.compile(r'<a class="govuk-link" href="/[^"]*">(.*?)</a>', re.DOTALL)
# What the pack's pages hide in print, left out of the PDF's HTML: the SPC icons (the words
# beside them stay) and the narrow screens' copy of a row's RAG.
_HIDDEN_IN_PRINT = re.compile(
    r'<svg class="app-spc-icon[^"]*"[^>]*>.*?</svg>'
    r'|<span class="app-narrow-only" aria-hidden="true">(?:(?!</span>).)*</span>',
    re.DOTALL,
)
# A chart or sparkline drawn inline (role="img", its words in aria-label).
_INLINE_CHART = re.compile(
    r'<svg class="(app-chart-svg|sparkline)" role="img" aria-label="([^"]*)"([^>]*)>(.*?)</svg>',
    re.DOTALL,
)
_BETWEEN_TAGS = re.compile(r">\s+<")  # no <pre> in the pack: a run of spaces prints as one
_RTL = {"R", "AL"}
_LTR = {"L"}


def text_direction(text):
    """ "rtl" when the first strongly directional character of the text is right to left
    (Arabic, Hebrew), else "ltr": the rule of HTML's dir="auto", which WeasyPrint does not
    apply itself."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind in _RTL:
            return "rtl"
        if kind in _LTR:
            return "ltr"
    return "ltr"


def document_title(content):
    plan, period = content.plan, content.period
    title = f"{plan.organisation}: {plan.title} — Improvement Board pack, {period.label}"
    if content.meeting:
        title += f" ({content.meeting})"
    if content.public:
        title += ", public version"
    return title


def pack_html(content, *, published_at=None, published_by="") -> str:
    """The pack as one standalone HTML document."""
    context = {
        "content": content,
        "plan": content.plan,
        "period": content.period,
        "pack": content.pack,
        "glance": content.pack.glance,
        "title": document_title(content),
        "sections": SECTIONS,
        "published_at": published_at or timezone.now(),
        "published_by": published_by,
        "show_names": not content.public,
    }
    html = render_to_string("packs/pdf/pack.html", context)
    html = _HIDDEN_IN_PRINT.sub("", _APP_LINK.sub(r"\1", html))
    html = _INLINE_CHART.sub(_chart_image, html)
    return _BETWEEN_TAGS.sub("> <", html)


def _chart_image(match):
    """An inline chart as an image of the same SVG, its words as the image's alternative text
    (the PDF's Figure keeps its Alt): still vector graphics, but its hundreds of shapes and
    labels are no longer elements of the page that WeasyPrint styles one by one."""
    css_class, label, attributes, drawing = match.groups()
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"{attributes}>{drawing}</svg>'
    data = base64.b64encode(svg.encode()).decode("ascii")
    return f'<img class="{css_class}" alt="{label}" src="data:image/svg+xml;base64,{data}">'


def render_pdf(content, *, published_at=None, published_by="") -> bytes:
    """The pack's PDF (tagged, PDF/UA-1), as bytes."""
    from weasyprint import CSS, HTML

    html = pack_html(content, published_at=published_at, published_by=published_by)
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))],
        pdf_variant=PDF_VARIANT,
        presentational_hints=False,
    )


def _page_references(pdf):
    """pydyf.PDF.page_references, kept while no page is added: pydyf builds it anew at each
    call, and WeasyPrint's tagging calls it for every tagged box (10,000s of calls times
    hundreds of pages for a county)."""
    kids = pdf.pages["Kids"]
    kept = pdf.__dict__.get("_pack_page_references")
    if kept is None or kept[0] != len(kids):
        kept = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_pack_page_references"] = kept
    return kept[1]


pydyf.PDF.page_references = property(_page_references)
