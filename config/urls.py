from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from improvement import views as improvement_views

urlpatterns = [
    path("", improvement_views.home, name="home"),
    path("plans/", improvement_views.plans, name="plans"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("dashboard.urls")),
    path("", include("returns.urls")),
    path("", include("spreadsheets.urls")),
    path("", include("packs.urls")),
    path("", include("comparators.urls", namespace="comparators")),
]

# The product's error pages (improvement.error_pages shows the same with DEBUG on).
handler400 = "improvement.views.bad_request"
handler403 = "improvement.views.permission_denied"
handler404 = "improvement.views.page_not_found"
handler500 = "improvement.views.server_error"
