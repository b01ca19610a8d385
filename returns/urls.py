from django.urls import path, register_converter

from .converters import MonthConverter
from .views import actions, audit, figures, overview, periods, rebases, reminders, reports

register_converter(MonthConverter, "period")

app_name = "returns"

PLAN = "plans/<slug:plan_slug>/"
RETURN = PLAN + "returns/<period:period>/"
MEASURE = PLAN + "measures/<int:measure_id>/"
REBASE = MEASURE + "process-changes/<int:rebase_id>/"

urlpatterns = [
    path(PLAN + "returns/", overview.my_returns, name="my_returns"),
    path(PLAN + "returns/status/", overview.status, name="status"),
    path(RETURN + "reminders/", reminders.reminders, name="reminders"),
    path(RETURN + "areas/<int:area_id>/figures/", figures.figures, name="figures"),
    path(RETURN + "areas/<int:area_id>/report/", reports.report, name="report"),
    path(
        RETURN + "areas/<int:area_id>/report/return/", reports.report_return, name="report_return"
    ),
    path(
        RETURN + "areas/<int:area_id>/report/history/",
        audit.report_history,
        name="report_history",
    ),
    path(PLAN + "actions/<int:action_id>/update/", actions.action_update, name="action_update"),
    path(
        PLAN + "returns/history/actions/<int:action_id>/",
        audit.action_history,
        name="action_history",
    ),
    path(
        PLAN + "returns/history/measures/<int:measure_id>/",
        audit.measure_history,
        name="measure_history",
    ),
    path(PLAN + "periods/", periods.periods, name="periods"),
    path(PLAN + "periods/<period:period>/lock/", periods.period_lock, name="period_lock"),
    path(PLAN + "periods/<period:period>/unlock/", periods.period_unlock, name="period_unlock"),
    path(MEASURE + "process-changes/new/", rebases.rebase_new, name="rebase_new"),
    path(MEASURE + "process-changes/history/", rebases.rebase_history, name="rebase_history"),
    path(REBASE, rebases.rebase_edit, name="rebase_edit"),
    path(REBASE + "remove/", rebases.rebase_remove, name="rebase_remove"),
]
