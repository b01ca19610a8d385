from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet

from improvement.admin import PLAN_PATHS, PlanScoped, ServiceAreaAdmin
from improvement.admin_forms import HistoryAdmin, VersionCheckedAdmin, VersionedAdminForm

from .models import Actual, Benchmark, Measure, Rebase, Target
from .national import link_indicator

# An admin of one plan sees only its measures and figures here too (improvement.admin).
PLAN_PATHS.update(
    {
        Measure: "area__plan",
        Target: "measure__area__plan",
        Actual: "measure__area__plan",
        Benchmark: "measure__area__plan",
        Rebase: "measure__area__plan",
    }
)


class ActualAdminForm(VersionedAdminForm):
    """A figure as the admin edits it: checked against the version shown, and held to the
    returns form's rule that a Red figure entered by hand needs commentary."""

    noun = "figure"

    def clean(self):
        cleaned = super().clean()
        measure = cleaned.get("measure") or getattr(self.instance, "measure", None)
        period = cleaned.get("period") or getattr(self.instance, "period", None)
        if measure and period and "value" in cleaned and self.will_save():
            figure = Actual(
                measure=measure,
                period=period,
                value=cleaned["value"],
                commentary=cleaned.get("commentary") or "",
            )
            error = figure.commentary_error()
            if error:
                self.add_error("commentary", error)
        return cleaned


class ActualInlineForm(ActualAdminForm):
    saves_unchanged = False  # a row left as it was is not saved, so neither checked


class MeasureInline(PlanScoped, admin.TabularInline):
    model = Measure
    fields = ["order", "reference", "name", "unit", "direction"]
    extra = 0
    show_change_link = True


# An area's page lists its measures too; improvement, which measures builds on, cannot name them.
ServiceAreaAdmin.inlines = [*ServiceAreaAdmin.inlines, MeasureInline]


class TargetWords:
    @admin.display(description="Reads as")
    def reads_as(self, target):
        """The target in the board's words ("above 95%", "95% or more"), once saved."""
        return target.measure.target_words(target) if target.pk else "–"


class TargetInline(PlanScoped, TargetWords, admin.TabularInline):
    model = Target
    fields = ["effective_from", "value", "upper", "strict", "trajectory", "reads_as", "note"]
    readonly_fields = ["reads_as"]
    extra = 0


class ActualInline(PlanScoped, admin.TabularInline):
    model = Actual
    form = ActualInlineForm
    fields = [
        "period",
        "value",
        "missing_reason",
        "commentary",
        "illustrative",
        "entered_by",
        "shown_version",
    ]
    readonly_fields = ["entered_by"]
    autocomplete_fields = ["period"]
    extra = 0


class RebaseAdminForm(VersionedAdminForm):
    noun = "change in process"


class RebaseInlineForm(RebaseAdminForm):
    saves_unchanged = False


class RebaseInlineFormSet(BaseInlineFormSet):
    """A row ticked for removal is version checked too (a formset leaves such rows' errors
    out): a change in process someone changed since the page was shown is not removed
    unseen."""

    def is_valid(self):
        valid = super().is_valid()
        removing = [f for f in self.forms if self.can_delete and self._should_delete_form(f)]
        return valid and not any(form.errors for form in removing)


def _periods_of_the_measures_plan(formset_class, measure):
    """A new row offers only the months of the measure's own plan."""
    if measure is not None:
        field = formset_class.form.base_fields["period"]
        field.queryset = field.queryset.filter(plan_id=measure.area.plan_id)
    return formset_class


class RebaseInline(PlanScoped, admin.TabularInline):
    """The months the measure's process changed: its SPC chart starts a new segment there."""

    model = Rebase
    form = RebaseInlineForm
    formset = RebaseInlineFormSet
    fields = ["period", "reason", "created_by", "created_at", "shown_version"]
    readonly_fields = ["created_by", "created_at"]
    verbose_name = "change in process"
    verbose_name_plural = "changes in process (the chart starts a new segment in each month)"
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        return _periods_of_the_measures_plan(super().get_formset(request, obj, **kwargs), obj)


class BenchmarkInline(PlanScoped, admin.TabularInline):
    model = Benchmark
    fields = ["kind", "year", "value", "source"]
    extra = 0


@admin.register(Measure)
class MeasureAdmin(PlanScoped, VersionCheckedAdmin, HistoryAdmin):
    list_display = ["reference", "short_name", "area", "unit", "direction", "local_indicator"]
    list_filter = ["unit", "direction", "local_indicator", "frequency", "area__plan", "area"]
    search_fields = ["reference", "name", "data_source"]
    autocomplete_fields = ["area"]
    inlines = [TargetInline, ActualInline, RebaseInline, BenchmarkInline]
    list_select_related = ["area"]

    def save_model(self, request, obj, form, change):
        """Say where the measure disagrees with its national indicator's direction or unit."""
        super().save_model(request, obj, form, change)
        watched = {"indicator", "direction", "unit"}
        if obj.indicator_id and watched & set(form.changed_data):
            _fills, warnings = link_indicator(
                obj.indicator, direction=obj.direction, unit=obj.unit, name=obj.name[:80]
            )
            for warning in warnings:
                messages.warning(request, warning)

    def save_formset(self, request, form, formset, change):
        if formset.model is Rebase:
            for row in formset.forms:
                if row.instance._state.adding and row.instance.created_by_id is None:
                    row.instance.created_by = request.user
        super().save_formset(request, form, formset, change)

    @admin.display(description="Measure")
    def short_name(self, obj):
        return obj.name[:100]


@admin.register(Target)
class TargetAdmin(PlanScoped, TargetWords, HistoryAdmin):
    list_display = [
        "measure",
        "effective_from",
        "value",
        "upper",
        "strict",
        "trajectory",
        "reads_as",
    ]
    list_filter = ["measure__area__plan"]
    search_fields = ["measure__name", "measure__reference"]
    autocomplete_fields = ["measure"]
    list_select_related = ["measure"]


@admin.register(Actual)
class ActualAdmin(PlanScoped, VersionCheckedAdmin, HistoryAdmin):
    form = ActualAdminForm
    list_display = ["measure", "period", "value", "illustrative", "entered_by", "updated_at"]
    list_filter = ["illustrative", "period__plan", "period__month", "measure__area"]
    search_fields = ["measure__name", "measure__reference", "commentary"]
    autocomplete_fields = ["measure", "period"]
    readonly_fields = ["entered_by", "updated_at"]
    list_select_related = ["measure", "period", "entered_by"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Benchmark)
class BenchmarkAdmin(PlanScoped, HistoryAdmin):
    list_display = ["measure", "kind", "year", "value", "source"]
    list_filter = ["kind", "year", "measure__area__plan"]
    search_fields = ["measure__name", "source"]
    autocomplete_fields = ["measure"]
    list_select_related = ["measure"]


@admin.register(Rebase)
class RebaseAdmin(PlanScoped, VersionCheckedAdmin, HistoryAdmin):
    form = RebaseAdminForm
    list_display = ["measure", "period", "short_reason", "created_by", "created_at"]
    list_filter = ["period__plan", "measure__area"]
    search_fields = ["measure__name", "measure__reference", "reason"]
    autocomplete_fields = ["measure", "period"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    list_select_related = ["measure", "period", "created_by"]

    @admin.display(description="What changed")
    def short_reason(self, obj):
        return obj.reason[:100]

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
