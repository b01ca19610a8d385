from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from improvement.admin import ServiceAreaAdmin

from .models import Actual, Benchmark, Measure, Target


class MeasureInline(admin.TabularInline):
    model = Measure
    fields = ["order", "reference", "name", "unit", "direction"]
    extra = 0
    show_change_link = True


# An area's page lists its measures too; improvement, which measures builds on, cannot name them.
ServiceAreaAdmin.inlines = [*ServiceAreaAdmin.inlines, MeasureInline]


class TargetInline(admin.TabularInline):
    model = Target
    fields = ["effective_from", "value", "upper", "note"]
    extra = 0


class ActualInline(admin.TabularInline):
    model = Actual
    fields = ["period", "value", "missing_reason", "commentary", "illustrative", "entered_by"]
    readonly_fields = ["entered_by"]
    autocomplete_fields = ["period"]
    extra = 0


class BenchmarkInline(admin.TabularInline):
    model = Benchmark
    fields = ["kind", "year", "value", "source"]
    extra = 0


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
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
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "effective_from", "value", "upper"]
    list_filter = ["measure__area__plan"]
    search_fields = ["measure__name", "measure__reference"]
    autocomplete_fields = ["measure"]
    list_select_related = ["measure"]


@admin.register(Actual)
class ActualAdmin(SimpleHistoryAdmin):
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
class BenchmarkAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "kind", "year", "value", "source"]
    list_filter = ["kind", "year", "measure__area__plan"]
    search_fields = ["measure__name", "source"]
    autocomplete_fields = ["measure"]
    list_select_related = ["measure"]
