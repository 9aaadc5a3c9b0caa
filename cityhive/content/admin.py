"""What the admin of every faceted item shares: to look up and remove, not to edit.

Edits go through the site or the API, so the services keep the facet index, the rendered
description and the version in step.
"""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
