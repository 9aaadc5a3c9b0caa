"""Events online and offline, registrations, and the 1:1 meetings participants hold there."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityhive.content.models import FacetedItem, FacetTag
from cityhive.core.models import TimeStampedModel


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("Programme partners")
    INVITED = "invited", _("Invited organisations")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting the programme's approval")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingMode(models.TextChoices):
    SELF_SERVICE = "self_service", _("Participants book free slots themselves")
    BATCH = "batch", _("The organiser schedules all accepted meetings at once")


class Event(FacetedItem):
    """A conference, workshop or matchmaking session, with its own meeting slots and tables."""

    organiser = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="organised_events"
    )
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(max_length=50_000, blank=True)
    format = models.CharField(max_length=10, choices=EventFormat.choices)
    venue = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    meeting_url = models.URLField(max_length=500, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    requires_approval = models.BooleanField(default=False)
    visibility = models.CharField(
        max_length=10, choices=EventVisibility.choices, default=EventVisibility.PUBLIC
    )
    status = models.CharField(
        max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    invited_organisations = models.ManyToManyField(
        "directory.Organisation", blank=True, related_name="event_invitations"
    )
    meeting_mode = models.CharField(
        max_length=12, choices=MeetingMode.choices, default=MeetingMode.SELF_SERVICE
    )
    meeting_tables = models.PositiveSmallIntegerField(default=10)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "visibility", "starts_at"], name="event_list_idx"),
            models.Index(fields=["organiser", "starts_at"], name="event_organiser_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]


class EventTag(FacetTag):
    """One facet value an event carries: the index behind the calendar's filters."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="facet_tags")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "facet", "value"], name="event_tag_unique")
        ]
        indexes = [models.Index(fields=["facet", "value", "event"], name="event_tag_idx")]


class Session(models.Model):
    """One item of an event's agenda."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.CharField(max_length=100, blank=True)
    speakers = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the organiser's approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined by the organiser")
    CANCELLED = "cancelled", _("Cancelled")


# Places are taken by confirmed registrations and by those the organiser still has to decide on.
HOLDS_A_PLACE = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)


class Registration(TimeStampedModel):
    """A member's participation in an event for an organisation, with what they offer and seek."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    offer = models.TextField(max_length=2000, blank=True)
    seek = models.TextField(max_length=2000, blank=True)
    solutions = models.ManyToManyField("solutions.Solution", blank=True, related_name="+")
    challenges = models.ManyToManyField("challenges.Challenge", blank=True, related_name="+")
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_one_per_member")
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_idx")]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation}) at {self.event}"


class MeetingSlot(models.Model):
    """A time in which meetings take place at the event's tables (or online)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="meeting_slot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class Availability(models.Model):
    """A participant is free for meetings in this slot."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="availability"
    )
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "slot"], name="availability_unique")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} free at {self.slot_id}"


class MeetingRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_REQUEST = (MeetingRequestStatus.PENDING, MeetingRequestStatus.ACCEPTED)


class MeetingRequest(TimeStampedModel):
    """One participant asks another for a 1:1 meeting at the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(max_length=1000, blank=True)
    priority = models.BooleanField(default=False)
    score = models.FloatField(default=0.0)
    status = models.CharField(
        max_length=10, choices=MeetingRequestStatus.choices, default=MeetingRequestStatus.PENDING
    )
    decline_reason = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "recipient"],
                condition=Q(status__in=["pending", "accepted"]),
                name="meeting_request_one_open",
            ),
            models.CheckConstraint(
                condition=~Q(requester=models.F("recipient")), name="meeting_request_not_self"
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="meeting_request_idx")]


class MeetingOutcome(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Did not take place")


class Meeting(models.Model):
    """An accepted request with its slot and table (or the event's online link).

    The batch run's meetings wait, unpublished, until the organiser publishes the schedule;
    pinned ones (placed or moved by hand) survive the next run.
    """

    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.PROTECT, related_name="meetings")
    table = models.PositiveSmallIntegerField(null=True, blank=True)
    online_url = models.URLField(max_length=500, blank=True)
    scheduled_by_batch = models.BooleanField(default=False)
    published = models.BooleanField(default=True)
    pinned = models.BooleanField(default=False)
    outcome = models.CharField(
        max_length=10, choices=MeetingOutcome.choices, default=MeetingOutcome.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot__starts_at", "table", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=Q(table__isnull=False),
                name="meeting_table_free",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} at {self.slot_id}, table {self.table}"


class MeetingSeat(models.Model):
    """A participant's place in a meeting: one meeting per person per slot, by constraint."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "slot"], name="meeting_seat_one_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} in {self.meeting_id}"
