"""Challenges and needs profiles in the admin: to look up and remove, not to edit.

Edits go through the site or the API, so the services keep the facet index, the rendered
description and the version in step.
"""

from django.contrib import admin

from cityhive.challenges.models import Challenge, NeedItem
from cityhive.content.admin import ReadOnlyAdmin


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ["title", "city", "status", "visibility", "deadline", "is_demo"]
    list_filter = ["status", "visibility", "is_demo"]
    search_fields = ["title", "external_id", "city__name"]
    list_select_related = ["city"]


@admin.register(NeedItem)
class NeedItemAdmin(ReadOnlyAdmin):
    list_display = ["city", "facet", "value", "weight", "source"]
    list_filter = ["facet", "source"]
    search_fields = ["city__name", "value"]
    list_select_related = ["city"]
