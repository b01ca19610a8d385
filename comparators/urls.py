from django.urls import path

from . import views

app_name = "comparators"

urlpatterns = [
    path("published-statistics/upload/", views.upload, name="upload"),
    path("published-statistics/loads/<int:load_id>/", views.load_detail, name="load_detail"),
]
