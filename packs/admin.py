from django.contrib import admin

from improvement.admin import PLAN_PATHS, PlanScoped

from .models import PublishedPack

PLAN_PATHS[PublishedPack] = "plan"  # an admin sees only their plans' packs


@admin.register(PublishedPack)
class PublishedPackAdmin(PlanScoped, admin.ModelAdmin):
    """Published packs are kept as they were sent: listed and read here, never changed."""

    list_display = ["meeting", "plan", "period", "version", "published_by", "published_at"]
    list_filter = ["plan"]
    search_fields = ["meeting"]
    fields = [
        "plan",
        "period",
        "meeting",
        "meeting_date",
        "version",
        "superseded_by",
        "published_by",
        "published_at",
        "pdf_size",
        "xlsx_size",
        "public_pdf_size",
        "public_xlsx_size",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf", "xlsx", "public_pdf", "public_xlsx")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
