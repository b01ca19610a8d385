"""Writing one imported record: fitted to its columns, validated as the forms validate it,
saved only from the version the import started at, and stamped for its history.

Every record an import creates or updates runs its model's `full_clean()` first, so no
import can store what a form would refuse. Left out are the checks the import makes itself:
relations (each points at a record the loader has just found or made) and uniqueness
(records are found again by their natural keys). A record that fails is reported as an
error at its place in the workbook; it is still saved inside the import's transaction, so
that the rows below it can be read and reported too, and the error rolls the whole import
back: nothing is written.

A record of a kind written in bulk (see bulk.py) is gathered rather than saved: validated and
stamped now, its row and history written with the others of its kind.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DatabaseError, transaction

from improvement.versioning import Conflict, Versioned

from .cells import short
from .report import Where


def field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name.replace("_", " ")


def not_checked(model, only: frozenset | None) -> frozenset:
    """The fields `validate` leaves out: relations, and those not in `only` (when given)."""
    return frozenset(
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation or (only is not None and field.name not in only)
    )


class RecordWriter:
    def __init__(self, report, versions, *, user=None, reason: str = "", pending=None):
        self.report = report
        self.versions = versions
        self.user = user
        self.reason = reason
        self.pending = pending  # PendingWrites, or None: every record saved at once
        self._not_checked: dict[tuple, frozenset] = {}  # (model, fields set) -> not_checked

    def gathered(self, obj) -> bool:
        """Whether the record is gathered to be written in bulk (not saved yet)."""
        return self.pending is not None and obj._state.adding and self.pending.accepts(obj)

    def stamp(self, obj) -> None:
        """Who made the change and why, for the record's history."""
        if self.user is not None:
            obj._history_user = self.user
        if self.reason:
            obj._change_reason = self.reason

    def fit(self, model, values: dict, where: Where) -> None:
        """Report (as an error) and shorten any text too long for its column."""
        for name, value in values.items():
            if not isinstance(value, str):
                continue
            try:
                limit = model._meta.get_field(name).max_length
            except FieldDoesNotExist:
                continue
            if limit and len(value) > limit:
                self.report.error(
                    f'The {field_label(model, name)} "{short(value, 40)}" is {len(value)} '
                    f"characters long; at most {limit} fit. Shorten it.",
                    where,
                    name,
                )
                values[name] = value[:limit]

    def validate(self, obj, label: str, where: Where, places=None, only=None) -> bool:
        """Run the model's validation; report each problem at the cell it came from. With
        `only`, the fields checked one by one are those the import set (the others keep
        their saved or default values); the model's own `clean` always runs."""
        # Worked out once an import for each model and set of fields: thousands of figures
        # share one.
        key = (type(obj), None if only is None else frozenset(only))
        exclude = self._not_checked.get(key)
        if exclude is None:
            exclude = self._not_checked[key] = not_checked(*key)
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    if name == NON_FIELD_ERRORS:
                        self.report.error(f"{label}: {message}", where)
                    else:
                        place = (places or {}).get(name, where)
                        text = f"{label}, {field_label(type(obj), name)}: {message}"
                        self.report.error(text, place, name)
            return False
        return True

    def create(self, obj, label: str, where: Where, places=None) -> None:
        valid = self.validate(obj, label, where, places)
        self.stamp(obj)
        if self.gathered(obj):
            self.pending.add(obj)  # an invalid one too: with an error nothing is written
        else:
            self._save(obj, valid)
        if isinstance(obj, Versioned):
            self.versions.wrote(obj)

    def update(self, obj, fields, label: str, where: Where, places=None) -> bool:
        """Save the fields given; a versioned record only from the version the import
        started at (refused and reported otherwise: False)."""
        valid = self.validate(obj, label, where, places)
        self.stamp(obj)
        if self.gathered(obj):
            return True  # written as it is now, with the others gathered
        if isinstance(obj, Versioned):
            obj.version = self.versions.start_from(obj)
        try:
            self._save(obj, valid, update_fields=fields)
        except Conflict as conflict:
            self.versions.refuse(label, where, conflict.saved[obj.pk])
            return False
        if isinstance(obj, Versioned):
            self.versions.wrote(obj)
        return True

    @staticmethod
    def _save(obj, valid: bool, **kwargs) -> None:
        if valid:
            obj.save(**kwargs)
            return
        try:  # the import is rolled back; saved only so later rows can refer to it
            with transaction.atomic():
                obj.save(**kwargs)
        except DatabaseError:
            pass  # already reported as invalid
