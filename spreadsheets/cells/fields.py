"""One entry point from a cell to a field's value, for every reader of spreadsheets.

``read_field(kind, value, ...)`` reads any typed cell (a figure, a target date, the month
of a figure, a RAG rating, a status, a unit, a direction, a frequency) and returns a
``FieldRead``: the value (None when nothing could be read), the text to keep on the
record, and the warning to report. The template reader (template_rows.py), the
council-layout reader (layouts/) and the monthly figures reader all call it, so the same
cell gives the same record and the same warning whichever reader meets it.

The policy, the same in every reader:

* What a cell says that cannot be read is kept as text on the record, never dropped, and
  a warning names the sheet, row and column (the reader adds where) and says where the
  text was kept. The import goes on.
* A figure: ``value`` is the Decimal, or None. A cell of words that is not a figure
  ("7 in progress", "85% (provisional)", "TBC") leaves the value empty and keeps the text
  where the figure's record says why it is missing: a monthly figure's ``missing_reason``,
  a baseline's ``baseline_text``; a target, which cannot be without a figure, keeps it in
  the measure's notes. A figure read with words beside it ("14 days Local Indicator")
  keeps the words as its commentary (a baseline's wording, a target's note). A figure
  its measure's unit cannot hold (120 as a percentage) is kept as text in the same way.
  "n/a" and blank are a missing figure with no warning.
* A target date: the date (the month's last day for "Oct-20"), and the wording as typed in
  ``target_date_text`` (an Excel date shown month-only reads as it is shown, "April
  2018"). Wording naming no date ("TBC", "Ongoing") keeps the text with no warning; words
  that are not a date, or several dates ("Oct-20 / Mar-21": the first is taken), are
  warned. Wording longer than the field keeps its first 100 characters and all of it in
  the notes.
* A RAG rating, status, unit, direction or frequency: its value, or None with the cell's
  text kept in the record's notes as "Heading: text" and a warning. An exception report's
  RAG (``role=REPORT``) may also be "No data" or "Not rated"; one that cannot be read is
  kept in the report's reason as 'Current RAG typed as "Y"' (``FieldRead.note``), and the
  warning says so (``rag_kept``: the one place that says where).
* A key cell, the month a figure is for (MONTH) or a date saying which record a row is
  (DATE: a progress update's date, a target's start): a key that cannot be read is an
  error naming the cell (``FieldRead.error``), and the row is not imported.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from improvement.rules import RAG as RAG_RATINGS
from measures.rules import validate_value

from .dates import DateCell, parse_date_cell, parse_period_heading
from .labels import KEPT
from .numbers import NumberCell, parse_number_cell
from .ratings import RAG_WORDS, parse_rag_cell
from .text import cell_text, collapse, plain_text, quote
from .words import direction_named, frequency_named, status_named, unit_named

FIGURE, TARGET_DATE, DATE, MONTH = "figure", "target_date", "date", "month"
RAG, STATUS, UNIT, DIRECTION, FREQUENCY = "rag", "status", "unit", "direction", "frequency"
KINDS = (FIGURE, TARGET_DATE, DATE, MONTH, RAG, STATUS, UNIT, DIRECTION, FREQUENCY)
NOTES_KINDS = (RAG, STATUS, UNIT, DIRECTION, FREQUENCY)  # unread text goes to the notes

# Roles of a figure: where its text is kept (when no figure was read, when one was).
ACTUAL, BASELINE, TARGET = "actual", "baseline", "target"
REPORT = "report"  # the role of an exception report's RAG: unread text goes to its reason
TEXT_LENGTH = 100  # the longest target-date wording a record keeps
NOTES = "in the notes"

_WORDS = {
    STATUS: (status_named, "a status (Not started, In progress, At risk or Complete)"),
    UNIT: (unit_named, "a unit"),
    DIRECTION: (direction_named, "a direction"),
    FREQUENCY: (frequency_named, "a frequency"),
}


@dataclass(frozen=True)
class FieldRead:
    """What one cell gave: the field's ``value`` (None when nothing was read), the ``text``
    to keep on the record (see the module's policy for where), the ``warning`` to report,
    ``error`` for a key cell that could not be read, ``note`` for the record's notes (an
    exception report's reason, for its RAG) and ``cell``, the NumberCell or DateCell
    behind a figure or date (comparators, Local Indicator)."""

    value: object = None
    text: str = ""
    warning: str = ""
    error: str = ""
    note: str = ""
    cell: NumberCell | DateCell | None = None

    @property
    def unread(self) -> bool:
        """Whether the cell held something that gave no value (its text is kept)."""
        return self.value is None and bool(self.text)


def figure_places(role: str, month: datetime.date | None = None) -> tuple[str, str]:
    """Where a figure's text is kept, in words: (no figure read, a figure read)."""
    if role == ACTUAL:
        which = f"the {month:%B %Y} figure" if month else "the figure"
        return f"as the reason {which} is missing", f"as {which}'s commentary"
    if role == BASELINE:
        return "as the baseline wording", "as the baseline wording"
    if role == TARGET:
        return "in the measure's notes", "as the target's note"
    return NOTES, NOTES


def read_field(
    kind: str,
    value,
    *,
    number_format: str = "",
    wording: str = "",
    role: str = "",
    month: datetime.date | None = None,
    unit: str = "",
    instead: str = "",
    heading: str = "",
) -> FieldRead:
    """Read one cell as a field of `kind` (see the module's policy).

    A figure is read by the measure's own `wording` (words it shares are understood) and,
    when `unit` is given, checked against it; `role` (ACTUAL, BASELINE, TARGET) and `month`
    say where its text is kept. `instead` ends the warning of a word cell ("guessed from
    the figures instead"). A RAG with `role` REPORT is an exception report's, named by its
    `heading` in the line kept in the report's reason.

    >>> read_field(FIGURE, "7 in progress", role=ACTUAL).text
    '7 in progress'
    """
    if kind == FIGURE:
        return _figure(value, number_format, wording, role, month, unit)
    if kind == TARGET_DATE:
        return _target_date(value, number_format)
    if kind == MONTH:
        return _month(value)
    if kind == DATE:
        return _date(value)
    if kind == RAG:
        return _report_rag(value, heading) if role == REPORT else _rag(value)
    if kind in _WORDS:
        return _words(kind, value, instead)
    raise ValueError(f"No such kind of cell: {kind!r}")


def _figure(value, number_format, wording, role, month, unit) -> FieldRead:
    parsed = parse_number_cell(value, number_format=number_format, wording=wording)
    if parsed.value is None:
        if not parsed.text:
            return FieldRead(cell=parsed)
        missing_place, _kept = figure_places(role, month)
        warning = parsed.warning_kept(missing_place) if parsed.warning else ""
        if not warning and role == TARGET:  # "n/a": a target needs a figure
            warning = f"No target figure in {quote(parsed.text)}; kept {missing_place}."
        return FieldRead(None, parsed.text, warning, cell=parsed)
    text = "" if parsed.plain else parsed.text
    warning = parsed.warning_kept(figure_places(role, month)[1]) if parsed.warning else ""
    read = FieldRead(parsed.value, text, warning, cell=parsed)
    return checked(read, unit, role=role, month=month) if unit else read


def checked(read: FieldRead, unit: str, *, role: str = "", month=None) -> FieldRead:
    """A figure read, checked against its measure's unit: one the unit cannot hold (120 as a
    percentage) is kept as text where a missing figure's text goes, with a warning."""
    if read.value is None or not unit:
        return read
    problems = validate_value(read.value, unit)
    if not problems:
        return read
    text = read.cell.text if isinstance(read.cell, NumberCell) and read.cell.text else ""
    text = text or plain_text(read.value)
    missing_place, _kept = figure_places(role, month)
    warning = " ".join(problems) + f" The figure {quote(text)} was kept {missing_place}."
    return FieldRead(None, text, warning, cell=read.cell)


def month_only_text(value, number_format: str) -> str:
    """An Excel date shown without its day ("mmmm yyyy") as the council sees it."""
    if not isinstance(value, datetime.datetime | datetime.date):
        return ""
    fmt = (number_format or "").lower()
    if not fmt or "d" in fmt.replace("[$-", "") or "m" not in fmt or "y" not in fmt:
        return ""
    month = value.strftime("%B") if "mmmm" in fmt else value.strftime("%b")
    year = value.strftime("%Y") if "yyyy" in fmt else value.strftime("%y")
    separator = "-" if "-" in fmt else " "
    return f"{month}{separator}{year}"


def _target_date(value, number_format) -> FieldRead:
    shown = month_only_text(value, number_format)
    if shown:
        parsed = parse_date_cell(shown)
        return FieldRead(parsed.date, shown, cell=parsed)
    parsed = parse_date_cell(value)
    text = parsed.text
    if len(text) > TEXT_LENGTH:
        return FieldRead(
            parsed.date,
            text[:TEXT_LENGTH],
            "The target date wording is too long to keep whole; it is also kept in the notes.",
            note=text,
            cell=parsed,
        )
    return FieldRead(parsed.date, text, parsed.warning, cell=parsed)


def _month(value) -> FieldRead:
    text = plain_text(value)
    if not text:
        return FieldRead()
    month = parse_period_heading(value)
    if month is None:
        return FieldRead(
            None,
            text,
            error=f'Could not read {quote(text)} as a month; give it as "Jul-20" or a date.',
        )
    return FieldRead(month)


def _date(value) -> FieldRead:
    text = plain_text(value)
    if not text:
        return FieldRead()
    parsed = parse_date_cell(value)
    if parsed.date is None or parsed.warning:
        return FieldRead(None, text, error=f"{quote(text)} is not a date.", cell=parsed)
    day = parsed.date.replace(day=1) if parsed.month_only else parsed.date
    return FieldRead(day, cell=parsed)


def _rag(value) -> FieldRead:
    rag, warning = parse_rag_cell(value)
    text = cell_text(value)
    if rag is None and text:
        return FieldRead(None, text, f"Could not read {quote(text)} as a RAG rating. {NOTES_KEPT}")
    return FieldRead(rag, text if warning else "", warning)


NOTES_KEPT = "The cell's text was kept in the notes."
_REPORT_RAGS = {
    **{rag.value.casefold(): rag.value for rag in RAG_RATINGS},
    **{rag.label.casefold(): rag.value for rag in RAG_RATINGS},
}


def rag_kept(role: str, heading: str, text: str) -> tuple[str, str]:
    """Where a RAG that could not be read is kept: (the line kept, the end of the warning).
    An exception report's (REPORT) goes in the report's reason as 'Current RAG typed as
    "Y"'; any other record's in its notes as "Heading: Y"."""
    if role == REPORT:
        line = f'{heading} typed as "{text}"'
        return line, (
            f"kept in the report's reason as: {line}. Set the {heading} on the report's page."
        )
    return f"{heading}: {text}", NOTES_KEPT


def _report_rag(value, heading) -> FieldRead:
    text = plain_text(value).strip()
    if text.casefold() in _REPORT_RAGS:  # "No data", "not_rated": a report's own ratings
        return FieldRead(_REPORT_RAGS[text.casefold()])
    read = _rag(text)
    if not read.unread:
        return read
    line, kept = rag_kept(REPORT, heading, text)
    warning = (
        f"Could not read {quote(text)} as a RAG rating (Green, Amber, Red or Blue, or their "
        f"first letters); {kept}"
    )
    return FieldRead(None, text, warning, note=line)


def _words(kind, value, instead) -> FieldRead:
    text = plain_text(value)
    if not text:
        return FieldRead()
    named, what = _WORDS[kind]
    found = named(text)
    if found is None and kind == STATUS and RAG_WORDS.get(collapse(text).lower()) == "blue":
        found = "complete"  # Blue is how a council says complete
    if found is not None:
        return FieldRead(found)
    tail = f"; {instead}" if instead else ""
    return FieldRead(None, text, f"Could not read {quote(text)} as {what}{tail}. {NOTES_KEPT}")


def figure_values(
    read: FieldRead, *, commentary: str | None = None, missing_reason: str | None = None
) -> tuple[dict | None, str]:
    """A monthly figure's record from its cell and the commentary or missing reason typed
    in their own columns (None: the sheet has no such column): ({value, missing_reason,
    commentary}, warning); (None, "") when there is nothing to record. The cell's kept
    text comes first, the column's after it. With no commentary column and no text kept
    as commentary, the record's commentary is left as it is (one entered on the web stays).
    """
    given = (commentary or "").strip()
    reason = (missing_reason or "").strip()
    if read.value is None and not read.text and not reason:
        if not given:
            return None, ""
        warning = (
            "There is commentary but no figure; the commentary was kept as the reason the "
            "figure is missing."
        )
        return {"value": None, "commentary": "", "missing_reason": given}, warning
    if read.value is None:
        values = {"value": None, "missing_reason": _joined(read.text, reason)}
        if commentary is not None:
            values["commentary"] = given
        return values, ""
    values = {"value": read.value, "missing_reason": reason}
    if commentary is not None or read.text:
        values["commentary"] = _joined(read.text, given)
    return values, ""


def _joined(kept: str, given: str) -> str:
    if not kept or kept in given:
        return given
    return f"{kept}\n{given}".strip()


__all__ = [
    "ACTUAL",
    "BASELINE",
    "DATE",
    "DIRECTION",
    "FIGURE",
    "FREQUENCY",
    "KEPT",
    "KINDS",
    "MONTH",
    "NOTES_KINDS",
    "RAG",
    "REPORT",
    "STATUS",
    "TARGET",
    "TARGET_DATE",
    "UNIT",
    "FieldRead",
    "checked",
    "figure_places",
    "figure_values",
    "month_only_text",
    "rag_kept",
    "read_field",
]
