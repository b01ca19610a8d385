from django.contrib import admin

from improvement.admin import PLAN_PATHS, PlanScoped
from improvement.admin_forms import HistoryAdmin, VersionCheckedAdmin, VersionedAdminForm

from .models import ExceptionReport

PLAN_PATHS[ExceptionReport] = "area__plan"  # an admin sees only their plans' reports


class ExceptionReportAdminForm(VersionedAdminForm):
    noun = "exception report"


@admin.register(ExceptionReport)
class ExceptionReportAdmin(PlanScoped, VersionCheckedAdmin, HistoryAdmin):
    form = ExceptionReportAdminForm
    list_display = ["area", "period", "previous_rag", "suggested_rag", "current_rag", "status"]
    list_filter = ["status", "current_rag", "period__plan", "period__month", "area"]
    search_fields = ["area__name", "key_developments", "key_risks", "progress", "risks"]
    autocomplete_fields = ["area", "period"]
    readonly_fields = ["submitted_by", "submitted_at", "updated_by", "updated_at"]
    list_select_related = ["area", "period"]
    fieldsets = [
        (None, {"fields": ["area", "period", "status", "return_comment", "shown_version"]}),
        ("RAG", {"fields": ["previous_rag", "suggested_rag", "current_rag", "reason"]}),
        (
            "Report",
            {"fields": ["key_developments", "key_risks", "progress", "risks", "evidence"]},
        ),
        ("Record", {"fields": ["submitted_by", "submitted_at", "updated_by", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
