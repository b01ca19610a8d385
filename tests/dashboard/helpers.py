"""Reading pages the way a board member does: text, one section, one table row."""

import html
import re

# A row's RAG repeated beside its name for small screens only (hidden from screen readers,
# which read the row's own RAG cell): not part of what a full-width page shows.
NARROW_ONLY = re.compile(r'<span class="app-narrow-only" aria-hidden="true">.*?</span>', re.S)


def page_text(content):
    """What a reader of a full-width page sees: the text without tags, scripts, extra spaces
    or the small-screen copies of a row's RAG."""
    if isinstance(content, bytes):
        content = content.decode()
    content = NARROW_ONLY.sub(" ", content)
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    content = re.sub(r"<[^>]+>", " ", content)
    return re.sub(r"\s+", " ", html.unescape(content)).strip()


def section(content, start, end=None):
    """The HTML between two markers (e.g. ids), to look at one part of a page."""
    if isinstance(content, bytes):
        content = content.decode()
    begin = content.index(start)
    finish = content.index(end, begin) if end else len(content)
    return content[begin:finish]


def table_row(content, marker):
    """The text of the table row (<tr>) that contains `marker`."""
    if isinstance(content, bytes):
        content = content.decode()
    at = content.index(marker)
    begin = content.rindex("<tr", 0, at)
    finish = content.index("</tr>", at)
    return page_text(content[begin:finish])
