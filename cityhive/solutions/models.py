"""Solutions that organisations offer cities, and their implementations in cities (the evidence)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhive.content.models import FacetedItem, FacetTag
from cityhive.core.models import TimeStampedModel


class CostLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Timeline(models.TextChoices):
    SHORT = "<5 years", _("Under 5 years")
    MEDIUM = "5-10 years", _("5 to 10 years")
    LONG = ">10 years", _("Over 10 years")


class SolutionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Solution(FacetedItem):
    """What an organisation (its provider) offers cities: a product, service or proven approach."""

    provider = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="solutions"
    )
    summary = models.CharField(max_length=600)
    description = models.TextField(blank=True, max_length=50_000)
    cost_level = models.CharField(
        max_length=10, choices=CostLevel.choices, blank=True, db_index=True
    )
    timeline = models.CharField(max_length=12, choices=Timeline.choices, blank=True)
    cobenefits = models.JSONField(default=dict, blank=True)
    maturity = models.PositiveSmallIntegerField(
        "maturity (TRL)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        db_index=True,
    )
    regions_served = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    population_min = models.PositiveBigIntegerField(null=True, blank=True)
    population_max = models.PositiveBigIntegerField(null=True, blank=True)
    pricing_model = models.CharField(max_length=100, blank=True)
    tags = models.JSONField(default=list, blank=True)
    website = models.URLField(blank=True)
    status = models.CharField(
        max_length=10, choices=SolutionStatus.choices, default=SolutionStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="solution_status_published_idx"),
            models.Index(fields=["status", "title"], name="solution_status_title_idx"),
            models.Index(fields=["provider", "status"], name="solution_provider_idx"),
        ]


class SolutionTag(FacetTag):
    """One facet value a solution carries, with its strength: the index behind facet filters."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="facet_tags")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "facet", "value"], name="solution_tag_unique"
            )
        ]
        # Facet filters look up (facet, value); matching reads each value's strongest carriers.
        indexes = [
            models.Index(
                fields=["facet", "value", "-strength", "solution"], name="solution_tag_strength_idx"
            )
        ]


class ImplementationStatus(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    DEPLOYED = "deployed", _("Deployed")
    SCALED = "scaled", _("Scaled")


class Implementation(TimeStampedModel):
    """A solution deployed in a city; only that city can confirm it."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="implementations")
    city = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="implementations"
    )
    external_id = models.CharField(max_length=200, unique=True, null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    status = models.CharField(max_length=10, choices=ImplementationStatus.choices)
    summary = models.TextField(blank=True, max_length=5_000)
    kpi_changes = models.JSONField(default=list, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-year", "pk"]
        indexes = [models.Index(fields=["city", "confirmed_at"], name="implementation_city_idx")]

    def __str__(self) -> str:
        return f"{self.solution} in {self.city} ({self.year})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SolutionFileKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")


class SolutionFile(TimeStampedModel):
    """An image or document attached to a solution, checked by content and served safely."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=SolutionFileKind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="solutions/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title
