"""Writes of the monthly return: figures, action updates, exception reports and periods.

Every write runs in one transaction, re-reads the period (a period locked a moment ago
refuses managers), and uses optimistic locking (improvement/versioning.py): each record
carries a `version`; the form sends back the version it showed, and if the saved record has
moved on since, the write is refused with a `Conflict` naming what changed, so nobody's
work is silently overwritten. History is recorded by django-simple-history with the user, and with a
change reason when an admin corrects a locked period.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from exceptions.models import ExceptionReport
from improvement.models import Action, ActionUpdate, ReportingPeriod
from improvement.roles import can_manage_plan
from improvement.versioning import Conflict
from measures.models import Actual

CORRECTION_REASON = "Correction to locked period"


class PeriodLocked(PermissionDenied):
    pass


def _writable_period(period, user):
    """The period re-read under a row lock; managers may not write to a locked period."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_locked and not can_manage_plan(user, period.plan_id):
        raise PeriodLocked(f"{period.label} is locked: only an admin can change it.")
    return period


def _stamp(obj, user, period):
    obj._history_user = user
    if period.is_locked:
        obj._change_reason = CORRECTION_REASON


# Monthly figures -----------------------------------------------------------------------


@dataclass
class FigureEntry:
    """One measure's figure as the user typed it, with the version their page showed."""

    measure: object
    value: object  # Decimal | None
    missing_reason: str
    commentary: str
    version: int  # 0: the page showed no saved figure

    @property
    def is_blank(self):
        return self.value is None and not self.missing_reason and not self.commentary

    def same_as(self, actual):
        return (
            actual.value == self.value
            and actual.missing_reason == self.missing_reason
            and actual.commentary == self.commentary
        )


def _once_more_after_a_clash(write, **kwargs):
    """Run a write (in its own transaction); when someone created the same record at the same
    moment (a unique constraint refused ours), run it once more: it then finds theirs and
    reports the conflict rather than failing."""
    try:
        return write(**kwargs)
    except IntegrityError:
        return write(**kwargs)


def figures_save(*, area, period, user, entries) -> int:
    """Save an area's figures for a period, all or nothing; returns how many changed."""
    return _once_more_after_a_clash(
        _figures_save, area=area, period=period, user=user, entries=entries
    )


@transaction.atomic
def _figures_save(*, area, period, user, entries):
    period = _writable_period(period, user)
    measure_ids = [entry.measure.pk for entry in entries]
    saved = {
        actual.measure_id: actual
        for actual in Actual.objects.select_for_update().filter(
            period=period, measure_id__in=measure_ids, measure__area=area
        )
    }
    conflicts, changed = {}, []
    for entry in entries:
        actual = saved.get(entry.measure.pk)
        if actual is None:
            if entry.is_blank:
                continue
            actual = Actual(measure=entry.measure, period=period)
        elif entry.same_as(actual):
            continue
        elif actual.version != entry.version:
            conflicts[entry.measure.pk] = actual
            continue
        actual.value = entry.value
        actual.missing_reason = "" if entry.value is not None else entry.missing_reason
        actual.commentary = entry.commentary
        actual.entered_by = user
        changed.append(actual)
    if conflicts:
        raise Conflict(conflicts)
    for actual in changed:
        actual.full_clean(validate_unique=False)  # the constraint is the database's to keep
    for actual in changed:
        _stamp(actual, user, period)
        actual.save()
    return len(changed)


# Action updates ------------------------------------------------------------------------


@transaction.atomic
def action_update_record(
    *, action, period, user, status, progress, impact, evidence, evidence_url, version
) -> ActionUpdate:
    """Add a dated progress entry to an action and set its status; earlier entries are kept."""
    period = _writable_period(period, user)
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != version:
        raise Conflict({current.pk: current})
    update = ActionUpdate(
        action=current,
        period=period,
        status=status,
        progress=progress,
        impact=impact,
        evidence=evidence,
        evidence_url=evidence_url,
        author=user,
        created_at=timezone.now(),
    )
    current.status = status
    update.full_clean()
    current.full_clean()
    _stamp(update, user, period)
    update.save()
    _stamp(current, user, period)
    current.save()
    return update


# Exception reports ---------------------------------------------------------------------

REPORT_TEXT_FIELDS = ["key_developments", "key_risks", "progress", "risks", "evidence"]


def report_save(**kwargs) -> ExceptionReport:
    """Save an area's exception report as a draft, or submit it (see _report_save)."""
    return _once_more_after_a_clash(_report_save, **kwargs)


@transaction.atomic
def _report_save(
    *, area, period, user, data, version, submit, suggested_rag, previous_rag
) -> ExceptionReport:
    period = _writable_period(period, user)
    report = ExceptionReport.objects.select_for_update().filter(area=area, period=period).first()
    saved_version = report.version if report else 0
    if saved_version != version:
        raise Conflict({area.pk: report})
    if report is None:
        report = ExceptionReport(area=area, period=period)
    for name in [*REPORT_TEXT_FIELDS, "current_rag", "reason"]:
        setattr(report, name, data.get(name, ""))
    report.previous_rag = previous_rag or ""
    report.suggested_rag = suggested_rag or ""
    report.updated_by = user
    if submit:
        report.status = ExceptionReport.Status.SUBMITTED
        report.submitted_by = user
        report.submitted_at = timezone.now()
    elif report.status == ExceptionReport.Status.SUBMITTED:
        report.status = ExceptionReport.Status.DRAFT  # changed after submission: submit again
    report.full_clean(validate_unique=False)
    _stamp(report, user, period)
    report.save()
    return report


@transaction.atomic
def report_return_for_changes(*, report, user, comment, version) -> ExceptionReport:
    """An admin sends a submitted report back to its manager with a comment."""
    current = ExceptionReport.objects.select_for_update().get(pk=report.pk)
    if current.version != version:
        raise Conflict({current.area_id: current})
    current.status = ExceptionReport.Status.RETURNED
    current.return_comment = comment
    current.updated_by = user
    current.full_clean(validate_unique=False)
    period = ReportingPeriod.objects.get(pk=current.period_id)
    _stamp(current, user, period)
    current.save()
    return current


# Reporting periods ---------------------------------------------------------------------


def period_open(*, plan, month: datetime.date, deadline: datetime.date, user) -> ReportingPeriod:
    """Open a new reporting period for a month, with the deadline for returns."""
    month = month.replace(day=1)
    if plan.periods.filter(month=month).exists():
        raise ValidationError(f"{month:%B %Y} already exists for this plan.")
    period = ReportingPeriod(plan=plan, month=month, deadline=deadline)
    period._history_user = user
    period.full_clean()
    period.save()
    return period


def period_lock(*, period, user):
    period._history_user = user
    period.lock(user)


def period_unlock(*, period, user):
    period._history_user = user
    period._change_reason = "Unlocked for correction"
    period.unlock()
