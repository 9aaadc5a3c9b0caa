"""Interests, introductions, conversations and responses to challenges, and the programme's
settings for them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhive.core.models import TimeStampedModel


class ProgrammeSettings(models.Model):
    """The programme's rules for requests: one row, edited by programme managers."""

    request_expiry_days = models.PositiveSmallIntegerField(
        _("days before an unanswered request expires"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    weekly_request_limit = models.PositiveSmallIntegerField(
        _("requests a member may send in 7 days"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme settings")
        verbose_name_plural = _("programme settings")

    def __str__(self) -> str:
        return str(_("Programme settings"))


class MatchItemKind(models.TextChoices):
    """What a match pairs: the subject it was computed for and the candidate matched to it."""

    CHALLENGE = "challenge", _("Challenge")
    SOLUTION = "solution", _("Solution")
    ORGANISATION = "organisation", _("Organisation")


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class DeclineReason(models.TextChoices):
    NOT_RELEVANT = "not_relevant", _("Not relevant to us")
    NOT_NOW = "not_now", _("Not at the moment")
    OTHER = "other", _("Another reason")


class Interest(TimeStampedModel):
    """One side's request to connect about a match, which the other side answers."""

    sender_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="interests_sent"
    )
    recipient_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="interests_received"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_kind = models.CharField(max_length=20, choices=MatchItemKind.choices)
    subject_id = models.PositiveBigIntegerField()
    subject_label = models.CharField(max_length=300)
    candidate_kind = models.CharField(max_length=20, choices=MatchItemKind.choices)
    candidate_id = models.PositiveBigIntegerField()
    candidate_label = models.CharField(max_length=300)
    # The match without its direction ("challenge:3|solution:7"): the same pair from either side.
    match_key = models.CharField(max_length=80)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        max_length=10, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    decline_note = models.CharField(_("reason"), max_length=500, blank=True)
    introduction = models.ForeignKey(
        "Introduction", null=True, blank=True, on_delete=models.SET_NULL, related_name="interests"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A double click sends one request: one pending request per side and match.
            models.UniqueConstraint(
                fields=["sender_organisation", "recipient_organisation", "match_key"],
                condition=Q(status="pending"),
                name="interest_one_pending_per_match",
            ),
            models.CheckConstraint(
                condition=~Q(sender_organisation=F("recipient_organisation")),
                name="interest_between_two_organisations",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient_organisation", "status"], name="interest_inbox_idx"),
            models.Index(fields=["sender", "created_at"], name="interest_quota_idx"),
            models.Index(fields=["status", "expires_at"], name="interest_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_organisation} → {self.recipient_organisation}: {self.subject_label}"

    @property
    def effective_status(self) -> str:
        """The status as everyone sees it: a pending request past its date has expired."""
        if self.status == InterestStatus.PENDING and self.expires_at <= timezone.now():
            return InterestStatus.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return InterestStatus(self.effective_status).label


class Introduction(TimeStampedModel):
    """Two organisations introduced to each other by mutual interest; it opens a conversation."""

    # The two organisations, lower id first, so a pair has one row whoever asked first.
    first_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    second_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["first_organisation", "second_organisation"],
                name="introduction_one_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(first_organisation__lt=F("second_organisation")),
                name="introduction_ordered_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_organisation} ↔ {self.second_organisation}"

    @property
    def organisation_ids(self) -> tuple[int, int]:
        return (self.first_organisation_id, self.second_organisation_id)

    def other_side(self, organisation_id: int):
        """The organisation on the other side from `organisation_id`."""
        if organisation_id == self.first_organisation_id:
            return self.second_organisation
        return self.first_organisation


class IntroductionContact(TimeStampedModel):
    """A member an organisation chose as its contact for an introduction."""

    introduction = models.ForeignKey(
        Introduction, on_delete=models.CASCADE, related_name="contacts"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["organisation_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["introduction", "user"], name="introduction_contact_unique"
            )
        ]


class Conversation(TimeStampedModel):
    """The thread between two introduced organisations."""

    introduction = models.OneToOneField(
        Introduction, on_delete=models.CASCADE, related_name="conversation"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = [F("last_message_at").desc(nulls_last=True), "-pk"]

    def __str__(self) -> str:
        return str(self.introduction)


class Participant(TimeStampedModel):
    """A member taking part in a conversation for their organisation, with what they have read."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_message_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["organisation_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="participant_unique_per_conversation"
            )
        ]


class Message(models.Model):
    """One message in a conversation."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["conversation", "id"], name="message_thread_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} at {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    """A PDF or image, checked by its content when stored and served only as a download."""

    title = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class MessageAttachment(Attachment):
    """A file attached to a message."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="engagement/messages/")


class ResponseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    DECLINED = "declined", _("Declined")


class ChallengeResponse(TimeStampedModel):
    """A company's short proposal answering a city's open challenge."""

    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="responses"
    )
    company = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="challenge_responses"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    solution = models.ForeignKey(
        "solutions.Solution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approach = models.TextField(_("approach"), max_length=5000)
    cost_amount = models.DecimalField(
        _("indicative cost"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_currency = models.CharField(_("currency"), max_length=3, blank=True)
    timeline = models.CharField(_("timeline"), max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.SUBMITTED
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "company"], name="response_one_per_company"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} on {self.challenge}"


class ResponseAttachment(Attachment):
    """A file attached to a response."""

    response = models.ForeignKey(
        ChallengeResponse, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="engagement/responses/")
