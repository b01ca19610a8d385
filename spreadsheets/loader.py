"""Write imported records into a plan: find each by its natural key, create or update it.

One ``Loader`` serves every importer. It loads the plan's existing records once, then
each call finds a record by its natural key (an area by name, an action by reference or
else by its text within its area, a figure by measure and period...), creates it or
updates only the fields that differ, and records what it did in the ``ImportReport``.
The importers run it inside a transaction that is rolled back for a preview and when
there are errors, so a preview is exactly what confirming would write.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from improvement.models import (
    Action,
    ActionUpdate,
    Outcome,
    Plan,
    Recommendation,
    ReportingPeriod,
    ServiceArea,
)
from measures.models import Actual, Benchmark, Measure, Target

from .cells import norm, same, short
from .report import CREATED, UNCHANGED, UPDATED, ImportReport, Where

FLUSH_EVERY = 2000  # new monthly figures are written in batches of this many


class Loader:
    def __init__(self, plan: Plan, report: ImportReport, *, user=None, reason: str = ""):
        self.plan = plan
        self.report = report
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.reason = reason[:100]  # simple_history's change reason is 100 characters
        self._seen: set[tuple[str, int]] = set()
        self._area_links: dict[int, set[int]] = {}
        self._orders: dict[tuple[str, int], int] = {}
        self._new_actuals: list[Actual] = []
        self._changed_actuals: dict[int, Actual] = {}
        self._actual_fields: set[str] = set()
        self._load()

    # --- existing records --------------------------------------------------------

    def _load(self) -> None:
        plan = self.plan
        self.periods = {p.month: p for p in plan.periods.all()} if plan.pk else {}
        # Months locked before this import: their figures are never changed by it.
        self.locked_months = {month for month, p in self.periods.items() if p.is_locked}
        self.areas: dict[str, ServiceArea] = {}
        self.recommendations: dict[tuple[str, str], Recommendation] = {}
        self.outcomes: dict[tuple[int, str], Outcome] = {}
        self.actions_by_ref: dict[str, list[Action]] = {}
        self.actions_by_text: dict[tuple[int, str], list[Action]] = {}
        self.measures_by_ref: dict[str, list[Measure]] = {}
        self.measures_by_name: dict[str, list[Measure]] = {}
        self.targets: dict[tuple[int, datetime.date], Target] = {}
        self.actuals: dict[tuple[int, int], Actual] = {}
        self.benchmarks: dict[tuple[int, str, int], Benchmark] = {}
        self.updates: dict[tuple[int, datetime.datetime], ActionUpdate] = {}
        if not plan.pk:
            return
        for area in plan.areas.all():
            self.areas[norm(area.name)] = area
        for rec in plan.recommendations.all():
            self.recommendations[(rec.source, norm(rec.reference))] = rec
        for outcome in Outcome.objects.filter(area__plan=plan):
            self.outcomes.setdefault((outcome.area_id, norm(outcome.title)), outcome)
        actions = Action.objects.filter(area__plan=plan).prefetch_related("recommendations")
        for action in actions:
            self._index_action(action)
        for measure in Measure.objects.filter(area__plan=plan):
            self._index_measure(measure)
        for target in Target.objects.filter(measure__area__plan=plan):
            self.targets[(target.measure_id, target.effective_from)] = target
        for actual in Actual.objects.filter(measure__area__plan=plan):
            self.actuals[(actual.measure_id, actual.period_id)] = actual
        for benchmark in Benchmark.objects.filter(measure__area__plan=plan):
            self.benchmarks[(benchmark.measure_id, benchmark.kind, benchmark.year)] = benchmark
        for update in ActionUpdate.objects.filter(action__area__plan=plan):
            self.updates[(update.action_id, update.created_at)] = update

    def _index_action(self, action: Action) -> None:
        if action.reference:
            self.actions_by_ref.setdefault(norm(action.reference), []).append(action)
        self.actions_by_text.setdefault((action.area_id, norm(action.text)), []).append(action)

    def _index_measure(self, measure: Measure) -> None:
        if measure.reference:
            self.measures_by_ref.setdefault(norm(measure.reference), []).append(measure)
        self.measures_by_name.setdefault(norm(measure.name), []).append(measure)

    # --- writing -----------------------------------------------------------------

    def _stamp(self, obj) -> None:
        if self.user is not None:
            obj._history_user = self.user
        if self.reason:
            obj._change_reason = self.reason

    def _fit(self, model, values: dict, where: Where) -> None:
        """Report (as an error) and shorten any text too long for its column."""
        for name, value in values.items():
            if not isinstance(value, str):
                continue
            try:
                limit = model._meta.get_field(name).max_length
            except FieldDoesNotExist:
                continue
            if limit and len(value) > limit:
                field = model._meta.get_field(name).verbose_name
                self.report.error(
                    f'The {field} "{short(value, 40)}" is {len(value)} characters long; at most '
                    f"{limit} fit. Shorten it.",
                    where,
                    name,
                )
                values[name] = value[:limit]

    def _save(self, kind, model, existing, values, create_values, label, where):
        """Create or update one record; return (record, outcome)."""
        self._fit(model, values, where)
        if create_values:
            self._fit(model, create_values, where)
        if existing is None:
            obj = model(**{**(create_values or {}), **values})
            self._stamp(obj)
            obj.save()
            self._seen.add((kind, obj.pk))
            self.report.change(CREATED, kind, label, where)
            return obj, CREATED
        changed = [
            name for name, value in values.items() if not same(getattr(existing, name), value)
        ]
        repeat = (kind, existing.pk) in self._seen
        self._seen.add((kind, existing.pk))
        if changed:
            for name in changed:
                setattr(existing, name, values[name])
            update_fields = list(changed)
            if kind == "action":
                update_fields.append("updated_at")  # the version moves on as it saves
            self._stamp(existing)
            existing.save(update_fields=update_fields)
            if not repeat:
                self.report.change(UPDATED, kind, label, where, self._labels(model, changed))
            return existing, UPDATED
        if not repeat:
            self.report.change(UNCHANGED, kind, label, where)
        return existing, UNCHANGED

    @staticmethod
    def _labels(model, names):
        labels = []
        for name in names:
            try:
                labels.append(str(model._meta.get_field(name).verbose_name))
            except FieldDoesNotExist:
                labels.append(name.replace("_", " "))
        return labels

    def _set_m2m(self, obj, relation: str, wanted, kind, label, where, outcome) -> None:
        """Make a many-to-many relation hold exactly `wanted` (None leaves it alone)."""
        if wanted is None:
            return
        manager = getattr(obj, relation)
        wanted = list(dict.fromkeys(wanted))
        if outcome == CREATED:
            if wanted:
                manager.add(*wanted)
            return
        current = {item.pk for item in manager.all()}
        if current == {item.pk for item in wanted}:
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
        if area.pk not in self._area_links:
            self._area_links[area.pk] = set(area.recommendations.values_list("pk", flat=True))
        links = self._area_links[area.pk]
        missing = [r for r in recommendations if r.pk not in links]
        if missing:
            area.recommendations.add(*missing)
            links.update(r.pk for r in missing)

    # --- plan and periods -------------------------------------------------------

    def plan_fields(self, values: dict, where: Where) -> None:
        label = f'Plan "{self.plan.title}"'
        self._save("plan", Plan, self.plan, values, None, label, where)

    def period(self, month: datetime.date, where: Where, values=None) -> ReportingPeriod:
        existing = self.periods.get(month)
        if existing is not None and not values:
            return existing
        label = f"Reporting period {month:%B %Y}"
        period, _ = self._save(
            "period",
            ReportingPeriod,
            existing,
            values or {},
            {"plan": self.plan, "month": month},
            label,
            where,
        )
        self.periods[month] = period
        return period

    # --- areas, recommendations, outcomes ---------------------------------------

    def find_area(self, name) -> ServiceArea | None:
        return self.areas.get(norm(name))

    def area(self, name: str, where: Where, values=None, create_values=None) -> ServiceArea:
        name = " ".join(str(name).split())
        existing = self.find_area(name)
        if existing is not None and not values and (("area", existing.pk) in self._seen):
            return existing
        create = {"plan": self.plan, "name": name, "order": len(self.areas) + 1}
        create.update(create_values or {})
        area, _ = self._save(
            "area", ServiceArea, existing, values or {}, create, f'Service area "{name}"', where
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
        self, reference: str, where: Where, values=None, create_values=None, source=None
    ) -> Recommendation:
        source = source or Recommendation.Source.OFSTED
        existing = self.recommendations.get((source, norm(reference)))
        seen = existing is not None and ("recommendation", existing.pk) in self._seen
        if seen and not values:
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
        rec, _ = self._save(
            "recommendation", Recommendation, existing, values or {}, create, label, where
        )
        self.recommendations[(rec.source, norm(rec.reference))] = rec
        return rec

    def outcome(self, area: ServiceArea, title: str, where: Where, values=None) -> Outcome:
        key = (area.pk, norm(title))
        existing = self.outcomes.get(key)
        if existing is not None and not values:
            if ("outcome", existing.pk) not in self._seen:
                self._seen.add(("outcome", existing.pk))
                self.report.change(UNCHANGED, "outcome", f'Outcome "{short(title)}"', where)
            return existing
        order = 1 + sum(1 for area_id, _ in self.outcomes if area_id == area.pk)
        outcome, _ = self._save(
            "outcome",
            Outcome,
            existing,
            values or {},
            {"area": area, "title": title, "order": order},
            f'Outcome "{short(title)}" ({area.name})',
            where,
        )
        self.outcomes[key] = outcome
        return outcome

    # --- actions ---------------------------------------------------------------

    def _unseen(self, kind, candidates):
        """The first candidate not already matched by an earlier row of this import."""
        for item in candidates:
            if (kind, item.pk) not in self._seen:
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

    def _unindex_action(self, action: Action) -> None:
        for index, key in (
            (self.actions_by_ref, norm(action.reference)),
            (self.actions_by_text, (action.area_id, norm(action.text))),
        ):
            group = index.get(key, [])
            if action in group:
                group.remove(action)

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
    ) -> Action:
        existing = self.find_action(area, reference, text, unseen=True)
        create = {"area": area, "order": self._next_order("action", area)}
        create.update(create_values or {})
        values = {"area": area, "reference": reference, "text": text, **values}
        label = f'Action {reference + " " if reference else ""}"{short(text)}"'
        if existing is not None:
            self._unindex_action(existing)
        action, outcome = self._save("action", Action, existing, values, create, label, where)
        if outcome == CREATED:
            self._orders[("action", area.pk)] = self._next_order("action", area)
        self._index_action(action)
        self._set_m2m(action, "recommendations", recommendations, "action", label, where, outcome)
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
        self, action: Action, where: Where, *, created_at, values: dict
    ) -> ActionUpdate | None:
        """A dated progress entry; without a date, one whose progress text is new."""
        if created_at is None:
            latest = max(
                (u for (action_id, _), u in self.updates.items() if action_id == action.pk),
                key=lambda u: u.created_at,
                default=None,
            )
            label = f'Progress update on "{short(action.text, 50)}"'
            if latest is not None and same(latest.progress, values.get("progress")):
                if ("update", latest.pk) not in self._seen:
                    self._seen.add(("update", latest.pk))
                    self.report.change(UNCHANGED, "update", label, where)
                return latest
            created_at = timezone.now()
            existing = None
        else:
            existing = self.updates.get((action.pk, created_at))
            label = f'Progress update of {created_at:%d %b %Y} on "{short(action.text, 50)}"'
        update, _ = self._save(
            "update",
            ActionUpdate,
            existing,
            values,
            {"action": action, "created_at": created_at, "author": self.user},
            label,
            where,
        )
        self.updates[(action.pk, update.created_at)] = update
        return update

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

    def _unindex_measure(self, measure: Measure) -> None:
        for index, key in (
            (self.measures_by_ref, norm(measure.reference)),
            (self.measures_by_name, norm(measure.name)),
        ):
            group = index.get(key, [])
            if measure in group:
                group.remove(measure)

    def measure(
        self,
        area: ServiceArea,
        where: Where,
        *,
        reference: str,
        name: str,
        values: dict,
        create_values=None,
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
        create = {"area": area, "order": self._next_order("measure", area)}
        create.update(create_values or {})
        values = {"area": area, "reference": reference, "name": name, **values}
        label = f'Measure "{short(name)}" ({area.name})'
        if existing is not None:
            self._unindex_measure(existing)
        measure, outcome = self._save("measure", Measure, existing, values, create, label, where)
        if outcome == CREATED:
            self._orders[("measure", area.pk)] = self._next_order("measure", area)
        self._index_measure(measure)
        return measure

    def target(self, measure: Measure, effective_from, values: dict, where: Where) -> Target:
        key = (measure.pk, effective_from)
        label = f'Target for "{short(measure.name, 50)}" from {effective_from:%B %Y}'
        target, _ = self._save(
            "target",
            Target,
            self.targets.get(key),
            values,
            {"measure": measure, "effective_from": effective_from},
            label,
            where,
        )
        self.targets[key] = target
        return target

    def benchmark(self, measure: Measure, kind: str, year: int, values: dict, where: Where):
        key = (measure.pk, kind, year)
        label = (
            f'{Benchmark.Kind(kind).label} {year} for "{short(measure.name, 50)}": '
            f"{values.get('value')}"
        )
        benchmark, _ = self._save(
            "benchmark",
            Benchmark,
            self.benchmarks.get(key),
            values,
            {"measure": measure, "kind": kind, "year": year},
            label,
            where,
        )
        self.benchmarks[key] = benchmark
        return benchmark

    def actual(self, measure: Measure, month: datetime.date, values: dict, where: Where):
        """Set one monthly figure; never writes into a locked period (an error instead).

        Figures are gathered and written in bulk by ``finish()``.
        """
        period = self.periods.get(month)
        if period is None:
            period = self.period(month, where)
        key = (measure.pk, period.pk)
        existing = self.actuals.get(key)
        shown = values.get("value")
        shown = measure.format(shown) if shown is not None else "no value"
        label = f'"{short(measure.name, 60)}" {month:%B %Y}: {shown}'
        if existing is None:
            outcome = CREATED
            changed = list(values)
        else:
            changed = [n for n, v in values.items() if not same(getattr(existing, n), v)]
            outcome = UPDATED if changed else UNCHANGED
        if outcome != UNCHANGED and month in self.locked_months:
            self.report.error(
                f"{period.label} is locked, so its figures cannot be changed by an import. "
                "Unlock the period first, or leave this figure out.",
                where,
                "value",
            )
            return existing
        if ("actual", key) in self._seen:
            self.report.error(
                f'"{short(measure.name, 60)}" has a second figure for {month:%B %Y} in this file.',
                where,
                "value",
            )
            return existing
        self._seen.add(("actual", key))
        now = timezone.now()
        if existing is None:
            entered_by = values.pop("entered_by", self.user)
            actual = Actual(
                measure=measure, period=period, entered_by=entered_by, updated_at=now, **values
            )
            self._new_actuals.append(actual)
            self.actuals[key] = actual
            if len(self._new_actuals) >= FLUSH_EVERY:
                self.finish()
            self.report.change(CREATED, "actual", label, where)
            return actual
        if changed:
            for name in changed:
                setattr(existing, name, values[name])
            if "entered_by" not in values:
                existing.entered_by = self.user or existing.entered_by
            existing.updated_at = now
            existing.version += 1
            self._actual_fields.update(changed)
            self._changed_actuals[existing.pk] = existing
            self.report.change(UPDATED, "actual", label, where, self._labels(Actual, changed))
        else:
            self.report.change(UNCHANGED, "actual", label, where)
        return existing

    def finish(self) -> None:
        """Write the gathered monthly figures in bulk, with their history."""
        if self._new_actuals:
            bulk_create_with_history(
                self._new_actuals,
                Actual,
                batch_size=500,
                default_user=self.user,
                default_change_reason=self.reason or None,
            )
            self._new_actuals = []
        if self._changed_actuals:
            fields = sorted(self._actual_fields | {"entered_by", "updated_at", "version"})
            bulk_update_with_history(
                list(self._changed_actuals.values()),
                Actual,
                fields,
                batch_size=500,
                default_user=self.user,
                default_change_reason=self.reason or None,
            )
            self._changed_actuals = {}
