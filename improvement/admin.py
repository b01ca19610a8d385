from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from . import roles
from .admin_forms import HistoryAdmin, VersionCheckedAdmin, VersionedAdminForm
from .models import (
    Action,
    ActionUpdate,
    Outcome,
    Plan,
    PlanMembership,
    Recommendation,
    ReportingPeriod,
    ServiceArea,
)

# How each model reaches its plan: the admin shows an admin only their plans' records.
PLAN_PATHS = {
    Plan: "pk",
    ReportingPeriod: "plan",
    Recommendation: "plan",
    ServiceArea: "plan",
    Outcome: "area__plan",
    Action: "area__plan",
    ActionUpdate: "action__area__plan",
    PlanMembership: "plan",
    ServiceArea.managers.through: "servicearea__plan",
}


def in_managed_plans(queryset, user):
    """The records of `queryset` in the plans this user is an admin of (all for a
    superuser); a model with no plan is left as it is."""
    path = PLAN_PATHS.get(queryset.model)
    if path is None or user.is_superuser:
        return queryset
    return queryset.filter(**{f"{path}__in": roles.managed_plans(user)})


def _is_relation(model, entry):
    if not isinstance(entry, str):
        return False
    return get_fields_from_path(model, entry)[-1].is_relation


class PlanScoped:
    """Who may see a plan is decided per plan, in the admin as on the pages: an admin of one
    council's plan lists, opens and picks only its records (superusers: every plan)."""

    def get_queryset(self, request):
        return in_managed_plans(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        """A filter by a related record (a plan, an area, a period) offers only those of the
        records listed, so it never names another plan's."""
        return [
            (entry, admin.RelatedOnlyFieldListFilter) if _is_relation(self.model, entry) else entry
            for entry in super().get_list_filter(request)
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in PLAN_PATHS:
            kwargs["queryset"] = in_managed_plans(
                db_field.related_model._default_manager.all(), request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model in PLAN_PATHS:
            kwargs["queryset"] = in_managed_plans(
                db_field.related_model._default_manager.all(), request.user
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AreaInline(PlanScoped, admin.TabularInline):
    model = ServiceArea
    fields = ["order", "name", "lead"]
    extra = 0
    show_change_link = True


class PeriodInline(PlanScoped, admin.TabularInline):
    model = ReportingPeriod
    fields = ["month", "deadline", "status"]
    extra = 0


class MemberInline(PlanScoped, admin.TabularInline):
    """The plan's admins and board members (service managers belong through their areas)."""

    model = PlanMembership
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    verbose_name = "member (admin or board member)"
    verbose_name_plural = (
        "members: admins and board members (service managers belong through the areas they manage)"
    )
    extra = 0


@admin.register(Plan)
class PlanAdmin(PlanScoped, HistoryAdmin):
    list_display = ["title", "organisation", "framework", "inspection_date", "judgement", "status"]
    list_filter = ["status", "framework", "judgement"]
    search_fields = ["title", "organisation", "slug"]
    prepopulated_fields = {"slug": ["organisation", "title"]}
    inlines = [MemberInline, AreaInline, PeriodInline]

    def save_related(self, request, form, formsets, change):
        """Whoever adds a plan is an admin of it, so they can still open it."""
        super().save_related(request, form, formsets, change)
        if not change and not request.user.is_superuser:
            PlanMembership.objects.get_or_create(
                plan=form.instance,
                user=request.user,
                defaults={"role": PlanMembership.Role.ADMIN},
            )


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PlanScoped, HistoryAdmin):
    list_display = ["__str__", "plan", "deadline", "status", "locked_by", "locked_at"]
    list_filter = ["status", "plan"]
    search_fields = ["plan__title", "plan__organisation"]
    date_hierarchy = "month"
    autocomplete_fields = ["plan"]
    readonly_fields = ["locked_by", "locked_at"]
    list_select_related = ["plan", "locked_by"]


@admin.register(Recommendation)
class RecommendationAdmin(PlanScoped, HistoryAdmin):
    list_display = ["reference", "source", "short_text", "report_reference", "timeframe", "plan"]
    list_filter = ["source", "plan"]
    search_fields = ["reference", "text", "report_reference"]
    autocomplete_fields = ["plan"]
    list_select_related = ["plan"]

    @admin.display(description="Recommendation")
    def short_text(self, obj):
        return obj.text[:100]


class ActionAdminForm(VersionedAdminForm):
    noun = "action"


class ActionInlineForm(ActionAdminForm):
    saves_unchanged = False  # a row left as it was is not saved, so neither checked


class ActionInline(PlanScoped, admin.StackedInline):
    model = Action
    form = ActionInlineForm
    fields = [
        ("reference", "order"),
        "text",
        "outcome",
        ("target_date", "target_date_text"),
        ("lead", "status"),
        "shown_version",
    ]
    extra = 0
    show_change_link = True


class OutcomeInline(PlanScoped, admin.TabularInline):
    model = Outcome
    fields = ["order", "title"]
    extra = 0


@admin.register(ServiceArea)
class ServiceAreaAdmin(PlanScoped, VersionCheckedAdmin, HistoryAdmin):
    list_display = ["name", "plan", "order", "lead", "manager_names"]
    list_filter = ["plan"]
    search_fields = ["name", "lead", "responsible_officers"]
    autocomplete_fields = ["plan", "recommendations", "managers"]
    inlines = [OutcomeInline, ActionInline]  # measures/admin.py adds the area's measures
    list_select_related = ["plan"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("managers")

    @admin.display(description="Service managers")
    def manager_names(self, obj):
        return ", ".join(u.get_full_name() or u.username for u in obj.managers.all())


@admin.register(Outcome)
class OutcomeAdmin(PlanScoped, HistoryAdmin):
    list_display = ["title", "area"]
    list_filter = ["area__plan"]
    search_fields = ["title", "area__name"]
    autocomplete_fields = ["area"]
    list_select_related = ["area"]


class ActionUpdateInline(PlanScoped, admin.TabularInline):
    model = ActionUpdate
    fields = ["created_at", "period", "status", "progress", "impact", "evidence", "author"]
    readonly_fields = ["created_at", "author"]
    extra = 0


@admin.register(Action)
class ActionAdmin(PlanScoped, VersionCheckedAdmin, HistoryAdmin):
    form = ActionAdminForm
    list_display = ["reference", "short_text", "area", "target_date_display", "lead", "status"]
    list_filter = ["status", "area__plan", "area", "manual_rag"]
    search_fields = ["reference", "text", "lead", "key_partners"]
    autocomplete_fields = ["area", "outcome", "recommendations"]
    inlines = [ActionUpdateInline]
    list_select_related = ["area"]
    date_hierarchy = "target_date"

    @admin.display(description="Action")
    def short_text(self, obj):
        return obj.text[:100]

    @admin.display(description="Target date")
    def target_date_display(self, obj):
        return obj.target_date_display


@admin.register(ActionUpdate)
class ActionUpdateAdmin(PlanScoped, HistoryAdmin):
    list_display = ["action", "period", "status", "author", "created_at"]
    list_filter = ["status", "action__area__plan"]
    search_fields = ["action__reference", "action__text", "progress", "evidence"]
    autocomplete_fields = ["action", "period"]
    list_select_related = ["action", "period", "author"]


class ManagedAreaInline(PlanScoped, admin.TabularInline):
    model = ServiceArea.managers.through
    verbose_name = "area this user manages"
    verbose_name_plural = "areas this user manages"
    autocomplete_fields = ["servicearea"]
    extra = 0


User = get_user_model()
admin.site.unregister(User)


class UserPlanInline(PlanScoped, admin.TabularInline):
    model = PlanMembership
    fk_name = "user"
    fields = ["plan", "role"]
    autocomplete_fields = ["plan"]
    verbose_name = "plan this user is a member of"
    verbose_name_plural = "plans this user is a member of (as admin or board member)"
    extra = 0


@admin.register(User)
class TrackerUserAdmin(UserAdmin):
    inlines = [ManagedAreaInline, UserPlanInline]
    list_display = ["username", "email", "first_name", "last_name", "roles", "is_active"]
    list_filter = ["groups", "is_active", "is_superuser"]

    def save_formset(self, request, form, formset, change):
        """The inline writes the area-manager links themselves, which records nothing: save
        each area whose managers changed, so its history says who made whom a manager (or
        not), and when."""
        if formset.model is not ServiceArea.managers.through:
            return super().save_formset(request, form, formset, change)
        links = ServiceArea.managers.through.objects.filter(user=form.instance)
        before = set(links.values_list("servicearea_id", flat=True))
        super().save_formset(request, form, formset, change)
        changed = before ^ set(links.values_list("servicearea_id", flat=True))
        for area in ServiceArea.objects.filter(pk__in=changed):
            area._change_reason = f"Managers changed on the user page of {form.instance}"
            area.save()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def roles(self, obj):
        return ", ".join(g.name for g in obj.groups.all())
