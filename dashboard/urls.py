from django.urls import path

from . import views, views_measure_exports, views_rebases

MEASURE = "plans/<slug:plan_slug>/measures/<int:measure_id>/"
REBASE = MEASURE + "process-changes/<int:rebase_id>/"

app_name = "dashboard"
urlpatterns = [
    path("plans/<slug:plan_slug>/", views.at_a_glance, name="at_a_glance"),
    path("plans/<slug:plan_slug>/areas/<int:area_id>/", views.scorecard, name="scorecard"),
    path(MEASURE, views.measure, name="measure"),
    path(
        MEASURE + "figures.csv",
        views_measure_exports.measure_figures_csv,
        name="measure_figures_csv",
    ),
    path(
        MEASURE + "figures.xlsx",
        views_measure_exports.measure_figures_xlsx,
        name="measure_figures_xlsx",
    ),
    path(MEASURE + "process-changes/new/", views_rebases.rebase_new, name="rebase_new"),
    path(MEASURE + "process-changes/history/", views_rebases.rebase_history, name="rebase_history"),
    path(REBASE, views_rebases.rebase_edit, name="rebase_edit"),
    path(REBASE + "remove/", views_rebases.rebase_remove, name="rebase_remove"),
    path("plans/<slug:plan_slug>/actions/", views.tracker, name="tracker"),
    path("plans/<slug:plan_slug>/recommendations/", views.recommendations, name="recommendations"),
    path("plans/<slug:plan_slug>/board-pack/", views.board_pack, name="board_pack"),
    path(
        "plans/<slug:plan_slug>/board-pack/scorecard.xlsx",
        views.board_pack_xlsx,
        name="board_pack_xlsx",
    ),
]
