"""The admin looks up the programme's records; changes go through the site or the API, so the
services record who decided and when."""

from django.contrib import admin

from cityhive.partnership.models import Application, Partnership, Tier


class LookUpAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Tier)
class TierAdmin(LookUpAdmin):
    list_display = ["name", "annual_fee", "currency", "position", "is_active"]


@admin.register(Application)
class ApplicationAdmin(LookUpAdmin):
    list_display = ["organisation", "tier", "kind", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "kind"]


@admin.register(Partnership)
class PartnershipAdmin(LookUpAdmin):
    list_display = ["organisation", "tier", "starts_on", "ends_on", "expired_at"]
