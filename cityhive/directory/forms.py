"""Forms for organisation pages; they only shape input — the services validate and write."""

from django import forms
from django_countries import countries

from cityhive.core.languages import LANGUAGE_CHOICES
from cityhive.directory.models import MembershipRole, OrganisationKind

COUNTRY_CHOICES = [("", "—"), *countries]
VERIFIED_CHOICES = [("", "Any"), ("yes", "Verified"), ("no", "Not verified")]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search")
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *OrganisationKind.choices])
    country = forms.ChoiceField(required=False, choices=[("", "Any country"), *countries])
    verified = forms.ChoiceField(required=False, choices=VERIFIED_CHOICES)


class OrganisationProfileForm(forms.Form):
    name = forms.CharField(max_length=200)
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)
    region = forms.CharField(
        max_length=10, required=False, label="Region (ISO 3166-2 code)", help_text="e.g. BR-SP"
    )
    website = forms.URLField(required=False, assume_scheme="https")
    description = forms.CharField(widget=forms.Textarea, required=False, max_length=10_000)
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES, required=False, help_text="Hold Ctrl (or ⌘) to choose several."
    )
    population = forms.IntegerField(min_value=0, required=False)
    area_km2 = forms.FloatField(min_value=0, required=False, label="Area (km²)")
    place_query = forms.CharField(
        required=False,
        max_length=100,
        label="City (GeoNames)",
        help_text="Cities only: type at least two letters of the city's name, then pick it.",
    )
    geonames_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    logo = forms.FileField(required=False, help_text="PNG, JPEG or WebP, at most 2 MB.")

    def service_fields(self) -> dict:
        """The cleaned values the organisation services take."""
        data = dict(self.cleaned_data)
        for key in ("place_query", "geonames_id", "logo", "kind", "version"):
            data.pop(key, None)
        return data


class OrganisationCreateForm(OrganisationProfileForm):
    kind = forms.ChoiceField(choices=OrganisationKind.choices)
    field_order = ["kind", "name", "place_query", "geonames_id", "country"]


class OrganisationEditForm(OrganisationProfileForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InvitationForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=MembershipRole.choices, initial=MembershipRole.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=MembershipRole.choices)
