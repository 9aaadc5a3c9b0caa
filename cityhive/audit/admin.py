"""The logs in the admin: read only, for every programme manager (no add, change or delete)."""

from django.contrib import admin

from cityhive.audit.models import ContactLogEntry, SecurityEvent


class ReadOnlyLogAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(ContactLogEntry)
class ContactLogEntryAdmin(ReadOnlyLogAdmin):
    list_display = ("created_at", "action", "city_label", "company_label", "actor_label")
    list_filter = ("action", "created_at")
    search_fields = ("city_label", "company_label", "actor_label", "subject_label", "summary")
    date_hierarchy = "created_at"


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyLogAdmin):
    list_display = ("created_at", "event", "email", "ip", "path")
    list_filter = ("event", "created_at")
    search_fields = ("email", "ip", "path")
    date_hierarchy = "created_at"
