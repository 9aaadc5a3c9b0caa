"""The contact log (every city-company contact) and the security log, both append-only."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhive.audit.errors import AuditErrorCode


class AppendOnlyError(Exception):
    """A logged row was about to be changed or deleted."""

    code = AuditErrorCode.APPEND_ONLY


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused as row ones are.

    The one exception is erasing a deleted member's identity (the model's `ERASABLE` fields),
    which the account deletion (site/privacy.py) does: the entry stays, who it was does not.
    """

    def update(self, **kwargs):
        if kwargs and set(kwargs) <= self.model.ERASABLE:
            return super().update(**kwargs)
        raise AppendOnlyError("Log entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Log entries cannot be deleted.")


class AppendOnlyModel(models.Model):
    """A row written once: saving an existing row and deleting refuse."""

    objects = AppendOnlyQuerySet.as_manager()
    ERASABLE: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Log entries cannot be deleted.")


class ContactAction(models.TextChoices):
    INTEREST_SENT = "interest_sent", _("Interest sent")
    INTEREST_ACCEPTED = "interest_accepted", _("Interest accepted")
    INTEREST_DECLINED = "interest_declined", _("Interest declined")
    INTEREST_WITHDRAWN = "interest_withdrawn", _("Interest withdrawn")
    INTEREST_EXPIRED = "interest_expired", _("Interest expired")
    INTRODUCTION_MADE = "introduction_made", _("Introduction made")
    MESSAGE_SENT = "message_sent", _("Message sent")
    RESPONSE_SUBMITTED = "response_submitted", _("Response to a challenge submitted")
    RESPONSE_SHORTLISTED = "response_shortlisted", _("Response shortlisted")
    RESPONSE_DECLINED = "response_declined", _("Response declined")
    RESPONSE_WITHDRAWN = "response_withdrawn", _("Response withdrawn")
    MEETING_REQUESTED = "meeting_requested", _("Meeting requested")
    MEETING_ACCEPTED = "meeting_accepted", _("Meeting accepted")
    MEETING_DECLINED = "meeting_declined", _("Meeting declined")


class ContactLogEntry(AppendOnlyModel):
    """One contact between two organisations (a city and a company, mostly), as it happened."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    # Kept as text too: the log still says who acted after the account is deleted.
    actor_label = models.CharField(_("by (as recorded)"), max_length=254, blank=True)
    actor_organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    action = models.CharField(_("action"), max_length=40, choices=ContactAction.choices)
    city = models.ForeignKey(
        "directory.Organisation",
        null=True,
        on_delete=models.SET_NULL,
        related_name="contact_log_as_city",
        verbose_name=_("city"),
    )
    city_label = models.CharField(_("city (as recorded)"), max_length=200)
    company = models.ForeignKey(
        "directory.Organisation",
        null=True,
        on_delete=models.SET_NULL,
        related_name="contact_log_as_company",
        verbose_name=_("company"),
    )
    company_label = models.CharField(_("company (as recorded)"), max_length=200)
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(_("about"), max_length=300, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    metadata = models.JSONField(_("details"), default=dict, blank=True)

    ERASABLE = frozenset({"actor", "actor_label"})

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact log entry")
        verbose_name_plural = _("contact log entries")
        indexes = [
            models.Index(fields=["city", "created_at"], name="contactlog_city_idx"),
            models.Index(fields=["company", "created_at"], name="contactlog_company_idx"),
            models.Index(fields=["action", "created_at"], name="contactlog_action_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="contactlog_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.city_label} / {self.company_label}"


class SecurityEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGNED_OUT = "signed_out", _("Signed out")
    SECOND_FACTOR_PASSED = "mfa_passed", _("Second factor passed")
    SECOND_FACTOR_FAILED = "mfa_failed", _("Second factor failed")
    ACCESS_DENIED = "access_denied", _("Access denied")


class SecurityEvent(AppendOnlyModel):
    """A sign-in, sign-out, second-factor step or refused permission."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    event = models.CharField(_("event"), max_length=20, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("member"),
    )
    email = models.CharField(_("email (as given)"), max_length=254, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    ERASABLE = frozenset({"user", "email", "ip", "user_agent"})

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [
            models.Index(fields=["event", "created_at"], name="security_event_created_idx"),
            models.Index(fields=["user", "created_at"], name="security_user_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.email or self.user_id}"
