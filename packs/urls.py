from django.urls import path

from . import views

app_name = "packs"

BASE = "plans/<slug:plan_slug>/board-packs/"

urlpatterns = [
    path(BASE, views.pack_list, name="list"),
    path(BASE + "publish/", views.pack_publish, name="publish"),
    path(
        BASE + "<int:pack_id>/<str:kind>/",
        views.pack_download,
        name="download",
    ),
]
