"""What to do about each problem an import reports, derived from the kind of problem.

Problems are raised in many readers; their messages say what is wrong, and some go on to
say what to do. ``split`` gives every problem both halves, so that the preview and the
error file can show "what is wrong" and "what to do" side by side and the performance
team can fix every problem without asking anyone:

1. the message's own closing instructions ("Shorten it.") are what to do, taken out of
   what is wrong;
2. otherwise the first entry of ``ADVICE`` whose pattern the message matches says it;
3. otherwise what to do is said for errors and warnings in general.
"""

from __future__ import annotations

import re

ERROR_ADVICE = "Correct the cell as described, then upload the workbook again."
WARNING_ADVICE = (
    "Check the record after importing: what could not be read is kept as text on it. "
    "Correct the cell and import again if it should be read."
)

# (pattern matched against the message, what to do): the first match wins.
_TABLE = (
    # Whole workbook and sheet.
    (r"has more than [\d,]+ rows|has more than [\d,]+ cells", "Split it into smaller workbooks."),
    (
        r"take far more space to open|shared strings",
        "Delete the empty or unused rows, columns and sheets (or copy only the data into a new "
        "workbook), save it and upload that; or split it into smaller workbooks.",
    ),
    (
        r"not one of the template's sheets",
        "Rename the sheet as the Notes sheet lists if it holds records to import; otherwise "
        "nothing needs doing.",
    ),
    (
        r"not one of the template's; it was not imported",
        "Give the column a heading the Notes sheet lists, or move what it holds into Notes.",
    ),
    (r"The sheet has no .* column", "Add the column, headed as on the Notes sheet."),
    (r"Only the first row of the Plan sheet", "Delete the Plan sheet's other rows."),
    (
        r"No header row naming actions or measures|No sheet has a header row naming",
        'Give the sheet a heading row (e.g. "Action" or "Measure") in its first rows; '
        "nothing needs doing for a sheet with nothing to import.",
    ),
    (r"No column is mapped to", "On the column check page, choose the column that holds it."),
    (
        r"was not recognised and was not imported",
        "On the column check page, map it to a field (Notes keeps it as text) if it holds "
        "something to import.",
    ),
    (r"no area column and no area headings", "Map a column to Service area, or rename the area."),
    (r"not in the Improvement Tracker template", "Check the column check page reads it right."),
    (r"No sheet has monthly figures", "Give the figures the headings the message describes."),
    (r"No monthly figures were found", "Nothing, if the sheet holds no monthly figures."),
    (r"is not a month or a known heading", 'Head it with its month (e.g. "Jul-20") if needed.'),
    # Finding records.
    (r"Update ID \d+", "Correct the Update ID, or leave it blank to add a new update."),
    (
        r"No measure in this plan|More than one measure",
        "Type the measure's reference, or its name exactly as on the Measures sheet; or add "
        "the measure first.",
    ),
    (r"The row names no measure", "Type the measure's name in the row, or delete the row."),
    (r"No action \"", "Type the action's reference, or its wording as on the Actions sheet."),
    (r"There is no recommendation", "Add the recommendation's wording afterwards."),
    (r"There is no user called", "Correct the user name, or add the user and import again."),
    (r"not a national indicator's code", "Type a code from the list of national indicators."),
    (r"not a council's three-digit DfE code", "Type the council's DfE code, e.g. 852."),
    (r"is recorded as .*, but the national indicator", "Correct the measure, or the link."),
    # Cells.
    (r"is blank; it is needed", "Fill in the cell."),
    (r"is not a whole number", "Type a whole number, e.g. 3."),
    (r"is not a date|as a date", 'Type a date, e.g. 31/10/2020, or a month, e.g. "Oct-20".'),
    (r"as a month", 'Type the month as a date, e.g. 01/07/2020, or as "Jul-20".'),
    (r"should be Yes or No", "Type Yes or No."),
    (r"is not one of: ", "Type one of the values listed."),
    (r"as a unit", "Type a unit the Notes sheet lists, or correct it on screen afterwards."),
    (r"There is no figure and no missing reason", "Type the figure, or why there is none."),
    (r"has a second figure for", "Keep one figure for the month; delete the other."),
    (
        r"[Ii]s locked",
        "Unlock the period on the plan's periods page, or leave its figures out.",
    ),
    (r"characters long; at most \d+ fit", "Shorten the text to the length given."),
    (
        r"commentary but no figure|kept as the reason|reason the .* figure is missing",
        "Type the figure alone in its cell if there is one; otherwise nothing: the text is kept "
        "as the reason there is no figure.",
    ),
    (
        r"is not a number|as a figure|No figure in|not a figure|No target figure",
        "Type the figure alone in the cell, e.g. 12.5 or 75%; words go in the notes or commentary.",
    ),
    # Saving.
    (
        r"was saved .*so nothing was imported|while the import was being written",
        "Preview the import again, so that it includes their change, then confirm.",
    ),
    (r"could not be written to the database", "Try again, then tell the system administrator."),
    (r"could not be read|is damaged|cannot be opened", "Save a fresh copy from Excel; upload it."),
)
ADVICE = tuple((re.compile(pattern), advice) for pattern, advice in _TABLE)

# Words an instruction starts with, when a message goes on to say what to do.
IMPERATIVES = frozenset(
    [
        "add",
        "check",
        "choose",
        "copy",
        "correct",
        "delete",
        "fill",
        "give",
        "import",
        "leave",
        "map",
        "move",
        "name",
        "open",
        "preview",
        "remove",
        "rename",
        "save",
        "say",
        "shorten",
        "split",
        "try",
        "type",
        "unlock",
        "upload",
        "use",
    ]
)
_SENTENCE_END = re.compile(r"(?<!e\.g\.)(?<!i\.e\.)(?<=[.!?])\s+(?=[A-Z\"(])")


def _instruction(sentence: str) -> bool:
    word = re.match(r"[A-Za-z]+", sentence)
    return bool(word) and word.group(0).casefold() in IMPERATIVES


def split(message: str, level: str = "error") -> tuple[str, str]:
    """(what is wrong, what to do) of a problem's message."""
    sentences = _SENTENCE_END.split(message.strip())
    cut = len(sentences)
    while cut > 1 and _instruction(sentences[cut - 1]):
        cut -= 1
    problem = " ".join(sentences[:cut])
    if cut < len(sentences):
        return problem, " ".join(sentences[cut:])
    for pattern, advice in ADVICE:
        if pattern.search(message):
            return problem, advice
    return problem, WARNING_ADVICE if level == "warning" else ERROR_ADVICE
