"""Challenges cities publish (open calls), and each city's needs profile."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhive.content.models import FacetedItem, FacetTag
from cityhive.core.models import TimeStampedModel


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("Partners (signed-in members of programme partners)")
    PRIVATE = "private", _("Private (our own members)")


# A needs profile says what a city lacks: shared with the programme's verified partners unless the
# city chooses otherwise.
NEEDS_DEFAULT_VISIBILITY = Visibility.PARTNERS


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Challenge(FacetedItem):
    """A need a city publishes, with who may see it."""

    city = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="challenges"
    )
    description = models.TextField(max_length=50_000)
    budget_min = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    budget_currency = models.CharField(max_length=3, blank=True)
    deadline = models.DateField(null=True, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    status = models.CharField(
        max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "visibility", "-created_at"], name="challenge_list_idx"),
            models.Index(fields=["city", "status"], name="challenge_city_idx"),
        ]


class ChallengeTag(FacetTag):
    """One facet value a challenge carries, with its importance: the index behind filters."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="facet_tags")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "facet", "value"], name="challenge_tag_unique"
            )
        ]
        indexes = [models.Index(fields=["facet", "value", "challenge"], name="challenge_tag_idx")]


class NeedSource(models.TextChoices):
    KPI_ASSESSMENT = "kpi_assessment", _("KPI assessment")
    CLIMATE_RISK = "climate_risk", _("Climate risk")
    EMISSIONS_INVENTORY = "emissions_inventory", _("Emissions inventory")
    MANUAL = "manual", _("Entered by the city")


class NeedItem(TimeStampedModel):
    """One weighted need in a city's needs profile, with where it came from."""

    city = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="need_items"
    )
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=60)
    weight = models.FloatField()
    source = models.CharField(max_length=24, choices=NeedSource.choices)

    class Meta:
        ordering = ["-weight", "facet", "value"]
        constraints = [
            models.UniqueConstraint(fields=["city", "facet", "value"], name="need_item_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0) & models.Q(weight__lte=1),
                name="need_item_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.facet}:{self.value} ({self.weight})"


class NeedsProfile(TimeStampedModel):
    """Who may see a city's needs profile (its items are the city's NeedItem rows).

    A city without a row has the default visibility, so a city is never more exposed than that.
    """

    city = models.OneToOneField(
        "directory.Organisation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="needs_profile",
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=NEEDS_DEFAULT_VISIBILITY
    )

    def __str__(self) -> str:
        return f"{self.city}: {self.visibility}"
