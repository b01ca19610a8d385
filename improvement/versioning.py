"""Optimistic locking: nobody's change to a figure, an action or a report is lost to another's.

A `Versioned` record carries a `version` that goes up by one with every save. A person's
change starts from the version they were shown (a form sends it back; an import keeps the
one its preview read), and `Versioned.save()` writes only if the row still has that version:
its UPDATE says `WHERE version = <the one it started from>` and moves the version on in the
same statement; when no row matched but the row is there, someone saved it first, and the
save is refused with `Conflict`. One statement, so there is no moment between a check and
the write for another save to slip into, and no extra query on the way. So every write path that
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
        started_from = self.version
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        self.version = started_from + 1
        self._started_from = started_from
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        try:
            # In a savepoint: a refused save leaves the caller's transaction usable (to say
            # who saved first, or to go on with other records), as a check before it would.
            with transaction.atomic(using=using):
                return super().save(*args, **kwargs)
        except BaseException:
            self.version = started_from
            raise
        finally:
            del self._started_from

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        """Django's UPDATE of a saved row, matched on the version the change started from
        too (Model._do_update, which save() calls; a row with another version is refused)."""
        started_from = getattr(self, "_started_from", None)
        if started_from is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        matched = base_qs.filter(version=started_from)
        if super()._do_update(matched, using, pk_val, values, update_fields, forced_update):
            return True
        saved = base_qs.filter(pk=pk_val).first()
        if saved is not None:
            raise Conflict({pk_val: saved})
        return False  # deleted meanwhile: Django inserts it again, as ever


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
