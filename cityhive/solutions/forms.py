"""Forms of the solution pages. They only shape input into the exchange format: the services
validate and write, and each error path they report is shown next to the field it names."""

from django import forms

from cityhive.content.forms import (
    MULTI_HELP,
    CatalogueFilterForm,
    CobenefitsField,
    CodeListField,
    FacetedItemForm,
    VersionedForm,
    blank_choice,
    description_field,
    fast_selects,
)
from cityhive.core.languages import LANGUAGE_CHOICES
from cityhive.solutions.models import CostLevel, ImplementationStatus, Timeline
from cityhive.solutions.selectors import SolutionFilters

MAX_POPULATION = 10**10
TRL_CHOICES = [(n, f"TRL {n}") for n in range(1, 10)]
SORT_CHOICES = [("newest", "Newest"), ("title", "Title"), ("maturity", "Maturity")]


# --- the catalogue ---------------------------------------------------------------------------


class SolutionFilterForm(CatalogueFilterForm):
    emission_sector = forms.ChoiceField(required=False, label="Emission sector")
    maturity_min = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Maturity",
        choices=[*blank_choice("Any"), *((n, f"TRL {n} or more") for n in range(1, 10))],
    )
    cost_level = forms.ChoiceField(
        required=False, label="Cost", choices=[*blank_choice("Any"), *CostLevel.choices]
    )
    sort = forms.ChoiceField(required=False, label="Sort by", choices=SORT_CHOICES)
    provider = forms.SlugField(required=False, max_length=220, widget=forms.HiddenInput)

    FACETS = {**CatalogueFilterForm.FACETS, "emission_sector": "emission_sector"}
    field_order = ["q", "category", "sdg", "kpi", "hazard", "emission_sector"]

    def filters(self, *, provider_id: int | None = None) -> SolutionFilters:
        """The valid filters asked for (an invalid one is ignored, not an error)."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in ("", None)}
        return SolutionFilters(
            query=data.get("q", "").strip(),
            category=data.get("category", ""),
            sdg=data.get("sdg", ""),
            kpi=data.get("kpi", ""),
            hazard=data.get("hazard", ""),
            emission_sector=data.get("emission_sector", ""),
            country=data.get("country", ""),
            maturity_min=data.get("maturity_min"),
            cost_level=data.get("cost_level", ""),
            provider_id=provider_id,
            sort=data.get("sort", "newest"),
        )


class SolutionForm(FacetedItemForm):
    """A solution's fields; `exchange_fields` shapes them for the services."""

    summary = forms.CharField(
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences, shown in the catalogue.",
    )
    description = description_field(required=False)
    cost_level = forms.ChoiceField(required=False, choices=[*blank_choice("—"), *CostLevel.choices])
    timeline = forms.ChoiceField(required=False, choices=[*blank_choice("—"), *Timeline.choices])
    cobenefits = CobenefitsField(
        required=False,
        label="Co-benefits",
        help_text="One per line, name: number from -2 (harms) to 2 (helps), e.g. air_quality: 1.",
    )
    maturity = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Maturity (TRL)",
        choices=[*blank_choice("—"), *TRL_CHOICES],
        help_text="Technology readiness level, 1 (idea) to 9 (proven in operation).",
    )
    regions_served = CodeListField(
        required=False,
        upper=True,
        max_length=2_000,
        help_text="Country codes (ISO 3166-1 alpha-2) separated by commas, e.g. BR, PT; or global.",
    )
    languages = forms.MultipleChoiceField(
        required=False, choices=LANGUAGE_CHOICES, help_text=MULTI_HELP
    )
    population_min = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_POPULATION, label="Cities from (population)"
    )
    population_max = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_POPULATION, label="Cities up to (population)"
    )
    pricing_model = forms.CharField(required=False, max_length=100)
    tags = CodeListField(required=False, max_length=2_000, help_text="Separate with commas.")
    website = forms.URLField(required=False, assume_scheme="https")

    ALIASES = {"population_range": "population_min"}

    def exchange_fields(self, *, addresses: list[dict]) -> dict:
        """The cleaned input in the exchange format's shape."""
        data = self.cleaned_data
        low, high = data["population_min"], data["population_max"]
        fields = {
            key: data[key]
            for key in (
                "title", "summary", "description", "categories", "sdg_targets", "kpis",
                "cost_level", "timeline", "cobenefits", "maturity", "regions_served",
                "languages", "pricing_model", "tags", "website",
            )
        }  # fmt: skip
        fields["addresses"] = addresses
        fields["population_range"] = None if low is None and high is None else [low, high]
        return fields

    @staticmethod
    def initial_from(data: dict) -> dict:
        """Form initial values from a solution's exchange-shaped fields."""
        low_high = data.get("population_range") or [None, None]
        return {**data, "population_min": low_high[0], "population_max": low_high[1]}


class SolutionCreateForm(SolutionForm):
    provider = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", empty_label=None, label="Provider"
    )
    publish = forms.BooleanField(
        required=False, label="Publish now", help_text="Published solutions are public."
    )
    field_order = ["provider", "title"]

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class SolutionEditForm(SolutionForm, VersionedForm):
    pass


# --- implementations -------------------------------------------------------------------------


class KpiChangeRowForm(forms.Form):
    """One KPI's value before and after an implementation."""

    kpi = forms.ChoiceField(required=False, label="KPI")
    before = forms.FloatField(required=False)
    after = forms.FloatField(required=False)
    unit = forms.CharField(required=False, max_length=40)
    year = forms.IntegerField(required=False, min_value=1950, max_value=2100)

    def __init__(self, *args, kpis: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = [*blank_choice("—"), *kpis]
        fast_selects(self)

    def item(self) -> dict | None:
        data = self.cleaned_data
        if not any(data.get(key) not in ("", None) for key in self.fields):
            return None
        return {key: data.get(key) for key in ("kpi", "before", "after", "unit", "year")}


class ImplementationForm(forms.Form):
    city = forms.ModelChoiceField(queryset=None, to_field_name="slug", label="City")
    year = forms.IntegerField(min_value=1950, max_value=2100)
    status = forms.ChoiceField(choices=ImplementationStatus.choices)
    summary = forms.CharField(
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was deployed, and what changed.",
    )

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
        fast_selects(self)

    def exchange_fields(self, *, kpi_changes: list[dict]) -> dict:
        """The cleaned input in the exchange format's shape (without the city)."""
        data = self.cleaned_data
        return {
            "year": data["year"],
            "status": data["status"],
            "summary": data["summary"],
            "kpi_changes": kpi_changes,
        }
