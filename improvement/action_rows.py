"""An action as every list of actions shows it, judged on a date: one row of a table.

The board's lists read hundreds or thousands of actions, so they read only the fields a row
shows (`ROW_FIELDS`), as plain records (`read_rows`), not model instances; a page that needs
the whole action (the tracker's download, a form) judges the model itself (`Action.judged`).
Either way the row is judged by the same rules (improvement/rules.py).
"""

from dataclasses import dataclass
from functools import cached_property

from django.utils.text import Truncator

from . import rules
from .rules import RAG

# What a row of a table of actions reads of an action.
ROW_FIELDS = (
    "id",
    "area_id",
    "reference",
    "text",
    "target_date",
    "target_date_text",
    "lead",
    "status",
    "manual_rag",
    "needs_attention",
    "order",
    "outcome_id",  # the outcome's order and title come in the same query (a join)
    "outcome__order",
    "outcome__title",
)
SHORT_TEXT = 240  # characters of an action's text that long lists show


@dataclass
class ActionRow:
    action: object  # an Action, or a record of its ROW_FIELDS
    area: object  # the action's ServiceArea
    rag: RAG
    overdue: bool
    recommendations: list | None = None  # set by the pages that list them

    @classmethod
    def judged(cls, action, area, on):
        """The action's row on a date: its BRAG and whether it is overdue then."""
        rag = rules.action_rag(
            status=action.status,
            target_date=action.target_date,
            today=on,
            manual_rag=action.manual_rag or None,
        )
        overdue = rules.is_overdue(status=action.status, target_date=action.target_date, today=on)
        return cls(action, area, rag, overdue)

    @property
    def is_complete(self):
        return rules.is_complete(self.action.status)

    @cached_property
    def cells(self):
        """What the row shows, worked out once: a page lists up to thousands of these."""
        action = self.action
        text = action.text
        return {
            "reference": action.reference,
            "area": self.area.name,
            "area_url": self.area.url,
            "text": text,
            "short_text": text if len(text) <= SHORT_TEXT else Truncator(text).chars(SHORT_TEXT),
            "rag": self.rag,
            "target_date": rules.target_date_words(action.target_date, action.target_date_text),
            "overdue": self.overdue,
            "lead": action.lead,
            "status": rules.as_status(action.status).label,
            "recommendations": self.recommendations_text,
            "needs_attention": getattr(action, "needs_attention", ""),
        }

    @property
    def rag_order(self):
        """Sorts Red first, then Amber, Green, Blue."""
        return rules.as_rag(self.rag).rank

    @property
    def target_sort(self):
        """Actions with no date sort after dated ones."""
        date = self.action.target_date
        return (date is None, date.isoformat() if date else "")

    @property
    def recommendations_text(self):
        return "; ".join(
            f"{r.get_source_display()} {r.reference}" for r in self.recommendations or []
        )


@dataclass
class OutcomeGroup:
    """An outcome's heading and its actions' rows, as the plans group them; actions with no
    outcome come last, under "Other actions"."""

    title: str  # "" for the actions with no outcome
    rows: list  # [ActionRow], in the order they were given

    @property
    def heading(self):
        return f"Outcome: {self.title}" if self.title else "Other actions"


def _outcome_of(action):
    """(order, id, title) of the action's outcome, or None: from a record's joined fields,
    else from the model (a query unless the outcome was selected with it)."""
    if action.outcome_id is None:
        return None
    if hasattr(action, "outcome__title"):
        return (action.outcome__order, action.outcome_id, action.outcome__title)
    return (action.outcome.order, action.outcome_id, action.outcome.title)


def by_outcome(rows):
    """The rows grouped by their action's outcome, in the outcomes' order, keeping the rows'
    own order within each; [] when no action has an outcome (a table needs no headings)."""
    groups, others = {}, []
    for row in rows:
        outcome = _outcome_of(row.action)
        if outcome is None:
            others.append(row)
        else:
            groups.setdefault(outcome, []).append(row)
    if not groups:
        return []
    ordered = [OutcomeGroup(title, rows) for (_, _, title), rows in sorted(groups.items())]
    return ordered + ([OutcomeGroup("", others)] if others else [])


def read_rows(actions, *, on, areas, extra=()):
    """The rows of a queryset of actions judged on a date, in its order, read as records of
    ROW_FIELDS (and any `extra` fields or annotations): `areas` maps id to ServiceArea."""
    for record in actions.values_list(*ROW_FIELDS, *extra, named=True):
        yield ActionRow.judged(record, areas[record.area_id], on)
