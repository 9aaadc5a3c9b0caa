"""The partnership programme: tiers, companies' applications and the partnerships they lead to.

An application moves draft -> submitted -> approved | changes requested | rejected (django-fsm-2
guards the moves); an approval opens a `Partnership`: one period of partner status in a tier.
Partner status is computed from the periods' dates, so an expired period stops counting on its
last day even before `cityhive partnership expire` marks it.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from cityhive.core.models import TimeStampedModel


class Unlock(models.TextChoices):
    """What a tier opens to its partners: the codes other apps ask partnership about."""

    PARTNERS_CONTENT = "partners_content", _("Partners-only challenges and needs profiles")
    EXPERT_GROUPS = "expert_groups", _("Expert groups")
    FEATURED_AT_EVENTS = "featured_at_events", _("Featured presence at events")
    INTRODUCTIONS = "introductions", _("Introductions to cities")


# Badge styles of the design system, from the first tier in the programme's order upwards.
TIER_BADGES = ("tier-bronze", "tier-silver", "tier-gold", "tier-platinum")


class Tier(TimeStampedModel):
    """A level of partnership that programme managers define: its benefits, fee and unlocks."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    benefits = models.TextField(_("benefits"), max_length=5_000, blank=True)
    annual_fee = models.DecimalField(
        _("annual fee"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    unlocks = models.JSONField(_("unlocks"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("tier")

    def __str__(self) -> str:
        return self.name

    @property
    def badge_class(self) -> str:
        """The design system's tier badge for the tier's place in the programme's order."""
        return TIER_BADGES[min(self.position, len(TIER_BADGES) - 1)]

    def unlock_labels(self) -> list[str]:
        """What the tier unlocks, as people read it."""
        labels = dict(Unlock.choices)
        return [str(labels[code]) for code in Unlock.values if code in self.unlocks]


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# An organisation has at most one application that is not decided yet.
OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.CHANGES_REQUESTED,
)
EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED)
DECIDABLE_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED)


class ApplicationKind(models.TextChoices):
    NEW = "new", _("New partnership")
    RENEWAL = "renewal", _("Renewal")


class Application(TimeStampedModel):
    """A company's application to become (or stay) a partner in a tier."""

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="partnership_applications"
    )
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(max_length=10, choices=ApplicationKind.choices)
    status = FSMField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    references = models.JSONField(default=list, blank=True)
    sdgs = models.JSONField(default=list, blank=True)
    motivation = models.TextField(max_length=5_000, blank=True)
    # The code of conduct as it was accepted: its version and text, when and by whom.
    conduct_version = models.CharField(max_length=20, blank=True)
    conduct_text = models.TextField(blank=True)
    conduct_accepted_at = models.DateTimeField(null=True, blank=True)
    conduct_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The profile's completeness when the application was last submitted (percent).
    completeness = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The reason the applicant sees for changes asked or a rejection.
    decision_reason = models.TextField(max_length=5_000, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status__in=OPEN_STATUSES),
                name="application_one_open_per_organisation",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="application_queue_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.tier} ({self.status})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_decidable(self) -> bool:
        return self.status in DECIDABLE_STATUSES

    # The moves between states; services record who and when, and check everything else.

    @transition(field=status, source=list(EDITABLE_STATUSES), target=ApplicationStatus.SUBMITTED)
    def submit(self) -> None:
        self.submitted_at = timezone.now()

    @transition(
        field=status, source=ApplicationStatus.SUBMITTED, target=ApplicationStatus.CHANGES_REQUESTED
    )
    def ask_for_changes(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=status, source=list(DECIDABLE_STATUSES), target=ApplicationStatus.APPROVED)
    def approve(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=status, source=list(DECIDABLE_STATUSES), target=ApplicationStatus.REJECTED)
    def reject(self) -> None:
        self.decided_at = timezone.now()


class Partnership(TimeStampedModel):
    """One period of partner status in a tier, opened by an approved application."""

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="partnerships"
    )
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="partnerships")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="partnership"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()  # the last day of the period
    # Set by `cityhive partnership expire`; status itself is computed from the dates.
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="partnership_period_order"
            )
        ]
        indexes = [models.Index(fields=["organisation", "ends_on"], name="partnership_org_idx")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.tier} {self.starts_on} to {self.ends_on}"

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on
