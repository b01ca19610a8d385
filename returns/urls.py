from django.urls import path, register_converter

from . import views
from .converters import MonthConverter

register_converter(MonthConverter, "period")

app_name = "returns"

PLAN = "plans/<slug:plan_slug>/"
RETURN = PLAN + "returns/<period:period>/"

urlpatterns = [
    path(PLAN + "returns/", views.my_returns, name="my_returns"),
    path(PLAN + "returns/status/", views.status, name="status"),
    path(RETURN + "areas/<int:area_id>/figures/", views.figures, name="figures"),
    path(RETURN + "areas/<int:area_id>/report/", views.report, name="report"),
    path(RETURN + "areas/<int:area_id>/report/return/", views.report_return, name="report_return"),
    path(
        RETURN + "areas/<int:area_id>/report/history/",
        views.report_history,
        name="report_history",
    ),
    path(PLAN + "actions/<int:action_id>/update/", views.action_update, name="action_update"),
    path(
        PLAN + "returns/history/actions/<int:action_id>/",
        views.action_history,
        name="action_history",
    ),
    path(
        PLAN + "returns/history/measures/<int:measure_id>/",
        views.measure_history,
        name="measure_history",
    ),
    path(PLAN + "periods/", views.periods, name="periods"),
    path(PLAN + "periods/<period:period>/lock/", views.period_lock, name="period_lock"),
    path(PLAN + "periods/<period:period>/unlock/", views.period_unlock, name="period_unlock"),
]
