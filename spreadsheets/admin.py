from django.contrib import admin

from improvement.admin import PLAN_PATHS, PlanScoped

from .models import ImportBatch

PLAN_PATHS[ImportBatch] = "plan"  # an admin sees only their plans' imports


@admin.register(ImportBatch)
class ImportBatchAdmin(PlanScoped, admin.ModelAdmin):
    list_display = ["file_name", "plan", "kind", "status", "uploaded_by", "created_at"]
    list_filter = ["kind", "status", "plan"]
    readonly_fields = [
        "plan",
        "kind",
        "file_name",
        "file_size",
        "mapping",
        "status",
        "summary",
        "report_text",
        "uploaded_by",
        "created_at",
        "imported_at",
    ]
    exclude = ["file_data"]

    def has_add_permission(self, request):
        return False
