from django.contrib import admin

from cityhive.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "admin1_code", "population"]
    search_fields = ["name", "search_name"]
    list_filter = ["continent"]
