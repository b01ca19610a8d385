from django.urls import path

from . import views, views_measure_exports

MEASURE = "plans/<slug:plan_slug>/measures/<int:measure_id>/"

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
    path("plans/<slug:plan_slug>/actions/", views.tracker, name="tracker"),
    path("plans/<slug:plan_slug>/recommendations/", views.recommendations, name="recommendations"),
    path("plans/<slug:plan_slug>/board-pack/", views.board_pack, name="board_pack"),
    path(
        "plans/<slug:plan_slug>/board-pack/scorecard.xlsx",
        views.board_pack_xlsx,
        name="board_pack_xlsx",
    ),
]
