"""The Django admin site, as admins meet it: its titles, and its list of apps built once.

INSTALLED_APPS names TrackerAdminConfig in place of django.contrib.admin: Django's way of
replacing the default site, so ``admin.site`` is a TrackerAdminSite.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.template.loader import render_to_string

KEPT = 64  # lists kept: a council's admins have a handful of permission sets (one per role)


class TrackerAdminSite(admin.AdminSite):
    site_header = "Improvement Tracker administration"
    site_title = "Improvement Tracker"
    index_title = "Plans, areas, measures and users"
    index_template = "admin/tracker_index.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept = {}

    def _keep(self, request, name, build):
        """``build()``, kept for everyone with the same permissions as this request's user.

        Django builds the list of apps at least twice for every admin page (the page's own
        and the navigation sidebar's), checking every model's permissions and reversing
        its URLs each time, and the index renders it: most of the index's server time.
        The list follows only from the registry, fixed when the process starts, and the
        user's permissions, which are the key. No ModelAdmin here decides on anything
        else (tests/test_admin.py checks the index for each role)."""
        user = request.user
        key = (name, user.is_active, user.is_superuser, frozenset(user.get_all_permissions()))
        if key not in self._kept:
            if len(self._kept) >= KEPT:
                self._kept.clear()
            self._kept[key] = build()
        return self._kept[key]

    def get_app_list(self, request, app_label=None):
        if app_label is not None:
            return super().get_app_list(request, app_label)
        return self._keep(
            request, "list", lambda: super(TrackerAdminSite, self).get_app_list(request)
        )

    def index(self, request, extra_context=None):
        def render():  # as admin/index.html includes it; on the index no app is the current one
            context = {"app_list": self.get_app_list(request), "show_changelinks": True}
            return render_to_string("admin/app_list.html", context, request)

        html = self._keep(request, "index html", render)
        return super().index(request, {"app_list_html": html, **(extra_context or {})})


class TrackerAdminConfig(AdminConfig):
    default_site = "improvement.admin_site.TrackerAdminSite"
