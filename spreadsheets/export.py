"""A plan exported as a workbook in our own format: one function per sheet.

Each column of ``template.SHEETS`` names the model field it holds; a row is those fields
of a record, with the related records (its area, measure, action, users) written as the
import finds them again: by name, reference or user name.
"""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook as NewWorkbook

from exceptions.models import ExceptionReport
from improvement.models import Action, ActionUpdate, Outcome, Plan
from measures.models import Actual, Benchmark, Measure, Target

from .template import SHEETS, save_workbook, write_notes, write_rows


def _row(name: str, record, related: dict | None = None) -> dict:
    """A row of sheet `name`: each column's field of the record, or the value given for it
    in `related` (by heading)."""
    related = related or {}
    return {
        column.header: related[column.header]
        if column.header in related
        else getattr(record, column.field)
        for column in SHEETS[name][1]
    }


def _username(user) -> str:
    return user.get_username() if user else ""


def _recommendation_keys(plan) -> dict[int, str]:
    """How other sheets refer to each recommendation: its reference, or source:reference."""
    recs = list(plan.recommendations.all())
    counts: dict[str, int] = {}
    for rec in recs:
        counts[rec.reference.casefold()] = counts.get(rec.reference.casefold(), 0) + 1
    return {
        rec.pk: rec.reference
        if counts[rec.reference.casefold()] == 1
        else (f"{rec.source}:{rec.reference}")
        for rec in recs
    }


def _measure_keys(measure) -> dict:
    return {
        "Area": measure.area.name,
        "Measure reference": measure.reference,
        "Measure": measure.name,
    }


def _plan_rows(plan, rec_keys):
    return [_row("Plan", plan, {"Council code": plan.council.code if plan.council else ""})]


def _period_rows(plan, rec_keys):
    periods = plan.periods.select_related("locked_by").order_by("month")
    return [_row("Periods", p, {"Locked by": _username(p.locked_by)}) for p in periods]


def _area_rows(plan, rec_keys):
    areas = plan.areas.prefetch_related("recommendations", "managers").order_by("order", "name")
    return [
        _row(
            "Areas",
            a,
            {
                "Recommendations": [rec_keys[r.pk] for r in a.recommendations.all()],
                "Managers": sorted(_username(u) for u in a.managers.all()),
            },
        )
        for a in areas
    ]


def _outcome_rows(plan, rec_keys):
    outcomes = Outcome.objects.filter(area__plan=plan).select_related("area")
    return [
        _row("Outcomes", o, {"Area": o.area.name})
        for o in outcomes.order_by("area__order", "area__name", "order", "pk")
    ]


def _recommendation_rows(plan, rec_keys):
    return [_row("Recommendations", r) for r in plan.recommendations.order_by("order", "reference")]


def _action_rows(plan, rec_keys):
    actions = (
        Action.objects.filter(area__plan=plan)
        .select_related("area", "outcome")
        .prefetch_related("recommendations")
        .order_by("area__order", "area__name", "order", "reference", "pk")
    )
    return [
        _row(
            "Actions",
            a,
            {
                "Area": a.area.name,
                "Outcome": a.outcome.title if a.outcome else "",
                "Recommendations": [rec_keys[r.pk] for r in a.recommendations.all()],
            },
        )
        for a in actions
    ]


def _update_rows(plan, rec_keys):
    updates = (
        ActionUpdate.objects.filter(action__area__plan=plan)
        .select_related("action__area", "period", "author")
        .order_by("action__area__order", "action__order", "action__pk", "created_at", "pk")
    )
    return [
        _row(
            "Progress updates",
            u,
            {
                "Area": u.action.area.name,
                "Action reference": u.action.reference,
                "Action": u.action.text,
                "Period": u.period.month if u.period else None,
                "Author": _username(u.author),
            },
        )
        for u in updates
    ]


def _measure_rows(plan, rec_keys):
    measures = (
        Measure.objects.filter(area__plan=plan)
        .select_related("area", "indicator")
        .order_by("area__order", "area__name", "order", "pk")
    )
    return [
        _row(
            "Measures",
            m,
            {"Area": m.area.name, "National indicator": m.indicator.code if m.indicator else ""},
        )
        for m in measures
    ]


def _target_rows(plan, rec_keys):
    targets = Target.objects.filter(measure__area__plan=plan).select_related("measure__area")
    return [
        _row("Targets", t, _measure_keys(t.measure))
        for t in targets.order_by(
            "measure__area__order", "measure__order", "measure__pk", "effective_from"
        )
    ]


def _actual_rows(plan, rec_keys):
    actuals = Actual.objects.filter(measure__area__plan=plan).select_related(
        "measure__area", "period", "entered_by"
    )
    return (
        _row(
            "Actuals",
            a,
            {
                **_measure_keys(a.measure),
                "Month": a.period.month,
                "Entered by": _username(a.entered_by),
            },
        )
        for a in actuals.order_by(
            "measure__area__order", "measure__order", "measure__pk", "period__month"
        ).iterator(chunk_size=2000)
    )


def _benchmark_rows(plan, rec_keys):
    benchmarks = Benchmark.objects.filter(measure__area__plan=plan).select_related("measure__area")
    return [
        _row("Benchmarks", b, _measure_keys(b.measure))
        for b in benchmarks.order_by(
            "measure__area__order", "measure__order", "measure__pk", "kind", "-year"
        )
    ]


def _report_rows(plan, rec_keys):
    reports = ExceptionReport.objects.filter(area__plan=plan).select_related("area", "period")
    return [
        _row("Exception reports", r, {"Area": r.area.name, "Period": r.period.month})
        for r in reports.order_by("period__month", "area__order", "area__name")
    ]


ROWS = {
    "Plan": _plan_rows,
    "Periods": _period_rows,
    "Areas": _area_rows,
    "Outcomes": _outcome_rows,
    "Recommendations": _recommendation_rows,
    "Actions": _action_rows,
    "Progress updates": _update_rows,
    "Measures": _measure_rows,
    "Targets": _target_rows,
    "Actuals": _actual_rows,
    "Benchmarks": _benchmark_rows,
    "Exception reports": _report_rows,
}


def export_plan(plan: Plan) -> bytes:
    """Everything in a plan as a workbook in our format."""
    book = NewWorkbook()
    book.remove(book.active)
    rec_keys = _recommendation_keys(plan)
    for name, rows in ROWS.items():
        write_rows(book, name, rows(plan, rec_keys))
    write_notes(book)
    return save_workbook(book)


def export_filename(plan: Plan) -> str:
    return f"{plan.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"
