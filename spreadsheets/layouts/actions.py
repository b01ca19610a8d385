"""A council's sheet of actions: one row per action, grouped by area, recommendation and
outcome, with their leads, target dates, statuses and progress."""

from __future__ import annotations

import re

from improvement.rules import RAG, ActionStatus

from ..cells import norm, parse_date_cell, parse_rag_cell
from .base import Sheet
from .mapping import ACTIONS
from .wording import (
    SHORT_REFS_RE,
    STATUS_WORDS,
    is_timeframe,
    month_only_text,
    split_recommendation,
)


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

    def section(self, text, row):
        where = self.where(row, row.filled()[0])
        if is_timeframe(text):
            self.timeframe = text
        elif not self.has("area"):
            self.grouping["area"] = (text, where)
            self.grouping["recommendation"] = None
            self.grouping["outcome"] = None
        elif not self.has("recommendation"):
            self.grouping["recommendation"] = (text, where)
        elif not self.has("outcome"):
            self.grouping["outcome"] = (text, where)
        else:
            self.grouping["area"] = (text, where)

    def recommendations(self):
        group = self.grouping.get("recommendation")
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

    def record(self, row, text):
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
        values["notes"] = "\n".join(notes)
        if self.has("outcome"):
            group = self.grouping.get("outcome")
            values["outcome"] = self.loader.outcome(area, group[0], group[1]) if group else None
        recommendations = self.recommendations()
        cell = self.cell(row, "reference")
        action = self.loader.action(
            area,
            self.where(row, self.by_field["action"][0]),
            reference=cell.text[:30] if cell is not None else "",
            text=text,
            values=values,
            recommendations=recommendations,
            places=self.places(row),
        )
        if recommendations:
            self.loader.link_area(area, recommendations)
        self.progress(row, action)
        self.previous = action

    def target_date(self, row, values, notes):
        """The date as the council shows it ("April 2018"), else as typed; else the
        timeframe of the section the row is in."""
        cell = self.cell(row, "target_date")
        if cell is None:
            if self.timeframe:
                values["target_date_text"] = self.timeframe[:100]
            return
        shown = month_only_text(cell.value, cell.format)
        if shown:
            values["target_date"] = parse_date_cell(shown).date
            values["target_date_text"] = shown
        else:
            parsed = parse_date_cell(cell.value)
            values["target_date"] = parsed.date
            values["target_date_text"] = parsed.text[:100]
            if len(parsed.text) > 100:
                self.warn(
                    cell,
                    "The target date wording is too long to keep whole; it is also kept in the "
                    "notes.",
                    notes,
                )
            elif parsed.warning:
                self.warn(cell, parsed.warning)
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
        cell = self.cell(row, "status")
        if cell is None or not cell.text:
            return None
        status = STATUS_WORDS.get(norm(cell.text).strip(" .!"))
        if status is None and parse_rag_cell(cell.text)[0] == RAG.BLUE:
            status = ActionStatus.COMPLETE.value  # Blue is how a council says complete
        if status is None:
            self.warn(
                cell,
                f'Could not read "{cell.text}" as a status (Not started, In progress, At risk or '
                "Complete); kept in the notes.",
                notes,
            )
        return status

    def rag(self, row, values, notes, status) -> str | None:
        """A RAG given by hand is the action's manual RAG; Blue means complete."""
        cell = self.cell(row, "rag")
        if cell is None:
            return status
        rag, warning = parse_rag_cell(cell.value)
        values["manual_rag"] = ""
        values["manual_rag_reason"] = ""
        if warning:
            self.warn(cell, warning, notes if rag is None else None)
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
