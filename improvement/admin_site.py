"""The Django admin site, as admins meet it: its titles.

INSTALLED_APPS names TrackerAdminConfig in place of django.contrib.admin: Django's way of
replacing the default site, so ``admin.site`` is a TrackerAdminSite.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class TrackerAdminSite(admin.AdminSite):
    site_header = "Improvement Tracker administration"
    site_title = "Improvement Tracker"
    index_title = "Plans, areas, measures and users"


class TrackerAdminConfig(AdminConfig):
    default_site = "improvement.admin_site.TrackerAdminSite"
