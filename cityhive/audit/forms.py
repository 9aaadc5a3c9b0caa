"""The filters of the contact-log and security-log pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityhive.audit.models import ContactAction, SecurityEventKind
from cityhive.audit.selectors import LogFilters


class _DatedFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The first day comes after the last day."))
        return data

    def filters(self) -> LogFilters:
        """The valid filters (an invalid form narrows nothing it could not read)."""
        data = self.cleaned_data if self.is_valid() else {}
        return LogFilters(
            organisation=data.get("organisation") or data.get("email") or "",
            action=data.get("action", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class ContactLogFilterForm(_DatedFilterForm):
    organisation = forms.SlugField(
        label=_("Organisation (address name)"),
        required=False,
        max_length=220,
        help_text=_("As in the organisation's page address, e.g. city-of-porto."),
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *ContactAction.choices]
    )
    field_order = ["organisation", "action", "date_from", "date_to"]


class SecurityLogFilterForm(_DatedFilterForm):
    email = forms.CharField(label=_("Email"), required=False, max_length=254)
    action = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("Any event")), *SecurityEventKind.choices]
    )
    field_order = ["email", "action", "date_from", "date_to"]
