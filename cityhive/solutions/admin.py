"""Solutions and implementations in the admin: to look up and remove, not to edit.

Edits go through the site or the API, so the services keep the facet index, the rendered
description and the version in step.
"""

from django.contrib import admin

from cityhive.content.admin import ReadOnlyAdmin
from cityhive.solutions.models import Implementation, Solution, SolutionTag


class SolutionTagInline(admin.TabularInline):
    model = SolutionTag
    extra = 0
    can_delete = False
    fields = ["facet", "value", "strength"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Solution)
class SolutionAdmin(ReadOnlyAdmin):
    list_display = ["title", "provider", "status", "maturity", "is_demo", "published_at"]
    list_filter = ["status", "is_demo", "cost_level"]
    search_fields = ["title", "external_id", "provider__name"]
    list_select_related = ["provider"]
    inlines = [SolutionTagInline]


@admin.register(Implementation)
class ImplementationAdmin(ReadOnlyAdmin):
    list_display = ["solution", "city", "year", "status", "confirmed_at", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["solution__title", "city__name", "external_id"]
    list_select_related = ["solution", "city"]
