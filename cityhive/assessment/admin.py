from django.contrib import admin

from cityhive.assessment.models import KpiTarget


@admin.register(KpiTarget)
class KpiTargetAdmin(admin.ModelAdmin):
    """Programme managers set the targets KPIs are scored against."""

    list_display = ("kpi", "size_class", "target")
    list_filter = ("size_class",)
    search_fields = ("kpi__code", "kpi__definition")
    autocomplete_fields = ()
    raw_id_fields = ("kpi",)
