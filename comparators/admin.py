from django.contrib import admin

from .models import FigureChange, Indicator, Load, Neighbour, Place, PublishedFigure


class ReadOnly(admin.ModelAdmin):
    """Written by the catalogue's sync and by loading files, not by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "topic", "polarity", "unit", "year_type"]
    list_filter = ["topic", "polarity", "year_type"]
    search_fields = ["code", "name"]


@admin.register(Place)
class PlaceAdmin(ReadOnly):
    list_display = ["code", "name", "level", "region"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["region"]


@admin.register(Neighbour)
class NeighbourAdmin(ReadOnly):
    list_display = ["council", "model", "position", "neighbour", "closeness"]
    list_filter = ["model"]
    search_fields = ["council__name", "council__code"]
    list_select_related = ["council", "neighbour"]


@admin.register(Load)
class LoadAdmin(ReadOnly):
    list_display = ["file_name", "kind", "loaded_by", "loaded_at", "added", "replaced"]
    list_filter = ["kind"]


@admin.register(PublishedFigure)
class PublishedFigureAdmin(ReadOnly):
    list_display = ["indicator", "place", "year", "value", "symbol", "load"]
    list_filter = ["year_end", "indicator__topic", "indicator"]
    search_fields = ["place__name", "place__code", "indicator__code"]
    list_select_related = ["indicator", "place", "load"]
    show_full_result_count = False


@admin.register(FigureChange)
class FigureChangeAdmin(ReadOnly):
    list_display = ["figure", "load", "old_value", "old_symbol", "new_value", "new_symbol"]
    list_select_related = ["figure__indicator", "figure__place", "load"]
