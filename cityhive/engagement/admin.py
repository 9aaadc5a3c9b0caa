from django.contrib import admin

from cityhive.engagement.models import ProgrammeSettings


@admin.register(ProgrammeSettings)
class ProgrammeSettingsAdmin(admin.ModelAdmin):
    """The one row of the programme's request rules."""

    list_display = ["request_expiry_days", "weekly_request_limit", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return not ProgrammeSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
