"""Write imported records into a plan: find each by its natural key, create or update it.

One ``Loader`` serves every importer. It loads the plan's existing records once, then
each call finds a record by its natural key (an area by name, an action by reference or
else by its text within its area, a figure by measure and period...), creates it or
updates only the fields that differ, and records what it did in the ``ImportReport``.
Each write goes through the ``RecordWriter`` (validated as the forms validate, saved
only from the version the import started at); monthly figures are gathered and written
in bulk by ``FigureWriter``. The importers run it inside a transaction that is rolled back
for a preview and when there are errors, so a preview is exactly what confirming would
write.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from improvement.models import (
    Action,
    ActionUpdate,
    Outcome,
    Plan,
    Recommendation,
    ReportingPeriod,
    ServiceArea,
)
from improvement.versioning import Versioned
from measures.models import Benchmark, Measure, Target

from .bulk import PendingWrites
from .cells import norm, same, short
from .existing import LazyRecords
from .figures import FigureWriter
from .report import CREATED, UNCHANGED, UPDATED, ImportReport, Where
from .versions import VersionCheck
from .writer import RecordWriter, field_label


class Loader(LazyRecords):
    def __init__(
        self,
        plan: Plan,
        report: ImportReport,
        *,
        user=None,
        reason: str = "",
        versions: VersionCheck | None = None,
    ):
        self.plan = plan
        self.report = report
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.reason = reason[:100]  # simple_history's change reason is 100 characters
        self.versions = versions or VersionCheck(report)
        self.pending = PendingWrites(user=self.user, reason=self.reason)
        self.writer = RecordWriter(
            report, self.versions, user=self.user, reason=self.reason, pending=self.pending
        )
        self.seen: set[tuple] = set()  # (kind, pk) of records this import matched
        self._area_links: dict[int, set[int]] | None = None
        self._orders: dict[tuple[str, int], int] = {}
        self._load()
        self.figures = FigureWriter(self)

    # --- existing records --------------------------------------------------------

    def _load(self) -> None:
        plan = self.plan
        self.periods = {p.month: p for p in plan.periods.all()} if plan.pk else {}
        # Months locked before this import: their figures are never changed by it.
        self.locked_months = {month for month, p in self.periods.items() if p.is_locked}
        self.areas: dict[str, ServiceArea] = {}
        self.recommendations: dict[tuple[str, str], Recommendation] = {}
        self.outcomes: dict[tuple[int, str], Outcome] = {}
        self.measures_by_ref: dict[str, list[Measure]] = {}
        self.measures_by_name: dict[str, list[Measure]] = {}
        self.targets: dict[tuple[int, datetime.date], Target] = {}
        self.targets_by_measure: dict[int, list[Target]] = {}
        if not plan.pk:
            return
        for area in plan.areas.all():
            self.areas[norm(area.name)] = area
        for rec in plan.recommendations.all():
            self.recommendations[(rec.source, norm(rec.reference))] = rec
        for outcome in Outcome.objects.filter(area__plan=plan):
            self.outcomes.setdefault((outcome.area_id, norm(outcome.title)), outcome)
        for measure in Measure.objects.filter(area__plan=plan):
            self._index("measure", measure)
        for target in Target.objects.filter(measure__area__plan=plan):
            self._index_target(target)

    def _indexes(self, kind: str, record):
        """How an action or a measure is found: (index, its key) by reference, by wording."""
        if kind == "action":
            return (
                (self.actions_by_ref, norm(record.reference)),
                (self.actions_by_text, (record.area_id, norm(record.text))),
            )
        return (
            (self.measures_by_ref, norm(record.reference)),
            (self.measures_by_name, norm(record.name)),
        )

    def _index(self, kind: str, record) -> None:
        (by_ref, reference), (by_text, text) = self._indexes(kind, record)
        if record.reference:
            by_ref.setdefault(reference, []).append(record)
        by_text.setdefault(text, []).append(record)

    def _unindex(self, kind: str, record) -> None:
        for index, key in self._indexes(kind, record):
            group = index.get(key, [])
            if record in group:
                group.remove(record)

    def _save_in_area(
        self, kind, model, area, existing, values, create_values, label, where, places
    ):
        """Create or update an action or a measure of an area, keeping the indexes right."""
        create = {"area": area, "order": self._next_order(kind, area), **(create_values or {})}
        if existing is not None:
            self._unindex(kind, existing)
        record, outcome = self.save(kind, model, existing, values, create, label, where, places)
        if outcome == CREATED:
            self._orders[(kind, area.pk)] = self._next_order(kind, area)
        self._index(kind, record)
        return record, outcome

    def _index_target(self, target: Target) -> None:
        key = (target.measure_id, target.effective_from)
        if key not in self.targets:
            self.targets_by_measure.setdefault(target.measure_id, []).append(target)
        self.targets[key] = target

    def target_in_force(self, measure: Measure, month: datetime.date):
        """What the month's figure is judged against (Measure.target_for): a Target, a point
        on a trajectory to one, or None."""
        return measure.target_for(month, self.targets_by_measure.get(measure.pk, ()))

    # --- writing -----------------------------------------------------------------

    def save(self, kind, model, existing, values, create_values, label, where, places=None):
        """Create or update one record; return (record, outcome). Every reader writes through
        here (the layouts too: layouts/reports.py), so each record is fitted, checked and
        reported the same way."""
        if self.pending.full():  # between records: the last one's links are gathered too
            self.flush()
        self.writer.fit(model, values, where)
        if create_values:
            self.writer.fit(model, create_values, where)
        if existing is None:
            obj = model(**{**(create_values or {}), **values})
            self.writer.create(obj, label, where, places)
            self.seen.add((kind, obj.pk))
            self.report.change(CREATED, kind, label, where)
            return obj, CREATED
        if isinstance(existing, Versioned):
            self.versions.found(existing)
        changed = [
            name for name, value in values.items() if not same(getattr(existing, name), value)
        ]
        repeat = (kind, existing.pk) in self.seen
        self.seen.add((kind, existing.pk))
        if changed:
            for name in changed:
                setattr(existing, name, values[name])
            update_fields = list(changed)
            if isinstance(existing, Versioned):
                update_fields.append("updated_at")  # the version moves on as it saves
            self.writer.update(existing, update_fields, label, where, places)
            if not repeat:
                self.report.change(
                    UPDATED, kind, label, where, [field_label(model, name) for name in changed]
                )
            return existing, UPDATED
        if not repeat:
            self.report.change(UNCHANGED, kind, label, where)
        return existing, UNCHANGED

    def append_note(self, record, addition: str, where: Where) -> None:
        """Add a line to a record's notes (a row that only continues the one above)."""
        if addition in record.notes:
            return
        record.notes = (record.notes + "\n" + addition).strip()
        label = f'{record._meta.verbose_name.capitalize()} "{short(str(record))}"'
        self.writer.update(record, ["notes"], label, where)

    def set_links(self, obj, relation: str, wanted, kind, label, where, outcome) -> None:
        """Make a many-to-many relation hold exactly `wanted` (None leaves it alone)."""
        if wanted is None:
            return
        wanted = list(dict.fromkeys(wanted))
        if self.writer.gathered(obj):
            self.pending.link(obj, relation, wanted)  # written with it
            return
        manager = getattr(obj, relation)
        if outcome == CREATED:
            if wanted:
                manager.add(*wanted)
            return
        current = {item.pk for item in manager.all()}
        if current == {item.pk for item in wanted}:
            return
        if isinstance(obj, Versioned) and outcome != UPDATED:
            # Its links are part of the record: written from the version the import began at.
            self.versions.found(obj)
            if not self.writer.update(obj, ["updated_at"], label, where):
                return
        manager.set(wanted)
        if outcome == UNCHANGED:
            # The record itself did not change but its links did: report it as updated.
            for index in range(len(self.report.changes) - 1, -1, -1):
                change = self.report.changes[index]
                if (change.kind, change.label, change.outcome) == (kind, label, UNCHANGED):
                    del self.report.changes[index]
                    break
            field = str(obj._meta.get_field(relation).verbose_name)
            self.report.change(UPDATED, kind, label, where, [field])

    def link_area(self, area: ServiceArea, recommendations) -> None:
        """Add recommendations to an area's links (never removes one)."""
        if self._area_links is None:  # every area's links, in one query
            self._area_links = {}
            for area_id, rec_id in self.area_links():
                self._area_links.setdefault(area_id, set()).add(rec_id)
        links = self._area_links.setdefault(area.pk, set())
        missing = [r for r in recommendations if r.pk not in links]
        if missing:
            self.pending.add_links(area, "recommendations", missing)
            links.update(r.pk for r in missing)

    # --- plan and periods -------------------------------------------------------

    def plan_fields(self, values: dict, where: Where, places=None) -> None:
        label = f'Plan "{self.plan.title}"'
        self.save("plan", Plan, self.plan, values, None, label, where, places)

    def period(self, month: datetime.date, where: Where, values=None, places=None):
        existing = self.periods.get(month)
        if existing is not None and not values:
            return existing
        label = f"Reporting period {month:%B %Y}"
        period, _ = self.save(
            "period",
            ReportingPeriod,
            existing,
            values or {},
            {"plan": self.plan, "month": month},
            label,
            where,
            places,
        )
        self.periods[month] = period
        return period

    # --- areas, recommendations, outcomes ---------------------------------------

    def find_area(self, name) -> ServiceArea | None:
        return self.areas.get(norm(name))

    def area(self, name: str, where: Where, values=None, create_values=None, places=None):
        name = " ".join(str(name).split())
        existing = self.find_area(name)
        if existing is not None and not values and (("area", existing.pk) in self.seen):
            return existing
        create = {"plan": self.plan, "name": name, "order": len(self.areas) + 1}
        create.update(create_values or {})
        label = f'Service area "{name}"'
        area, _ = self.save(
            "area", ServiceArea, existing, values or {}, create, label, where, places
        )
        self.areas[norm(name)] = area
        return area

    def find_recommendation(self, reference: str, source: str | None = None):
        """By source and reference; without a source, the only one with that reference."""
        key = norm(reference)
        if source:
            return self.recommendations.get((source, key))
        matches = [rec for (src, ref), rec in self.recommendations.items() if ref == key]
        if len(matches) == 1:
            return matches[0]
        for rec in matches:
            if rec.source == Recommendation.Source.OFSTED:
                return rec
        return matches[0] if matches else None

    def find_recommendation_by_text(self, text: str):
        key = norm(text)
        for rec in self.recommendations.values():
            if norm(rec.text) == key:
                return rec
        return None

    def recommendation(
        self,
        reference: str,
        where: Where,
        values=None,
        create_values=None,
        source=None,
        places=None,
    ) -> Recommendation:
        source = source or Recommendation.Source.OFSTED
        existing = self.recommendations.get((source, norm(reference)))
        seen = existing is not None and ("recommendation", existing.pk) in self.seen
        if seen and all(same(getattr(existing, n), v) for n, v in (values or {}).items()):
            # Matched by an earlier row and nothing differs: what saving it again would find
            # (each of its actions' rows names it again).
            return existing
        create = {
            "plan": self.plan,
            "reference": reference,
            "source": source,
            "order": len(self.recommendations) + 1,
        }
        create.update(create_values or {})
        text = (values or {}).get("text") or (create_values or {}).get("text") or ""
        label = f"Recommendation {reference}" + (f": {short(text, 60)}" if text else "")
        rec, _ = self.save(
            "recommendation", Recommendation, existing, values or {}, create, label, where, places
        )
        self.recommendations[(rec.source, norm(rec.reference))] = rec
        return rec

    def outcome(self, area: ServiceArea, title: str, where: Where, values=None, places=None):
        key = (area.pk, norm(title))
        existing = self.outcomes.get(key)
        if existing is not None and not values:
            if ("outcome", existing.pk) not in self.seen:
                self.seen.add(("outcome", existing.pk))
                self.report.change(UNCHANGED, "outcome", f'Outcome "{short(title)}"', where)
            return existing
        order = 1 + sum(1 for area_id, _ in self.outcomes if area_id == area.pk)
        outcome, _ = self.save(
            "outcome",
            Outcome,
            existing,
            values or {},
            {"area": area, "title": title, "order": order},
            f'Outcome "{short(title)}" ({area.name})',
            where,
            places,
        )
        self.outcomes[key] = outcome
        return outcome

    # --- actions ---------------------------------------------------------------

    def _unseen(self, kind, candidates):
        """The first candidate not already matched by an earlier row of this import."""
        for item in candidates:
            if (kind, item.pk) not in self.seen:
                return item
        return None

    def find_action(
        self, area: ServiceArea | None, reference: str, text: str, *, unseen=False
    ) -> Action | None:
        """By reference within the plan, else by its text within its area."""
        if reference:
            matches = self.actions_by_ref.get(norm(reference), [])
            if area is not None and len(matches) > 1:
                matches = [a for a in matches if a.area_id == area.pk] or matches
            if unseen:
                found = self._unseen("action", matches)
                if found is None and area is not None:
                    # Imported before without references: match its text instead.
                    unreferenced = [
                        a
                        for a in self.actions_by_text.get((area.pk, norm(text)), [])
                        if not a.reference
                    ]
                    found = self._unseen("action", unreferenced)
                return found
            return matches[0] if matches else None
        if area is None:
            return None
        matches = self.actions_by_text.get((area.pk, norm(text)), [])
        if unseen:
            return self._unseen("action", matches)
        return matches[0] if matches else None

    def action(
        self,
        area: ServiceArea,
        where: Where,
        *,
        reference: str,
        text: str,
        values: dict,
        create_values=None,
        recommendations=None,
        places=None,
    ) -> Action:
        existing = self.find_action(area, reference, text, unseen=True)
        values = {"area": area, "reference": reference, "text": text, **values}
        label = f'Action {reference + " " if reference else ""}"{short(text)}"'
        action, outcome = self._save_in_area(
            "action", Action, area, existing, values, create_values, label, where, places
        )
        self.set_links(action, "recommendations", recommendations, "action", label, where, outcome)
        return action

    def _next_order(self, kind, area) -> int:
        """The order a record created now in an area would take (one scan per area)."""
        key = (kind, area.pk)
        if key not in self._orders:
            index = self.actions_by_text if kind == "action" else self.measures_by_name
            self._orders[key] = sum(
                1 for group in index.values() for item in group if item.area_id == area.pk
            )
        return self._orders[key] + 1

    def action_update(
        self,
        action: Action,
        where: Where,
        *,
        created_at,
        values: dict,
        places=None,
        by_id=False,
        existing=None,
    ) -> ActionUpdate | None:
        """A dated progress entry; without a date, one whose progress text is new. `by_id`:
        the row names its update by id, and `existing` is that update (`progress_update`),
        or None for a new one: never matched on its date, which the sheet holds only to the
        second."""
        if by_id:
            label = f'Progress update of {created_at:%d %b %Y} on "{short(action.text, 50)}"'
            if existing is not None and created_at != existing.created_at.replace(microsecond=0):
                values = {**values, "created_at": created_at}  # its date was changed
        elif created_at is None:
            latest = max(
                (u for (action_id, _), u in self.updates.items() if action_id == action.pk),
                key=lambda u: u.created_at,
                default=None,
            )
            label = f'Progress update on "{short(action.text, 50)}"'
            if latest is not None and same(latest.progress, values.get("progress")):
                if ("update", latest.pk) not in self.seen:
                    self.seen.add(("update", latest.pk))
                    self.report.change(UNCHANGED, "update", label, where)
                return latest
            created_at = timezone.now()
            existing = None
        else:
            existing = self.updates.get((action.pk, created_at))
            label = f'Progress update of {created_at:%d %b %Y} on "{short(action.text, 50)}"'
        update, _ = self.save(
            "update",
            ActionUpdate,
            existing,
            values,
            # A progress entry given without a status records its action's.
            {
                "action": action,
                "created_at": created_at,
                "author": self.user,
                "status": action.status,
            },
            label,
            where,
            places,
        )
        self.updates[(action.pk, update.created_at)] = update
        self.updates_by_id[update.pk] = update
        return update

    def progress_update(self, pk: int) -> ActionUpdate | None:
        """One of the plan's progress updates, by its id."""
        return self.updates_by_id.get(pk)

    # --- measures and figures ------------------------------------------------------

    def find_measure(self, reference: str, name: str, area: ServiceArea | None = None):
        """(measure or None, problem): by reference, else by name within the plan."""
        if reference:
            matches = self.measures_by_ref.get(norm(reference), [])
            if area is not None and len(matches) > 1:
                matches = [m for m in matches if m.area_id == area.pk] or matches
            if len(matches) == 1:
                return matches[0], ""
            if len(matches) > 1:
                return None, f'More than one measure has the reference "{reference}".'
            if not name:
                return None, f'No measure in this plan has the reference "{reference}".'
        matches = self.measures_by_name.get(norm(name), [])
        if area is not None and len(matches) > 1:
            matches = [m for m in matches if m.area_id == area.pk] or matches
        if len(matches) == 1:
            return matches[0], ""
        if len(matches) > 1:
            return None, f'More than one measure is called "{short(name)}"; give its reference.'
        return None, f'No measure in this plan is called "{short(name)}".'

    def measure(
        self,
        area: ServiceArea,
        where: Where,
        *,
        reference: str,
        name: str,
        values: dict,
        create_values=None,
        places=None,
    ) -> Measure:
        """Find by reference, else by name (same area first); create when not found."""
        existing = None
        if reference:
            candidates = self.measures_by_ref.get(norm(reference), [])
            same_area = [m for m in candidates if m.area_id == area.pk]
            existing = self._unseen("measure", same_area + candidates)
        if existing is None:
            candidates = self.measures_by_name.get(norm(name), [])
            if reference:
                candidates = [m for m in candidates if not m.reference]
            same_area = [m for m in candidates if m.area_id == area.pk]
            existing = self._unseen("measure", same_area + candidates)
        values = {"area": area, "reference": reference, "name": name, **values}
        label = f'Measure "{short(name)}" ({area.name})'
        measure, _ = self._save_in_area(
            "measure", Measure, area, existing, values, create_values, label, where, places
        )
        return measure

    def target(self, measure: Measure, effective_from, values: dict, where: Where, places=None):
        key = (measure.pk, effective_from)
        label = f'Target for "{short(measure.name, 50)}" from {effective_from:%B %Y}'
        target, _ = self.save(
            "target",
            Target,
            self.targets.get(key),
            values,
            {"measure": measure, "effective_from": effective_from},
            label,
            where,
            places,
        )
        self._index_target(target)
        return target

    def benchmark(self, measure, kind: str, year, values: dict, where: Where, places=None):
        key = (measure.pk, kind, year)
        when = year if year is not None else "(year not stated)"
        label = (
            f'{Benchmark.Kind(kind).label} {when} for "{short(measure.name, 50)}": '
            f"{values.get('value')}"
        )
        benchmark, _ = self.save(
            "benchmark",
            Benchmark,
            self.benchmarks.get(key),
            values,
            {"measure": measure, "kind": kind, "year": year},
            label,
            where,
            places,
        )
        self.benchmarks[key] = benchmark
        return benchmark

    def actual(
        self, measure: Measure, month: datetime.date, values: dict, where: Where, places=None
    ):
        """Set one monthly figure (written in bulk by ``finish()``)."""
        return self.figures.actual(measure, month, values, where, places)

    def flush(self) -> None:
        """Write the records gathered so far; with an error, drop them (the import is rolled
        back, and an invalid record may not fit its table)."""
        if self.report.has_errors:
            self.pending.discard()
        else:
            self.pending.flush()

    def finish(self) -> None:
        """Write the gathered records and monthly figures."""
        self.flush()
        self.figures.finish()
