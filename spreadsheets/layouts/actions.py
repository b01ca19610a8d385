"""A council's sheet of actions: one row per action, grouped by area, recommendation and
outcome, with their leads, target dates, statuses and progress."""

from __future__ import annotations

import re
from decimal import Decimal

from improvement.rules import RAG, ActionStatus

from ..cells import norm, plain_text, short
from ..cells.fields import RAG as RAG_CELL
from ..cells.fields import STATUS, TARGET_DATE
from .base import Sheet
from .mapping import ACTIONS, FIELD_LABELS
from .wording import SHORT_REFS_RE, is_timeframe, split_recommendation

FIELD_LABELS_LOWER = {name: label.lower() for name, label in FIELD_LABELS[ACTIONS].items()}
# A whole number heads a recommendation's row ("3"); an action's number has parts ("2.1.0").
_WHOLE_RE = re.compile(r"^\s*(?:rec(?:ommendation)?\.?\s*)?(\d{1,3})\.?\s*$", re.IGNORECASE)
_ACTION_NUMBER_RE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+)\.?(?=\s|$)")
_CONTINUED_RE = re.compile(r"^Row \d+: ")  # a row that continued the action (base.py)
_OUTCOMES_RE = re.compile(r"^\s*(?:improvement\s+)?outcomes?\s*:?\s*$", re.IGNORECASE)
# Cells of an action's row other than its grouping, reference and text.
DATA_FIELDS = (
    "target_date",
    "lead",
    "key_partners",
    "success_measure",
    "status",
    "rag",
    "progress",
    "impact",
    "still_to_do",
    "cost",
    "notes",
)
_DECIMALS_RE = re.compile(r"0\.(0+)")  # "0.00": two places shown
CUT_OFF = "Its action text was cut off in the council's spreadsheet: check it against the source."
NO_TEXT = "Its action text was missing in the council's spreadsheet: add it from the source."


def whole_number(text: str) -> str:
    """ "3" from "3", "3." or "Rec 3"; "" for anything else."""
    match = _WHOLE_RE.match(text or "")
    return match[1] if match else ""


def action_number(text: str) -> str:
    """The number an action's text starts with: "2.1.0" from "2.1.0. Launch ..."."""
    match = _ACTION_NUMBER_RE.match(text or "")
    return match[1] if match else ""


def is_sub_number(text: str, parent: str) -> bool:
    """Whether "1.2" (an action's number) belongs under recommendation "1"."""
    return bool(parent) and action_number(text) == text.strip() and text.startswith(parent + ".")


def shown_number(value, number_format: str) -> tuple[str, bool]:
    """An action number as the council sees it: (its text, whether it may have lost a
    trailing zero). A number typed as a number is shown by its cell's number format (2.1
    shown "0.00" is "2.10"); with no format known, a number with decimals may have lost one.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return plain_text(value), False
    places = _DECIMALS_RE.search(number_format or "")
    if places:
        return f"{value:.{len(places[1])}f}", False
    text = plain_text(value)
    return text, not number_format and "." in text


def starts_mid_sentence(text: str) -> bool:
    """Text whose start was cut off: it opens with a small letter ("to be signed off ...")."""
    first = text.lstrip(" .,;:-–•*")[:1]
    return first.isalpha() and first.islower()


class ActionSheet(Sheet):
    kind = ACTIONS
    places_of = {
        "action": ("text",),
        "target_date": ("target_date", "target_date_text"),
        "rag": ("manual_rag", "manual_rag_reason"),
    }

    def __init__(self, importer, mapping):
        super().__init__(importer, mapping)
        self.timeframe = ""
        self.heading = None  # the recommendation of the last numbered heading row
        self.group_actions: list = []  # actions read under the current recommendation
        self.outcomes_next = False  # an "Improvement Outcomes" row was read
        self.group_recommendations: list = []

    def section(self, text, row):
        where = self.where(row, row.filled()[0])
        if _OUTCOMES_RE.match(text):
            self.outcomes_next = True
            return
        if self.outcomes_next and not is_timeframe(text):
            self.improvement_outcome(text, row, where)
            return
        if is_timeframe(text):
            self.timeframe = text
            return
        self.heading = None  # a theme: the headings below it start again
        if not self.has("area"):
            self.grouping["area"] = (text, where)
            self.grouping["recommendation"] = None
            self.grouping["outcome"] = None
        elif not self.has("recommendation"):
            self.grouping["recommendation"] = (text, where)
        elif not self.has("outcome"):
            self.grouping["outcome"] = (text, where)
        else:
            self.grouping["area"] = (text, where)

    def improvement_outcome(self, text, row, where):
        """The outcomes a recommendation's actions work towards, typed below them: an
        outcome of the area, linked to those actions that have none yet."""
        area = self.group_actions[0].area if self.group_actions else self.area(row)
        outcome = self.loader.outcome(area, text, where)
        for action in self.group_actions:
            if action.outcome_id is None and action.area_id == area.pk:
                action.outcome = outcome
                label = f'Action "{short(str(action))}"'
                self.loader.writer.update(action, ["outcome"], label, where)
        self.group_actions = [a for a in self.group_actions if a.outcome_id is None]

    def heading_row(self, row) -> bool:
        """A recommendation's heading row (Southampton 2012): its number in the reference
        column, its wording across the row, no cells of an action. It groups the actions
        below it, whose numbers ("1.1", "1.2") sit in the recommendation column."""
        if not (self.has("reference") and self.has("recommendation")):
            return False
        number = whole_number(self.cell(row, "reference").text)
        if not number:
            return False
        if any((c := self.cell(row, n)) is not None and c.text for n in DATA_FIELDS):
            return False
        wording = [self.cell(row, n).text for n in ("recommendation", "action")]
        texts = [t for t in wording if t]
        if len(texts) != 1 or action_number(texts[0]) == texts[0]:
            return False
        carried = self.grouping.get("recommendation")
        if wording[1] and carried and action_number(carried[0]) != carried[0]:
            return False  # the recommendation column holds wording: the row is an action
        values = {"text": texts[0]}
        if self.timeframe:
            values["timeframe"] = self.timeframe[:100]
        self.heading = self.loader.recommendation(number, self.where(row), values)
        self.report_reference(row, [self.heading], [])
        self.grouping["recommendation"] = None
        self.group_actions = []
        self.outcomes_next = False
        return True

    def continuation(self, row):
        """A row without action text: a heading; else, when it has cells of its own (its
        progress, cost or lead), an action flagged for attention; else the row above's."""
        if self.heading_row(row):
            return
        filled = [n for n in DATA_FIELDS if (c := self.cell(row, n)) is not None and c.text]
        if len(filled) >= 2:
            text = f"(No action text in row {row.number} of the council's spreadsheet)"
            self.report.warning(
                "The row has no action text but has its own "
                + ", ".join(FIELD_LABELS_LOWER.get(n, n) for n in filled)
                + ", so it was imported as an action flagged for attention. Add its text.",
                self.where(row, self.by_field["action"][0]),
            )
            self.record(row, text, NO_TEXT)
            return
        super().continuation(row)

    def recommendations(self, number: str = ""):
        group = self.grouping.get("recommendation")
        if self.heading is not None and (
            not group
            or group[0] == self.heading.text
            or is_sub_number(group[0], self.heading.reference)
        ):
            return [self.heading]
        if not group:
            return [] if self.has("recommendation") else None
        text, where = group
        if SHORT_REFS_RE.match(text) and len(text) <= 40:
            refs = [part.strip() for part in re.split(r"[,;&/]", text) if part.strip()]
            found = []
            for ref in refs:
                rec = self.loader.find_recommendation(ref)
                if rec is None:
                    rec = self.loader.recommendation(
                        ref, where, create_values={"text": f"Recommendation {ref}"}
                    )
                    self.report.warning(
                        f'There is no recommendation "{ref}" in the plan yet, so one was '
                        "created with no wording; add its wording afterwards.",
                        where,
                    )
                found.append(rec)
            return found
        reference, wording = split_recommendation(text)
        if number and not reference:
            reference, wording = number, text  # its number typed in the reference column
        values = {"text": wording or text}
        if self.timeframe:
            values["timeframe"] = self.timeframe[:100]
        if not reference:
            existing = self.loader.find_recommendation_by_text(wording or text)
            if existing is not None:
                reference = existing.reference
            else:
                used = {ref for (_src, ref) in self.loader.recommendations}
                number = len(self.loader.recommendations) + 1
                while norm(f"R{number}") in used:
                    number += 1
                reference = f"R{number}"
        return [self.loader.recommendation(reference, where, values)]

    def record(self, row, text, attention=""):
        if self.heading_row(row):
            return
        self.outcomes_next = False
        reference, group_number = self.numbers(row, text)
        if not attention and not reference and starts_mid_sentence(text):
            attention = CUT_OFF
            self.report.warning(
                f'The action text "{text[:40]}" starts mid-sentence, so it may have been cut '
                "off; it was imported as it stands and flagged for attention.",
                self.where(row, self.by_field["action"][0]),
            )
        area = self.area(row)
        values: dict = {}
        notes: list[str] = []
        self.target_date(row, values, notes)
        self.texts(row, values, notes)
        if (cell := self.cell(row, "notes")) is not None and cell.text:
            notes.insert(0, cell.text)
        notes.extend(self.extra_notes(row))
        status = self.rag(row, values, notes, self.status(row, notes))
        if status:
            values["status"] = status
        recommendations = self.recommendations(group_number)
        self.report_reference(row, recommendations, notes)
        notes.extend(self.continued_notes(area, reference, text))
        values["notes"] = "\n".join(notes)
        values["needs_attention"] = attention
        if self.has("outcome"):
            group = self.grouping.get("outcome")
            values["outcome"] = self.loader.outcome(area, group[0], group[1]) if group else None
        action = self.loader.action(
            area,
            self.where(row, self.by_field["action"][0]),
            reference=reference[:30],
            text=text,
            values=values,
            recommendations=recommendations,
            places=self.places(row),
        )
        if recommendations:
            self.loader.link_area(area, recommendations)
        self.progress(row, action)
        self.previous = action
        if (
            recommendations
            and self.group_actions
            and (set(recommendations) != set(self.group_recommendations))
        ):
            self.group_actions = []
        self.group_recommendations = list(recommendations or [])
        self.group_actions.append(action)

    def report_reference(self, row, recommendations, notes):
        """Where in the inspection report the row's recommendation is ("Pg 3 Para 2", one a
        line as typed): the recommendation's report reference. A row with no recommendation
        keeps it in the action's notes, warned."""
        cell = self.cell(row, "report_reference")
        if cell is None or not cell.text:
            return
        text = "; ".join(line.strip() for line in cell.text.splitlines() if line.strip())
        if not recommendations:
            self.warn(
                cell,
                f'The row names no recommendation, so its report reference "{short(text, 60)}" '
                "was kept in the action's notes.",
                notes,
            )
            return
        for rec in recommendations:
            if rec.report_reference != text:
                self.loader.recommendation(
                    rec.reference, cell.where, {"report_reference": text}, source=rec.source
                )

    def continued_notes(self, area, reference, text) -> list[str]:
        """The lines rows below added to the action last time ("Row 19: ..."): kept, so
        that importing the same sheet again changes nothing (the row adds them again)."""
        existing = self.loader.find_action(area, reference, text, unseen=True)
        if existing is None:
            return []
        return [line for line in existing.notes.splitlines() if _CONTINUED_RE.match(line)]

    def numbers(self, row, text) -> tuple[str, str]:
        """(the action's reference, its recommendation's number if the row gives it).

        The reference column, else an action number in the recommendation column under a
        heading row ("1.1" under "1"), else the number the text starts with ("2.1.0. ...",
        kept in the text). A whole number in the reference column with the text numbered
        under it ("2" beside "2.1.0. ...") is the recommendation's number (West Sussex).
        """
        cell = self.cell(row, "reference")
        reference = self.number_text(cell) if cell is not None else ""
        in_text = action_number(text)
        rec = self.cell(row, "recommendation")
        heading = self.heading.reference if self.heading is not None else ""
        if not reference and rec is not None and is_sub_number(rec.text, heading):
            return self.number_text(rec), ""
        if reference and in_text and self.has("recommendation"):
            number = whole_number(reference)
            if number and in_text.startswith(number + "."):
                return in_text, number
        return reference or in_text, ""

    def number_text(self, cell) -> str:
        """A number cell as shown (``shown_number``); warned when a zero may be lost."""
        text, unsure = shown_number(cell.value, cell.format)
        if unsure:
            self.report.warning(
                f"The action number {text} was typed as a number, so a trailing zero may have "
                f"been lost (2.10 reads as 2.1). Check it against the source; type it as text "
                '(or with a number format such as "0.00") to keep it.',
                cell.where,
            )
        return text

    def target_date(self, row, values, notes):
        """The date as the council shows it ("April 2018"), else as typed; else the
        timeframe of the section the row is in."""
        cell, read = self.read(row, "target_date", TARGET_DATE, notes)
        if cell is None:
            if self.timeframe:
                values["target_date_text"] = self.timeframe[:100]
            return
        values["target_date"] = read.value
        values["target_date_text"] = read.text
        if not cell.text and self.timeframe:
            values["target_date_text"] = self.timeframe[:100]

    def texts(self, row, values, notes):
        """Lead (one a line becomes a list), partners, success measure, what's left, cost."""
        if (cell := self.cell(row, "lead")) is not None:
            lead = ", ".join(line.strip() for line in cell.text.splitlines() if line.strip())
            if len(lead) > 300:
                self.warn(
                    cell,
                    "The lead is longer than 300 characters; the whole text is kept in the notes.",
                    notes,
                )
            values["lead"] = lead[:300]
        for name in ("key_partners", "success_measure", "still_to_do"):
            if (cell := self.cell(row, name)) is not None:
                values[name] = cell.text
        if (cell := self.cell(row, "cost")) is not None:
            if len(cell.text) > 200:
                self.warn(
                    cell, "The cost is longer than 200 characters; it is kept in the notes.", notes
                )
            values["cost"] = cell.text[:200]

    def status(self, row, notes) -> str | None:
        return self.read(row, "status", STATUS, notes)[1].value

    def rag(self, row, values, notes, status) -> str | None:
        """A RAG given by hand is the action's manual RAG; Blue means complete."""
        cell, read = self.read(row, "rag", RAG_CELL, notes)
        if cell is None:
            return status
        rag = read.value
        values["manual_rag"] = ""
        values["manual_rag_reason"] = ""
        if rag == RAG.BLUE:
            return status or ActionStatus.COMPLETE.value
        if rag:
            values["manual_rag"] = rag
            values["manual_rag_reason"] = f'Given as "{cell.text}" in the council\'s spreadsheet.'
        return status

    def progress(self, row, action):
        """The row's progress and impact, as a progress update of the action."""
        progress = self.cell(row, "progress")
        impact = self.cell(row, "impact")
        if not ((progress is not None and progress.text) or (impact is not None and impact.text)):
            return
        self.loader.action_update(
            action,
            (progress or impact).where,
            created_at=None,
            values={
                "progress": progress.text if progress is not None else "",
                "impact": impact.text if impact is not None else "",
                "status": action.status,
            },
        )
