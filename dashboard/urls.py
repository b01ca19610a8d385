from django.urls import path

from . import views, views_rebases

MEASURE = "plans/<slug:plan_slug>/measures/<int:measure_id>/"
REBASE = MEASURE + "process-changes/<int:rebase_id>/"

app_name = "dashboard"
urlpatterns = [
    path("plans/<slug:plan_slug>/", views.at_a_glance, name="at_a_glance"),
    path("plans/<slug:plan_slug>/areas/<int:area_id>/", views.scorecard, name="scorecard"),
    path("plans/<slug:plan_slug>/measures/<int:measure_id>/", views.measure, name="measure"),
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
