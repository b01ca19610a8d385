"""Reading pages the way a board member does: text, one section, one table row."""

import html
import re


def page_text(content):
    """What a reader sees: the page's text without tags, scripts or extra spaces."""
    if isinstance(content, bytes):
        content = content.decode()
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
