"""A city's U4SSC KPI self-assessment for a year, its climate risks and emissions inventory,
the targets programme managers score against, and the needs they derive."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityhive.challenges.models import NeedSource, Visibility
from cityhive.core.models import TimeStampedModel


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class DataQuality(models.IntegerChoices):
    """How far a value can be trusted, from a guess (1) to verified official statistics (6)."""

    GUESS = 1, _("1: Rough estimate, no documented source")
    EXPERT = 2, _("2: Expert estimate")
    MODELLED = 3, _("3: Modelled or extrapolated from older data")
    PARTIAL = 4, _("4: Survey or partial measurement")
    OFFICIAL = 5, _("5: Official statistics, partly verified")
    VERIFIED = 6, _("6: Official statistics, complete and verified")


class SizeClass(models.TextChoices):
    """City-size classes a target may be set for (by population)."""

    ALL = "", _("Every city")
    SMALL = "small", _("Small (under 100,000 inhabitants)")
    MEDIUM = "medium", _("Medium (100,000 to 1 million)")
    LARGE = "large", _("Large (over 1 million)")


class Assessment(TimeStampedModel):
    """One city's self-assessment for one year."""

    city = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Fields of its exchange line that the format does not define, kept so that they export back.
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["city", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["city", "year"], name="assessment_city_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.year}"


class KpiValue(TimeStampedModel):
    """A city's value for one KPI in one assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="values")
    kpi = models.ForeignKey("taxonomy.Kpi", on_delete=models.PROTECT, related_name="+")
    value = models.FloatField()
    unit = models.CharField(max_length=40)
    data_source = models.CharField(max_length=200, blank=True)
    data_quality = models.PositiveSmallIntegerField(
        choices=DataQuality.choices, null=True, blank=True
    )
    notes = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["kpi__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kpi"], name="kpi_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.kpi} = {self.value} {self.unit}"


class KpiEvidence(TimeStampedModel):
    """A file that backs one KPI value (a PDF or an image, checked by its content)."""

    kpi_value = models.ForeignKey(KpiValue, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="assessment/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.title


class KpiValueChange(models.Model):
    """One change of a KPI value, kept so an assessment's history shows who changed what, when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="changes")
    kpi = models.ForeignKey("taxonomy.Kpi", on_delete=models.PROTECT, related_name="+")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.kpi} {self.before} -> {self.after}"


class KpiTarget(TimeStampedModel):
    """The target (benchmark) a KPI is scored against, for every city or one size class."""

    kpi = models.ForeignKey("taxonomy.Kpi", on_delete=models.CASCADE, related_name="+")
    size_class = models.CharField(
        max_length=10, choices=SizeClass.choices, default=SizeClass.ALL, blank=True
    )
    target = models.FloatField()

    class Meta:
        ordering = ["kpi__sort_order", "size_class"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "size_class"], name="kpi_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.target} ({self.size_class or 'all'})"


class ClimateRisk(TimeStampedModel):
    """One line of a city's climate-risk assessment: a hazard, its key impact and its risk."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="climate_risks"
    )
    hazard = models.CharField(max_length=60)
    key_impact = models.CharField(max_length=200)
    risk = models.FloatField()

    class Meta:
        ordering = ["-risk", "hazard", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(risk__gte=0) & Q(risk__lte=1), name="climate_risk_range"
            )
        ]


class EmissionEntry(TimeStampedModel):
    """A city's greenhouse-gas emissions from one GPC sector in one assessment's year."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="emissions")
    sector = models.CharField(max_length=60)
    tonnes_co2e = models.FloatField()

    class Meta:
        ordering = ["-tonnes_co2e", "sector"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "sector"], name="emission_unique"),
            models.CheckConstraint(condition=Q(tonnes_co2e__gte=0), name="emission_positive"),
        ]


class DerivedNeed(TimeStampedModel):
    """A need the latest assessment suggests, with its reason and the city's adjustment; the
    city applies the reviewed list to its needs profile."""

    city = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="derived_needs"
    )
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=60)
    weight = models.FloatField()
    source = models.CharField(max_length=24, choices=NeedSource.choices)
    reason = models.CharField(max_length=300)
    adjusted_weight = models.FloatField(null=True, blank=True)
    excluded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-weight", "facet", "value"]
        constraints = [
            models.UniqueConstraint(fields=["city", "facet", "value"], name="derived_need_unique")
        ]

    @property
    def chosen_weight(self) -> float:
        return self.weight if self.adjusted_weight is None else self.adjusted_weight


class GapKind(models.TextChoices):
    KPI = "kpi", _("Weak KPI")
    HAZARD = "hazard", _("Climate risk")


class GapChallenge(TimeStampedModel):
    """A challenge CityHive drafted for one gap of an assessment (so the gap links to it)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="gap_challenges"
    )
    kind = models.CharField(max_length=10, choices=GapKind.choices)
    code = models.CharField(max_length=60)
    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind", "code"], name="gap_challenge_unique"
            )
        ]
