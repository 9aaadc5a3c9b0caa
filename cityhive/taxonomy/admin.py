"""Reference data in the admin: SDG and KPI rows are view-only (the loader owns them); the small
facet vocabularies are extendable by programme managers."""

from django.contrib import admin

from cityhive.taxonomy.models import (
    FacetTerm,
    Kpi,
    KpiCategory,
    KpiDimension,
    KpiSubDimension,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference rows come from the shipped CSV files through `load_reference`."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SdgGoal)
class SdgGoalAdmin(ReadOnlyAdmin):
    list_display = ["number", "short_title", "colour"]


@admin.register(SdgTarget)
class SdgTargetAdmin(ReadOnlyAdmin):
    list_display = ["code", "goal", "title"]
    list_filter = ["goal"]
    search_fields = ["code"]
    list_select_related = ["goal"]


@admin.register(SdgIndicator)
class SdgIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "unsd_code", "title"]
    search_fields = ["code", "unsd_code"]


@admin.register(KpiDimension)
class KpiDimensionAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "sort_order"]


@admin.register(KpiSubDimension)
class KpiSubDimensionAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "dimension"]
    list_select_related = ["dimension"]


@admin.register(KpiCategory)
class KpiCategoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "code"]


@admin.register(Kpi)
class KpiAdmin(ReadOnlyAdmin):
    list_display = ["code", "slug", "kind", "sub_dimension", "category"]
    list_filter = ["kind", "sub_dimension__dimension", "category"]
    search_fields = ["code", "slug", "definition"]
    list_select_related = ["sub_dimension__dimension", "category"]


@admin.register(FacetTerm)
class FacetTermAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "facet", "parent", "sort_order"]
    list_filter = ["facet"]
    search_fields = ["code", "label"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # imported solutions and needs profiles refer to terms by code
