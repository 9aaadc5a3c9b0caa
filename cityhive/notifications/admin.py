"""Notifications in the admin: emails with their status (a failed one shows here), read only."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhive.notifications.models import EmailDelivery, MatchThreshold, Notification
from cityhive.notifications.services import email_deliveries_retry


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(_ReadOnly):
    list_display = ("created_at", "recipient", "kind", "title", "channel", "read_at")
    list_filter = ("kind", "channel")
    search_fields = ("recipient__email", "title", "dedupe_key")
    raw_id_fields = ("recipient",)


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(_ReadOnly):
    list_display = ("created_at", "recipient", "status", "attempts", "sent_at", "last_error")
    list_filter = ("status",)
    search_fields = ("recipient__email", "last_error")
    raw_id_fields = ("recipient", "notification")
    actions = ["retry"]

    @admin.action(description=_("Try the failed emails again"))
    def retry(self, request, queryset):
        count = email_deliveries_retry(
            actor=request.user, delivery_ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request, gettext("%(count)d emails queued again.") % {"count": count}, messages.SUCCESS
        )


@admin.register(MatchThreshold)
class MatchThresholdAdmin(admin.ModelAdmin):
    list_display = ("organisation", "threshold", "updated_at")
    raw_id_fields = ("organisation",)
