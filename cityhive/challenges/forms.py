"""Forms of the challenge and needs pages. They only shape input into the exchange format: the
services validate and write (the shared row and error helpers live in content.forms)."""

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cityhive.challenges.models import ChallengeStatus, NeedSource, Visibility
from cityhive.challenges.selectors import ChallengeFilters
from cityhive.content.forms import (
    CatalogueFilterForm,
    FacetedItemForm,
    FacetRowForm,
    MoneyField,
    VersionedForm,
    blank_choice,
    description_field,
    range_check,
)
from cityhive.content.widgets import ChoicePicker

SORT_CHOICES = [("newest", _("Newest")), ("deadline", _("Deadline")), ("title", _("Title"))]
# The currencies a city's budget is most often in (ISO 4217); a saved other one stays offered.
CURRENCIES = [
    ("ARS", _("Argentine peso")),
    ("AUD", _("Australian dollar")),
    ("BRL", _("Brazilian real")),
    ("GBP", _("British pound")),
    ("CAD", _("Canadian dollar")),
    ("XAF", _("Central African CFA franc")),
    ("CLP", _("Chilean peso")),
    ("CNY", _("Chinese yuan")),
    ("COP", _("Colombian peso")),
    ("CZK", _("Czech koruna")),
    ("DKK", _("Danish krone")),
    ("EGP", _("Egyptian pound")),
    ("EUR", _("Euro")),
    ("HUF", _("Hungarian forint")),
    ("INR", _("Indian rupee")),
    ("IDR", _("Indonesian rupiah")),
    ("JPY", _("Japanese yen")),
    ("KES", _("Kenyan shilling")),
    ("MYR", _("Malaysian ringgit")),
    ("MXN", _("Mexican peso")),
    ("MAD", _("Moroccan dirham")),
    ("NZD", _("New Zealand dollar")),
    ("NGN", _("Nigerian naira")),
    ("NOK", _("Norwegian krone")),
    ("PEN", _("Peruvian sol")),
    ("PHP", _("Philippine peso")),
    ("PLN", _("Polish złoty")),
    ("RON", _("Romanian leu")),
    ("SAR", _("Saudi riyal")),
    ("SGD", _("Singapore dollar")),
    ("ZAR", _("South African rand")),
    ("KRW", _("South Korean won")),
    ("SEK", _("Swedish krona")),
    ("CHF", _("Swiss franc")),
    ("THB", _("Thai baht")),
    ("TRY", _("Turkish lira")),
    ("AED", _("UAE dirham")),
    ("USD", _("US dollar")),
    ("UYU", _("Uruguayan peso")),
    ("VND", _("Vietnamese dong")),
    ("XOF", _("West African CFA franc")),
]


class ChallengeFilterForm(CatalogueFilterForm):
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[
            ("", _("Any")),
            (ChallengeStatus.OPEN, _("Open")),
            (ChallengeStatus.CLOSED, _("Closed")),
        ],
    )
    sort = forms.ChoiceField(required=False, label=_("Sort by"), choices=SORT_CHOICES)
    city = forms.SlugField(required=False, max_length=220, widget=forms.HiddenInput)

    def filters(self, *, city_id: int | None = None) -> ChallengeFilters:
        """The valid filters asked for (an invalid one is ignored, not an error)."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}
        return ChallengeFilters(
            query=data.get("q", "").strip(),
            category=data.get("category", ""),
            sdg=data.get("sdg", ""),
            kpi=data.get("kpi", ""),
            hazard=data.get("hazard", ""),
            country=data.get("country", ""),
            status=data.get("status", ""),
            city_id=city_id,
            sort=data.get("sort", "newest"),
        )


def weight_number(label) -> forms.FloatField:
    """A weight from 0 to 1, typed as a number."""
    return forms.FloatField(
        required=False,
        label=label,
        widget=forms.NumberInput(
            attrs={"min": "0", "max": "1", "step": "any", "placeholder": "0-1"}
        ),
    )


class ImportanceRowForm(FacetRowForm):
    """A challenge's `addresses` row: the strength is how important that need is."""

    strength = weight_number(_("Importance"))
    weight_words = (_("minor"), _("moderate"), _("important"), _("essential"))


class ChallengeForm(FacetedItemForm):
    """A challenge's fields; `exchange_fields` shapes them for the services."""

    description = description_field(required=True)
    budget_min = MoneyField(
        required=False, min_value=0, max_digits=16, decimal_places=2, label=_("Budget from")
    )
    budget_max = MoneyField(
        required=False, min_value=0, max_digits=16, decimal_places=2, label=_("Budget up to")
    )
    budget_currency = forms.ChoiceField(
        required=False,
        label=_("Currency"),
        choices=[
            *blank_choice("—"),
            *((code, format_lazy("{} · {}", code, name)) for code, name in CURRENCIES),
        ],
        widget=ChoicePicker,
    )
    deadline = forms.DateField(
        required=False,
        label=_("Deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day solutions can be proposed."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ChallengeStatus.choices,
        initial=ChallengeStatus.DRAFT,
        help_text=_("Draft: only your city sees it. Open: published, solutions are welcome."),
    )

    ALIASES = {
        "budget": "budget_min",
        "budget.min": "budget_min",
        "budget.max": "budget_max",
        "budget.currency": "budget_currency",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        currency = self.initial.get("budget_currency")
        field = self.fields["budget_currency"]
        if currency and currency not in {code for code, _name in field.choices}:
            field.choices = [*field.choices, (currency, currency)]

    def clean(self):
        data = super().clean()
        range_check(self, "budget_min", "budget_max")
        amounts = (data.get("budget_min"), data.get("budget_max"))
        if any(amount is not None for amount in amounts) and not data.get("budget_currency"):
            self.add_error("budget_currency", _("Choose the currency of the budget."))
        return data

    def exchange_fields(self, *, addresses: list[dict]) -> dict:
        """The cleaned input in the exchange format's shape."""
        data = self.cleaned_data
        fields = {
            key: data[key]
            for key in ("title", "description", "categories", "sdg_targets", "kpis", "visibility")
        }
        fields["status"] = data["status"]
        fields["addresses"] = addresses
        fields["deadline"] = data["deadline"].isoformat() if data["deadline"] else None
        fields["budget"] = self._budget()
        return fields

    def _budget(self) -> dict | None:
        data = self.cleaned_data
        low, high, currency = data["budget_min"], data["budget_max"], data["budget_currency"]
        if low is None and high is None and not currency:
            return None
        return {"min": _number(low), "max": _number(high), "currency": currency.strip().upper()}

    @staticmethod
    def initial_from(data: dict) -> dict:
        """Form initial values from a challenge's exchange-shaped fields."""
        budget = data.get("budget") or {}
        return {
            **data,
            "budget_min": budget.get("min"),
            "budget_max": budget.get("max"),
            "budget_currency": budget.get("currency", ""),
        }


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class ChallengeCreateForm(ChallengeForm):
    city = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", empty_label=None, label=_("City")
    )
    field_order = ["city", "title"]

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities


class ChallengeEditForm(ChallengeForm, VersionedForm):
    pass


class NeedRowForm(FacetRowForm):
    """One need of a city's profile: facet, value, weight and where it came from."""

    weight_field = "weight"
    strength = None
    weight = weight_number(_("Weight"))
    weight_words = (_("minor"), _("moderate"), _("important"), _("pressing"))
    source = forms.ChoiceField(
        required=False,
        label=_("Source"),
        choices=[("", "—"), *NeedSource.choices],
        initial=NeedSource.MANUAL,
    )

    def item(self) -> dict | None:
        """The row as a needs item, or None when facet, value and weight were left blank."""
        item = super().item()
        return None if item is None else {**item, "source": self.cleaned_data.get("source", "")}


class NeedsForm(forms.Form):
    """Who sees the needs profile, and errors about the whole profile (its rows are a formset
    beside it)."""

    visibility = forms.ChoiceField(
        choices=[
            (Visibility.PUBLIC, _("Public: everyone, signed in or not")),
            (Visibility.PARTNERS, _("Partners: members of organisations the programme verified")),
            (Visibility.PRIVATE, _("Private: our own members and the programme managers")),
        ],
        label=_("Who sees this needs profile"),
        help_text=_(
            "It also decides who sees the solutions recommended for the city and its peers."
        ),
    )
