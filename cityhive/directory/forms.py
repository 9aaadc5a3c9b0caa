"""Forms for organisation pages; they only shape input — the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cityhive.core.languages import LANGUAGE_CHOICES
from cityhive.directory.models import MembershipRole, OrganisationKind

COUNTRY_CHOICES = [("", "—"), *countries]
VERIFIED_CHOICES = [("", _("Any")), ("yes", _("Verified")), ("no", _("Not verified"))]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Search"))
    kind = forms.ChoiceField(
        required=False, label=_("Kind"), choices=[("", _("Any kind")), *OrganisationKind.choices]
    )
    country = forms.ChoiceField(
        required=False, label=_("Country"), choices=[("", _("Any country")), *countries]
    )
    verified = forms.ChoiceField(required=False, label=_("Verified"), choices=VERIFIED_CHOICES)


class OrganisationProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, required=False)
    region = forms.CharField(
        max_length=10,
        required=False,
        label=_("Region (ISO 3166-2 code)"),
        help_text=_("e.g. BR-SP"),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=10_000
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    population = forms.IntegerField(label=_("Population"), min_value=0, required=False)
    area_km2 = forms.FloatField(min_value=0, required=False, label=_("Area (km²)"))
    place_query = forms.CharField(
        required=False,
        max_length=100,
        label=_("City (GeoNames)"),
        help_text=_("Cities only: type at least two letters of the city's name, then pick it."),
    )
    geonames_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    logo = forms.FileField(
        label=_("Logo"), required=False, help_text=_("PNG, JPEG or WebP, at most 2 MB.")
    )

    def service_fields(self) -> dict:
        """The cleaned values the organisation services take."""
        data = dict(self.cleaned_data)
        for key in ("place_query", "geonames_id", "logo", "kind", "version"):
            data.pop(key, None)
        return data


class OrganisationCreateForm(OrganisationProfileForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    field_order = ["kind", "name", "place_query", "geonames_id", "country"]


class OrganisationEditForm(OrganisationProfileForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(
        label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
