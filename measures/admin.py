from django.contrib import admin

from improvement.admin import PLAN_PATHS, PlanScoped, ServiceAreaAdmin
from improvement.admin_forms import HistoryAdmin, VersionCheckedAdmin, VersionedAdminForm

from .models import Actual, Benchmark, Measure, Target

# An admin of one plan sees only its measures and figures here too (improvement.admin).
PLAN_PATHS.update(
    {
        Measure: "area__plan",
        Target: "measure__area__plan",
        Actual: "measure__area__plan",
        Benchmark: "measure__area__plan",
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
    fields = ["effective_from", "value", "upper", "strict", "reads_as", "note"]
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
    inlines = [TargetInline, ActualInline, BenchmarkInline]
    list_select_related = ["area"]

    @admin.display(description="Measure")
    def short_name(self, obj):
        return obj.name[:100]


@admin.register(Target)
class TargetAdmin(PlanScoped, TargetWords, HistoryAdmin):
    list_display = ["measure", "effective_from", "value", "upper", "strict", "reads_as"]
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
