"""Reminder sendings in the admin: to read only (they are records, never changed)."""

from django.contrib import admin

from .models import ReminderMessage, ReminderSending


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReminderMessageInline(admin.TabularInline):
    model = ReminderMessage
    fields = ["name", "email", "was_sent", "skipped_because", "to_do"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderSending)
class ReminderSendingAdmin(ReadOnlyAdmin):
    list_display = ["period", "sent_at", "sent_by", "source"]
    list_filter = ["source", "period__plan"]
    list_select_related = ["period", "sent_by"]
    readonly_fields = ["period", "sent_at", "sent_by", "source"]
    inlines = [ReminderMessageInline]
