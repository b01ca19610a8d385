"""Which plans' data changed: ``Plan.data_version`` goes up after every committed change.

Board pages keep their rendered content until the plan's data changes (dashboard/caching.py
keys it on ``data_version``), so every write to a plan's records must move the number on.
Each model that belongs to a plan names the path from ``Plan`` to its rows in
``PLAN_PATH`` ("areas__measures__actuals" for a monthly figure); the receivers below
watch saves, deletes and many-to-many changes of every such model, and after the
transaction commits one UPDATE per path moves ``data_version`` on for the plans touched.
Writes that send no signals (``bulk_create``, ``QuerySet.update``) call ``plan_changed``
themselves: the spreadsheet loader does.

The bump comes after the commit, so a reader never caches new data under an old number
for longer than the moment between the two; and a rolled-back transaction bumps nothing.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver


class _Pending:
    """The plans one transaction touched, by path; runs once, when the transaction commits."""

    def __init__(self, using):
        self.using = using
        self.paths = defaultdict(set)
        self.plans_of = {}  # (path, id) -> plan ids, found while deleting
        self.ran = False

    def __call__(self):
        from .models import Plan

        if self.ran:
            return
        self.ran = True
        for path, values in self.paths.items():
            Plan.objects.using(self.using).filter(**{f"{path}__in": values}).update(
                data_version=F("data_version") + 1
            )


def _pending(using):
    connection = transaction.get_connection(using)
    pending = getattr(connection, "_plan_changes", None)
    if pending is None or pending.ran:
        pending = connection._plan_changes = _Pending(using)
    return pending


def _queue(path, values, using=None):
    values = {v for v in values if v is not None}
    if not values:
        return
    pending = _pending(using)
    pending.paths[path].update(values)
    # Registered with every change and run once: a savepoint rolled back drops only the
    # registrations made inside it. Outside a transaction it runs at once.
    transaction.on_commit(pending, using=using)


def plan_changed(plan, using=None):
    """Record that this plan's data changed, for writes that send no signals."""
    _queue("pk", [getattr(plan, "pk", plan)], using)


def _queue_rows(model, pks, using):
    """Rows changed, of a model that belongs to a plan (rows of other models are not)."""
    path = getattr(model, "PLAN_PATH", None)
    if path is not None:
        _queue(path, pks, using)


@receiver(post_save, dispatch_uid="improvement.changes.saved")
def _saved(sender, instance, using=None, **kwargs):
    _queue_rows(sender, [instance.pk], using)  # loaddata (raw) too: it changes plans as well


@receiver(pre_delete, dispatch_uid="improvement.changes.deleting")
def _deleting(sender, instance, using=None, **kwargs):
    """Find the plan now: after the delete no path leads from the plan to the row."""
    path = getattr(sender, "PLAN_PATH", None)
    if path is not None and path != "pk":  # a plan deleted is not shown again
        _queue("pk", _plan_ids(sender, instance, path, using), using)


def _plan_ids(model, instance, path, using):
    """The plans a row belongs to, through its parent (read once per parent: deleting an
    area deletes hundreds of figures of a few measures)."""
    from .models import Plan

    head, _, last = path.rpartition("__")
    parent = next(
        (
            f
            for f in model._meta.concrete_fields
            if f.is_relation and f.remote_field.related_name == last
        ),
        None,
    )
    if parent is None:
        head, parent_id = path, instance.pk
    else:
        parent_id = getattr(instance, parent.attname)
        if not head:  # the parent is the plan itself
            return [parent_id]
    memo = _pending(using).plans_of
    if (head, parent_id) not in memo:
        plans = Plan.objects.using(using).filter(**{head: parent_id})
        memo[(head, parent_id)] = list(plans.values_list("pk", flat=True))
    return memo[(head, parent_id)]


@receiver(m2m_changed, dispatch_uid="improvement.changes.linked")
def _linked(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
    if not action.startswith("post_"):
        return
    _queue_rows(type(instance), [instance.pk], using)
    if pk_set:  # the other side, e.g. the areas a user was made a manager of
        _queue_rows(model, pk_set, using)
