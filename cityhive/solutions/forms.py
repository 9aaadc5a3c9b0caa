"""Forms of the solution pages. They only shape input into the exchange format: the services
validate and write, and each error path they report is shown next to the field it names."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cityhive.content.cobenefits import COBENEFIT_LABELS
from cityhive.content.forms import (
    PICKER_HELP,
    CatalogueFilterForm,
    CobenefitsField,
    CodeListField,
    FacetedItemForm,
    VersionedForm,
    blank_choice,
    description_field,
    fast_selects,
    range_check,
)
from cityhive.content.widgets import ChoicePicker, TagInput, TagPicker
from cityhive.core.languages import LANGUAGE_CHOICES
from cityhive.solutions.models import CostLevel, ImplementationStatus, Timeline
from cityhive.solutions.selectors import SolutionFilters, solution_tags_in_use

MAX_POPULATION = 10**10
TRL_CHOICES = [(n, format_lazy(_("TRL {level}"), level=n)) for n in range(1, 10)]
SORT_CHOICES = [("newest", _("Newest")), ("title", _("Title")), ("maturity", _("Maturity"))]
COBENEFIT_EFFECTS = [
    ("2", _("+2 · helps a lot")),
    ("1", _("+1 · helps")),
    ("0", _("0 · no effect")),
    ("-1", _("-1 · harms")),
    ("-2", _("-2 · harms a lot")),
]
WORLDWIDE = "global"


def region_choices() -> list[tuple[str, str]]:
    # A callable: a plain list of 250 countries is deep-copied with every form instance.
    return [(WORLDWIDE, _("Worldwide")), *countries]


# --- the catalogue ---------------------------------------------------------------------------


class SolutionFilterForm(CatalogueFilterForm):
    emission_sector = forms.ChoiceField(required=False, label=_("Emission sector"))
    maturity_min = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label=_("Maturity"),
        choices=[
            *blank_choice(_("Any")),
            *((n, format_lazy(_("TRL {level} or more"), level=n)) for n in range(1, 10)),
        ],
    )
    cost_level = forms.ChoiceField(
        required=False, label=_("Cost"), choices=[*blank_choice(_("Any")), *CostLevel.choices]
    )
    sort = forms.ChoiceField(required=False, label=_("Sort by"), choices=SORT_CHOICES)
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
        label=_("Summary"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences, shown in the catalogue."),
    )
    description = description_field(required=False)
    cost_level = forms.ChoiceField(
        required=False, label=_("Cost level"), choices=[*blank_choice("—"), *CostLevel.choices]
    )
    timeline = forms.ChoiceField(
        required=False, label=_("Timeline"), choices=[*blank_choice("—"), *Timeline.choices]
    )
    cobenefits = CobenefitsField(
        required=False,
        label=_("Co-benefits"),
        help_text=_(
            "What else the solution changes for a city, from -2 (harms a lot) to +2 (helps a lot)."
        ),
        names=sorted(COBENEFIT_LABELS.items(), key=lambda pair: str(pair[1])),
        effects=COBENEFIT_EFFECTS,
    )
    maturity = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label=_("Maturity (TRL)"),
        choices=[*blank_choice("—"), *TRL_CHOICES],
        help_text=_("Technology readiness level, 1 (idea) to 9 (proven in operation)."),
    )
    regions_served = forms.MultipleChoiceField(
        required=False,
        label=_("Regions served"),
        choices=region_choices,
        widget=TagPicker,
        help_text=_("The countries where you offer it, or Worldwide."),
    )
    languages = forms.MultipleChoiceField(
        required=False,
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        widget=TagPicker,
        help_text=PICKER_HELP,
    )
    population_min = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_POPULATION, label=_("Cities from (population)")
    )
    population_max = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_POPULATION, label=_("Cities up to (population)")
    )
    pricing_model = forms.CharField(required=False, max_length=100, label=_("Pricing model"))
    tags = CodeListField(
        required=False,
        max_length=2_000,
        label=_("Tags"),
        widget=TagInput,
        help_text=_(
            "Pick tags already in use or type new ones; without the picker, separate them with"
            " commas."
        ),
    )
    website = forms.URLField(required=False, assume_scheme="https", label=_("Website"))

    ALIASES = {"population_range": "population_min"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = self.fields["regions_served"]
        known = {code for code, _label in regions.choices}
        saved = [code for code in self.initial.get("regions_served") or [] if code not in known]
        regions.choices = [*regions.choices, *((code, code) for code in saved)]
        self.fields["tags"].widget.suggestions = solution_tags_in_use()

    def clean(self):
        data = super().clean()
        range_check(self, "population_min", "population_max")
        return data

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
        queryset=None, to_field_name="slug", empty_label=None, label=_("Provider")
    )
    publish = forms.BooleanField(
        required=False, label=_("Publish now"), help_text=_("Published solutions are public.")
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

    kpi = forms.ChoiceField(required=False, label=_("KPI"), widget=ChoicePicker)
    before = forms.FloatField(required=False, label=_("Before"))
    after = forms.FloatField(required=False, label=_("After"))
    unit = forms.CharField(required=False, max_length=40, label=_("Unit"))
    year = forms.IntegerField(required=False, min_value=1950, max_value=2100, label=_("Year"))

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
    city = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", label=_("City"), widget=ChoicePicker
    )
    year = forms.IntegerField(min_value=1950, max_value=2100, label=_("Year"))
    status = forms.ChoiceField(choices=ImplementationStatus.choices, label=_("Status"))
    summary = forms.CharField(
        required=False,
        label=_("Summary"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was deployed, and what changed."),
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
