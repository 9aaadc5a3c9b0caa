"""In-app notifications, each member's channel per kind, and the emails that carry them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a member hears of a kind of notification beyond the in-app list."""

    IMMEDIATE = "immediate", _("Email at once")
    DAILY = "daily", _("Daily digest email")
    WEEKLY = "weekly", _("Weekly digest email")
    OFF = "off", _("No email (in-app only)")


class Notification(models.Model):
    """One thing a member should know, shown in their list until read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), max_length=4000, blank=True)
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_unique_recipient_dedupe"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["channel", "recipient"], name="notification_channel_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A member's chosen channel for one kind (no row: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifpref_unique_user_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} by {self.channel}"


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    RETRYING = "retrying", _("Delayed: will be retried")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Not sent (email turned off)")


class EmailDelivery(models.Model):
    """One email to one member: a single notification, or a digest of several.

    The row is what makes sending idempotent: a task that runs twice finds `sent_at` set; a server
    that is down leaves it pending with the next try's time, and after the last try it is failed.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_emails"
    )
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="email"
    )
    # A digest: its period and the period's key (e.g. "daily:2026-11-30"), unique per member.
    digest_key = models.CharField(max_length=40, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "digest_key"], name="emaildelivery_unique_digest"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="emaildelivery_due_idx")]

    def __str__(self) -> str:
        return f"email {self.pk} to {self.recipient_id} ({self.status})"


class DigestItem(models.Model):
    """A notification carried by one digest email."""

    delivery = models.ForeignKey(EmailDelivery, on_delete=models.CASCADE, related_name="items")
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="digest_item"
    )

    def __str__(self) -> str:
        return f"{self.notification_id} in {self.delivery_id}"


class MatchThreshold(models.Model):
    """The score an organisation's new matches must reach to be notified (0-100)."""

    organisation = models.OneToOneField(
        "directory.Organisation", on_delete=models.CASCADE, related_name="match_threshold"
    )
    threshold = models.PositiveSmallIntegerField(
        _("threshold"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.organisation}: {self.threshold}"
