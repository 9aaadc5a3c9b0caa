from django.contrib import admin

from cityhive.groups.models import Group, GroupMembership


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "visibility", "created_at"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["version"]


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["group", "user", "organisation", "role", "status"]
    list_filter = ["status", "role"]
    raw_id_fields = ["group", "user", "organisation", "decided_by"]
    search_fields = ["group__title", "user__email", "organisation__name"]
