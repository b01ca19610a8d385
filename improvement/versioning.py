"""Optimistic locking: nobody's change to a figure, an action or a report is lost to another's.

A `Versioned` record carries a `version` that goes up by one with every save. A person's
change starts from the version they were shown (a form sends it back; an import keeps the
one its preview read), and `Versioned.save()` writes only if the row still has that version:
it re-reads the row's version under a row lock in the same transaction, refuses with
`Conflict` when it has moved on, and otherwise moves it on itself. So every write path that
saves a model (returns forms, the Django admin, imports, management commands) is checked,
without each having to remember to. Bulk writes (`QuerySet.update`, `bulk_update`) do not
call save(): whoever uses them checks with `stale_versions` first (the spreadsheet loader).
"""

from django.db import models, router, transaction


class Conflict(Exception):
    """Someone saved the record(s) since the change began; nothing was saved."""

    def __init__(self, saved):
        super().__init__("The record was changed by someone else.")
        self.saved = saved  # {key: the record as it is saved now}


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            saved = (
                type(self)
                ._base_manager.using(using)
                .select_for_update()
                .filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            if saved is None:  # deleted meanwhile: Django inserts it again, as ever
                return super().save(*args, **kwargs)
            if saved != self.version:
                raise Conflict({self.pk: type(self)._base_manager.using(using).get(pk=self.pk)})
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            self.version = saved + 1
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.version = saved
                raise


def stale_versions(model, versions, *, using=None):
    """The rows of `model` whose version is no longer the one given, locked until the
    transaction ends: {pk: row as saved now}. `versions` maps pk to the version a change
    started from; rows deleted since are left out."""
    rows = model._base_manager.using(using).select_for_update().filter(pk__in=list(versions))
    return {row.pk: row for row in rows.order_by("pk") if row.version != versions[row.pk]}


def last_change(record):
    """(who, when) of the record's latest saved change, from its history: who is a user, or
    None for a change no person made (an import run from the command line, a command)."""
    entry = record.history.select_related("history_user").order_by("-history_date").first()
    if entry is None:
        return None, None
    return entry.history_user, entry.history_date
