from django.contrib import admin

from cityhive.events.models import Event, Registration


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "organiser", "starts_at", "format", "visibility", "status"]
    list_filter = ["status", "format", "visibility"]
    search_fields = ["title", "organiser__name"]
    raw_id_fields = ["organiser", "approved_by"]
    filter_horizontal = ["invited_organisations"]
    readonly_fields = ["version", "approved_at", "approved_by"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "organisation", "status", "checked_in_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "user", "organisation"]
    search_fields = ["event__title", "user__email", "organisation__name"]
