"""The audit trail in words: who changed what and when, from django-simple-history.

`describe(records, ...)` turns one record's historical rows into entries such as
"Ada Admin, 3 March 2020 10:32: Value changed from 75% to 80%".
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from improvement.rules import long_date_words
from measures.rules import figure_text

SYSTEM = "System (import or command)"


@dataclass
class Change:
    label: str
    old: str
    new: str

    @property
    def sentence(self):
        if not self.old:
            return f"{self.label} set to {self.new}"
        if not self.new:
            return f"{self.label} cleared (was {self.old})"
        return f"{self.label} changed from {self.old} to {self.new}"


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    subject: str  # e.g. "Figure for March 2020"
    kind: str  # "Created", "Changed", "Deleted"
    reason: str = ""
    changes: list = field(default_factory=list)


def person(user):
    if user is None:
        return SYSTEM
    return user.get_full_name() or user.username


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _text(model, name, value, formatters):
    if name in formatters:
        return formatters[name](value)
    if value is None or value == "":
        return ""
    model_field = model._meta.get_field(name)
    if model_field.choices:
        choices = dict(model_field.flatchoices)
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return figure_text(value)
    if isinstance(value, datetime.date):
        return long_date_words(value)
    return str(value)


def describe(records, *, model, fields, subject, formatters=None):
    """Entries for one record's historical rows (any order), oldest first.

    `fields` are the fields worth telling a reader about; `subject(record)` names the record;
    `formatters` maps a field to a function turning its value into words.
    """
    formatters = formatters or {}
    entries = []
    previous = None
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        kind = {"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type]
        changes = []
        if previous is None or record.history_type == "+":
            for name in fields:
                value = getattr(record, model._meta.get_field(name).attname)
                if value is False:
                    continue  # an unticked box says nothing on a new record
                new = _text(model, name, value, formatters)
                if new:
                    changes.append(Change(_label(model, name), "", new))
            if previous is not None:
                kind = "Created again"
        elif record.history_type == "~":
            delta = record.diff_against(previous, included_fields=fields)
            by_name = {c.field: c for c in delta.changes}
            for name in fields:  # in the order given, not the order of the delta
                if name in by_name:
                    change = by_name[name]
                    changes.append(
                        Change(
                            _label(model, name),
                            _text(model, name, change.old, formatters),
                            _text(model, name, change.new, formatters),
                        )
                    )
        previous = record
        if kind == "Changed" and not changes:
            continue  # only bookkeeping fields moved (version, timestamps)
        entries.append(
            Entry(
                when=record.history_date,
                who=person(record.history_user),
                subject=subject(record),
                kind=kind,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def describe_many(records, *, key, **kwargs):
    """describe() for the rows of several records (e.g. every figure of a measure)."""
    records = sorted(records, key=key)
    entries = []
    for _, group in groupby(records, key=key):
        entries.extend(describe(list(group), **kwargs))
    return entries


def newest_first(entries):
    return sorted(entries, key=lambda e: e.when, reverse=True)
