from django.urls import path

from . import views

app_name = "spreadsheets"

BASE = "plans/<slug:plan_slug>/spreadsheets/"
BATCH = BASE + "imports/<int:batch_id>/"

urlpatterns = [
    path(BASE, views.home, name="home"),
    path(BASE + "template.xlsx", views.template, name="template"),
    path(BASE + "export.xlsx", views.export, name="export"),
    path(BASE + "upload/", views.upload, name="upload"),
    path(BATCH + "columns/", views.mapping, name="mapping"),
    path(BATCH, views.preview, name="preview"),
    path(BATCH + "confirm/", views.confirm, name="confirm"),
    path(BATCH + "problems.xlsx", views.problems, name="problems"),
]
