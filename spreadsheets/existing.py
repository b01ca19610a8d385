"""The plan's records an import reads only when it first needs them.

A figures sheet touches no action and a plan sheet no monthly figure, so the loader reads
these kinds when it first looks one up, which it always does before it writes one of
them (so what it read is never behind what it wrote).
"""

from __future__ import annotations

import datetime
from functools import cached_property

from improvement.models import Action, ActionUpdate, ServiceArea
from measures.models import Actual, Benchmark

from .cells import norm


class LazyRecords:
    plan = None  # the Plan imported into (set by the loader)

    @cached_property
    def _actions(self):
        by_ref: dict[str, list[Action]] = {}
        by_text: dict[tuple[int, str], list[Action]] = {}
        if self.plan.pk:
            actions = Action.objects.filter(area__plan=self.plan)
            for action in actions.prefetch_related("recommendations"):
                if action.reference:
                    by_ref.setdefault(norm(action.reference), []).append(action)
                by_text.setdefault((action.area_id, norm(action.text)), []).append(action)
        return by_ref, by_text

    @property
    def actions_by_ref(self) -> dict[str, list[Action]]:
        return self._actions[0]

    @property
    def actions_by_text(self) -> dict[tuple[int, str], list[Action]]:
        return self._actions[1]

    @cached_property
    def actuals(self) -> dict[tuple[int, int], Actual]:
        if not self.plan.pk:
            return {}
        actuals = Actual.objects.filter(measure__area__plan=self.plan)
        return {(actual.measure_id, actual.period_id): actual for actual in actuals}

    @cached_property
    def benchmarks(self) -> dict[tuple[int, str, int], Benchmark]:
        if not self.plan.pk:
            return {}
        benchmarks = Benchmark.objects.filter(measure__area__plan=self.plan)
        return {(b.measure_id, b.kind, b.year): b for b in benchmarks}

    @cached_property
    def _updates(self):
        by_key: dict[tuple[int, datetime.datetime], ActionUpdate] = {}
        by_id: dict[int, ActionUpdate] = {}
        if self.plan.pk:
            for update in ActionUpdate.objects.filter(action__area__plan=self.plan):
                by_key[(update.action_id, update.created_at)] = update
                by_id[update.pk] = update
        return by_key, by_id

    @property
    def updates(self) -> dict[tuple[int, datetime.datetime], ActionUpdate]:
        return self._updates[0]

    @property
    def updates_by_id(self) -> dict[int, ActionUpdate]:
        return self._updates[1]

    def area_links(self) -> list[tuple[int, int]]:
        """(area id, recommendation id) of every link of the plan's areas, in one query."""
        if not self.plan.pk:
            return []
        through = ServiceArea.recommendations.through
        pairs = through.objects.filter(servicearea__plan=self.plan)
        return list(pairs.values_list("servicearea_id", "recommendation_id"))
