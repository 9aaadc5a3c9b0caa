"""Reference taxonomies: the SDGs, the U4SSC KPIs and CityHive's small facet vocabularies.

SDG and KPI rows are loaded from the CSV files in `data/` by `reference_data_load()`; they are
reference data, never edited in the product. Titles are JSON objects keyed by UN language code.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhive.taxonomy.languages import DEFAULT_LANGUAGE, text_in_language

DARK_TEXT = "#1b1f24"
LIGHT_TEXT = "#ffffff"


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def readable_text_colour(background: str) -> str:
    """White or dark text, whichever has the higher WCAG contrast on `background`."""
    lum = _relative_luminance(background)
    on_white = (1.05) / (lum + 0.05)
    on_dark = (lum + 0.05) / (_relative_luminance(DARK_TEXT) + 0.05)
    return LIGHT_TEXT if on_white >= on_dark else DARK_TEXT


class TitledInUnLanguages(models.Model):
    """A reference row whose title is given in the six UN languages."""

    titles = models.JSONField(
        default=dict, help_text="Title by UN language code: ar, en, es, fr, ru, zh."
    )

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return text_in_language(self.titles, DEFAULT_LANGUAGE)


class SdgGoal(TitledInUnLanguages):
    """One of the 17 Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(
        primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    colour = models.CharField(max_length=7, help_text="Official UN SDG colour, e.g. #E5243B.")
    short_titles = models.JSONField(default=dict, help_text="Short title by UN language code.")

    class Meta:
        ordering = ["number"]
        verbose_name = "SDG goal"

    def __str__(self) -> str:
        return f"SDG {self.number}: {self.short_title}"

    @property
    def short_title(self) -> str:
        return text_in_language(self.short_titles, DEFAULT_LANGUAGE)

    @property
    def text_colour(self) -> str:
        return readable_text_colour(self.colour)


class SdgTarget(TitledInUnLanguages):
    """An SDG target such as "11.2" or "11.b"."""

    code = models.CharField(max_length=8, unique=True)
    goal = models.ForeignKey(SdgGoal, on_delete=models.PROTECT, related_name="targets")
    sort_key = models.CharField(max_length=16, db_index=True, editable=False)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "SDG target"

    def __str__(self) -> str:
        return f"Target {self.code}"


class SdgIndicator(TitledInUnLanguages):
    """An indicator of the UN global indicator framework (after the 2025 review)."""

    code = models.CharField(max_length=12, unique=True)
    targets = models.ManyToManyField(SdgTarget, related_name="indicators")
    unsd_code = models.CharField("UNSD code", max_length=12, blank=True)
    sort_key = models.CharField(max_length=24, db_index=True, editable=False)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "SDG indicator"

    def __str__(self) -> str:
        return f"Indicator {self.code}"


class KpiDimension(models.Model):
    """A U4SSC dimension: Economy, Environment, Society and Culture."""

    code = models.CharField(max_length=4, unique=True, help_text="Prefix in KPI codes, e.g. EC.")
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "KPI dimension"

    def __str__(self) -> str:
        return self.name


class KpiSubDimension(models.Model):
    """A U4SSC sub-dimension within a dimension, e.g. ICT in Economy."""

    dimension = models.ForeignKey(
        KpiDimension, on_delete=models.PROTECT, related_name="sub_dimensions"
    )
    code = models.CharField(max_length=4, help_text="Second part of KPI codes, e.g. ICT.")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension__sort_order", "sort_order"]
        verbose_name = "KPI sub-dimension"
        constraints = [
            models.UniqueConstraint(fields=["dimension", "name"], name="kpi_subdimension_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dimension.name} / {self.name}"


class KpiCategory(models.Model):
    """A U4SSC category, e.g. Water and Sanitation; it recurs under several sub-dimensions."""

    code = models.CharField(
        max_length=4, unique=True, help_text="Third part of KPI codes, e.g. WS."
    )
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "KPI category"
        verbose_name_plural = "KPI categories"

    def __str__(self) -> str:
        return self.name


class KpiKind(models.TextChoices):
    CORE = "core", _("Core")
    ADVANCED = "advanced", _("Advanced")


class Kpi(models.Model):
    """A U4SSC key performance indicator for smart sustainable cities (ITU-T Y.4903)."""

    code = models.CharField(
        max_length=20, unique=True, help_text='As published, e.g. "EC: I: T: 1C".'
    )
    slug = models.SlugField(max_length=60, unique=True)
    definition = models.TextField()
    kind = models.CharField(max_length=10, choices=KpiKind.choices, db_index=True)
    sub_dimension = models.ForeignKey(
        KpiSubDimension, on_delete=models.PROTECT, related_name="kpis"
    )
    category = models.ForeignKey(KpiCategory, on_delete=models.PROTECT, related_name="kpis")
    sdg_goals = models.ManyToManyField(SdgGoal, related_name="kpis", blank=True)
    sdg_targets = models.ManyToManyField(SdgTarget, related_name="kpis", blank=True)
    sdg_indicators = models.ManyToManyField(SdgIndicator, related_name="kpis", blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "U4SSC KPI"
        verbose_name_plural = "U4SSC KPIs"

    def __str__(self) -> str:
        return self.code

    @property
    def dimension(self) -> KpiDimension:
        return self.sub_dimension.dimension


class Facet(models.TextChoices):
    HAZARD = "hazard", _("Climate hazard")
    EMISSION_SECTOR = "emission_sector", _("Emission sector (GPC)")
    IMPACT_SECTOR = "impact_sector", _("Impact sector")
    CATEGORY = "category", _("Smart-city category")


class FacetTerm(models.Model):
    """A value of one of CityHive's small vocabularies (see the exchange format)."""

    facet = models.CharField(max_length=20, choices=Facet.choices)
    code = models.CharField(
        max_length=60, help_text='Exchange-format value, e.g. "mobility/parking".'
    )
    label = models.CharField(max_length=120)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["facet", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["facet", "code"], name="facet_term_unique")]

    def __str__(self) -> str:
        return f"{self.facet}: {self.code}"
