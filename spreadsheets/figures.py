"""Monthly figures an import brings: each checked as it is read, all written in bulk.

A scorecard holds thousands of figures, so they are gathered and written with
simple_history's bulk helpers rather than saved one by one. Each is validated as the
returns form validates it, except that a Red figure without commentary is a warning, not
an error (imports bring the data team's figures before managers comment); none is written
into a month locked before the import; and a changed figure is written only if its version,
read under a row lock just before the bulk update, is still the one the import started
from (`VersionCheck`).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from improvement.models import ReportingPeriod
from improvement.versioning import stale_versions
from measures.models import Actual, Measure

from .bulk import insert, insert_history, reserve_ids
from .cells import same, short
from .report import CREATED, UNCHANGED, UPDATED, Where
from .writer import field_label

MEASURE, PERIOD, ENTERED_BY = (
    Actual._meta.get_field(n) for n in ("measure", "period", "entered_by")
)
FLUSH_EVERY = 2000  # new monthly figures are written in batches of this many
# Each field's value in a new figure unless it is given ({attname: default}), when every
# default is a constant (a callable one is called for each record: Actual(**values) then).
DEFAULTS = {field.attname: field.get_default() for field in Actual._meta.concrete_fields}
CONSTANT_DEFAULTS = not any(
    f.has_default() and callable(f.default) for f in Actual._meta.concrete_fields
)


def new_actual(values: dict) -> Actual:
    """Actual(**values) with `values` by attname (measure_id), its fields given in order as
    Django builds a row read from the database: its quicker way (thousands are made)."""
    if not (CONSTANT_DEFAULTS and values.keys() <= DEFAULTS.keys()):
        return Actual(**values)
    # The union keeps DEFAULTS' order (values' keys are all among them).
    return Actual(*(DEFAULTS | values).values())


class FigureWriter:
    def __init__(self, loader):
        self.loader = loader
        self.report = loader.report
        self.writer = loader.writer
        self.versions = loader.versions
        self.new: list[Actual] = []
        self.changed: dict[int, Actual] = {}
        self.fields: set[str] = set()
        # pk -> (the version it must still have, what it is, where it is in the workbook)
        self.started: dict[int, tuple[int, str, Where]] = {}

    def actual(self, measure: Measure, month: datetime.date, values: dict, where: Where, places):
        """Set one monthly figure; never writes into a locked period (an error instead)."""
        loader = self.loader
        period = loader.periods.get(month) or loader.period(month, where)
        key = (measure.pk, period.pk)
        existing = loader.actuals.get(key)
        shown = values.get("value")
        shown = measure.format(shown) if shown is not None else "no value"
        name, when = short(measure.name, 60), f"{month:%B %Y}"
        label = f'"{name}" {when}: {shown}'
        figure = f'The figure for "{name}" in {when}'
        if existing is None:
            changed = list(values)
        else:
            self.versions.found(existing)
            changed = [n for n, v in values.items() if not same(getattr(existing, n), v)]
        if (existing is None or changed) and month in loader.locked_months:
            self.report.error(
                f"{period.label} is locked, so its figures cannot be changed by an import. "
                "Unlock the period first, or leave this figure out.",
                where,
                "value",
            )
            return existing
        if ("actual", key) in loader.seen:
            self.report.error(
                f'"{name}" has a second figure for {when} in this file.',
                where,
                "value",
            )
            return existing
        loader.seen.add(("actual", key))
        if existing is None:
            return self._create(measure, period, values, where, places, label=label, name=figure)
        if not changed:
            self.report.change(UNCHANGED, "actual", label, where)
            return existing
        self._change(
            existing, measure, period, values, changed, where, places, label=label, name=figure
        )
        return existing

    def _create(self, measure, period, values, where, places, *, label, name):
        entered_by = values.pop("entered_by", self.loader.user)
        actual = new_actual(
            {
                "measure_id": measure.pk,
                "period_id": period.pk,
                "entered_by_id": getattr(entered_by, "pk", None),
                "updated_at": timezone.now(),
                **values,
            }
        )
        # The records in hand, as assigning them would keep them (no query to judge it).
        for field, record in ((MEASURE, measure), (PERIOD, period), (ENTERED_BY, entered_by)):
            if record is not None:
                field.set_cached_value(actual, record)
        self.loader.actuals[(measure.pk, period.pk)] = actual
        self.report.change(CREATED, "actual", label, where)
        if self._checked(actual, where, places, values, label=label, name=name):
            self.new.append(actual)
            if len(self.new) >= FLUSH_EVERY:
                self.finish()
        return actual

    def _change(self, existing, measure, period, values, changed, where, places, *, label, name):
        existing.measure, existing.period = measure, period  # in hand: no query to judge it
        for field in changed:
            setattr(existing, field, values[field])
        if "entered_by" not in values:
            existing.entered_by = self.loader.user or existing.entered_by
        existing.updated_at = timezone.now()
        fields = [field_label(Actual, field) for field in changed]
        self.report.change(UPDATED, "actual", label, where, fields)
        if self._checked(existing, where, places, changed, label=label, name=name):
            self.started[existing.pk] = (self.versions.start_from(existing), name, where)
            existing.version += 1
            self.fields.update(changed)
            self.changed[existing.pk] = existing

    def _checked(self, actual, where, places, fields, *, label, name) -> bool:
        """Validated as a form would (the fields the import sets, and the figure as a
        whole); a Red figure with no commentary is only a warning."""
        if not self.writer.validate(actual, label, where, places, only=fields):
            return False
        target = self.loader.target_in_force(actual.measure, actual.period.month)
        problem = actual.measure.commentary_error(actual.value, actual.commentary, target)
        if problem:
            self.report.warning(
                f"{name}: {problem}. It is imported without commentary: the area's manager "
                "can add it on their monthly return.",
                where,
                "commentary",
            )
        return True

    def finish(self) -> None:
        """Write the gathered figures in bulk, with their history; changed ones only if no
        one has saved them since the import started from them, and none into a month locked
        meanwhile (nothing at all otherwise)."""
        self.loader.flush()  # the records they belong to first
        if self._locked_meanwhile([*self.new, *self.changed.values()]):
            self.new, self.changed, self.started = [], {}, {}
            return
        if self.new and self.loader.pending.enabled:
            for actual, key in zip(self.new, reserve_ids(Actual, len(self.new)), strict=True):
                actual.pk = key
            rows = insert(Actual, self.new)
            insert_history(Actual, self.new, rows, user=self.loader.user, reason=self.loader.reason)
        elif self.new:
            bulk_create_with_history(self.new, Actual, **self._bulk())
        self.new = []
        if not self.changed:
            return
        expected = {pk: version for pk, (version, _name, _where) in self.started.items()}
        stale = stale_versions(Actual, expected)
        for pk, saved in stale.items():
            _version, name, where = self.started[pk]
            self.versions.refuse(name, where, saved)
        if not stale:
            fields = sorted(self.fields | {"entered_by", "updated_at", "version"})
            bulk_update_with_history(list(self.changed.values()), Actual, fields, **self._bulk())
            for actual in self.changed.values():
                self.versions.wrote(actual)
        self.changed, self.started = {}, {}

    def _bulk(self) -> dict:
        return {
            "batch_size": 500,
            "default_user": self.loader.user,
            "default_change_reason": self.loader.reason or None,
        }

    def _locked_meanwhile(self, actuals) -> bool:
        """Whether a month these figures are for was locked after the import read it. Its
        row stays locked until the import ends, so none is locked while it writes."""
        # Months the import itself locks (a Periods sheet) keep the figures it brings.
        known = {period.pk for period in self.loader.periods.values() if period.is_locked}
        months = {actual.period_id for actual in actuals} - known
        if not months:
            return False
        locked = list(
            ReportingPeriod.objects.select_for_update().filter(
                pk__in=months, status=ReportingPeriod.Status.LOCKED
            )
        )
        for period in locked:
            self.report.error(
                f"{period.label} was locked while this import was running, so its figures "
                "cannot be changed by it and nothing was imported. Unlock the period, or leave "
                "its figures out, and import again."
            )
        return bool(locked)
