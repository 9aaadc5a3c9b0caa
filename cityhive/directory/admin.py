from django.contrib import admin

from cityhive.directory.models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "is_verified", "is_demo", "created_at"]
    list_filter = ["kind", "is_verified", "is_demo"]
    search_fields = ["name", "slug", "external_id"]
    raw_id_fields = ["place", "verified_by"]
    readonly_fields = ["verified_at", "verified_by", "version"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token_hash"]
