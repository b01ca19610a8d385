"""Reading pages the way a board member does: text, one section, one table row."""

import html
import re

# A row's RAG repeated beside its name for small screens only (hidden from screen readers,
# which read the row's own RAG cell): not part of what a full-width page shows.
NARROW_ONLY = re.compile(r'<span class="app-narrow-only" aria-hidden="true">.*?</span>', re.S)
# An SPC reading's icon (hidden from screen readers): its letter says no more than the words.
SPC_ICON = re.compile(r'<svg class="app-spc-icon[^>]*aria-hidden="true"[^>]*>.*?</svg>', re.S)


def page_text(content):
    """What a reader of a full-width page sees: the text without tags, scripts, extra spaces,
    the small-screen copies of a row's RAG or the letters of the SPC readings' icons."""
    if isinstance(content, bytes):
        content = content.decode()
    content = NARROW_ONLY.sub(" ", content)
    content = SPC_ICON.sub(" ", content)
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


def in_order(text, *parts):
    """Whether the parts appear in the text in this order."""
    at = [text.find(part) for part in parts]
    return -1 not in at and at == sorted(at)


# The outcomes the grouping tests file the board fixture's actions under, and the order the
# scorecard and the board pack must show them in.
OUTCOME_ORDER = (
    "Outcome: Children are seen often",
    "1.3 Launch family hubs",
    "Outcome: Families get help early",
    "1.1 Audit case files",
    "Other actions",
    "1.2 Train family workers",
)


def file_actions_under_outcomes(board):
    """1.3 under the first outcome, 1.1 under the second; 1.2 under none."""
    from improvement.models import Action, Outcome

    second = Outcome.objects.create(area=board.area, title="Families get help early", order=2)
    first = Outcome.objects.create(area=board.area, title="Children are seen often", order=1)
    Action.objects.filter(pk=board.actions["1.3"].pk).update(outcome=first)
    Action.objects.filter(pk=board.actions["1.1"].pk).update(outcome=second)
