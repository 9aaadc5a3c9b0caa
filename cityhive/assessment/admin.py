from django.contrib import admin

from cityhive.assessment import services
from cityhive.assessment.models import KpiTarget


def _row(target: KpiTarget, value) -> dict:
    return {"kpi": target.kpi.code, "size_class": target.size_class, "target": value}


@admin.register(KpiTarget)
class KpiTargetAdmin(admin.ModelAdmin):
    """Programme managers set the targets KPIs are scored against (through the service, so the
    cities' suggested needs follow)."""

    list_display = ("kpi", "size_class", "target")
    list_filter = ("size_class",)
    search_fields = ("kpi__code", "kpi__definition")
    raw_id_fields = ("kpi",)

    def save_model(self, request, obj, form, change):
        [stored] = services.kpi_targets_set(actor=request.user, targets=[_row(obj, obj.target)])
        obj.pk = stored.pk

    def delete_model(self, request, obj):
        services.kpi_targets_set(actor=request.user, targets=[_row(obj, None)])

    def delete_queryset(self, request, queryset):
        rows = [_row(target, None) for target in queryset.select_related("kpi")]
        services.kpi_targets_set(actor=request.user, targets=rows)
