"""Forms of the project pages; the services check everything again."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cityhive.content.catalogue import Taxonomy
from cityhive.content.forms import PICKER_HELP, FacetedItemForm, VersionedForm
from cityhive.content.widgets import ChoicePicker, TagPicker
from cityhive.projects.models import (
    ConsortiumRole,
    Instrument,
    PppModel,
    ProjectPath,
    ProjectVisibility,
    SourceStatus,
)

MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


class ProjectForm(forms.Form):
    city = forms.ChoiceField(label=_("City"))
    challenge = forms.TypedChoiceField(
        label=_("From the challenge"), coerce=int, required=False, empty_value=None
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to take the challenge's title."),
    )
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea, required=False)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    path = forms.ChoiceField(label=_("Path"), choices=ProjectPath.choices)
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=ProjectVisibility.choices)
    capital_cost = forms.DecimalField(label=_("Estimated capital cost"), **MONEY)
    operating_cost = forms.DecimalField(
        label=_("Estimated operating cost"), required=False, initial=0, **MONEY
    )
    currency = forms.CharField(
        label=_("Currency"), max_length=3, initial="EUR", help_text=_("ISO 4217 code, e.g. EUR.")
    )
    starts_on = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
VALUE = {"max_digits": 16, "decimal_places": 4, "min_value": 0}


class KpiValueField(forms.DecimalField):
    """A KPI value, shown as people write it: 52 and 52.5, not 52.0000 and 52.5000."""

    def prepare_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            integral = value == value.to_integral_value()
            value = value.quantize(Decimal(1)) if integral else value.normalize()
        return super().prepare_value(value)


class ProjectEditForm(FacetedItemForm, VersionedForm):
    """A project's own fields, as the API changes them (not its path, city or stage)."""

    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea, required=False)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=ProjectVisibility.choices)
    capital_cost = forms.DecimalField(label=_("Estimated capital cost"), **MONEY)
    operating_cost = forms.DecimalField(label=_("Estimated operating cost"), **MONEY)
    currency = forms.CharField(
        label=_("Currency"), max_length=3, help_text=_("ISO 4217 code, e.g. EUR.")
    )
    starts_on = forms.DateField(label=_("Start"), required=False, **DATE)
    ends_on = forms.DateField(label=_("End"), required=False, **DATE)

    def project_fields(self) -> dict:
        """The cleaned fields in the shape of `project_update`."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        return {**data, "currency": data["currency"].upper()}


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), **DATE)


class MilestoneReachForm(forms.Form):
    done_on = forms.DateField(label=_("Reached on"), **DATE)
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What shows it was reached: a report, an inspection, a handover."),
    )


class TargetForm(forms.Form):
    """A KPI the project aims to move: its code (new rows only), SDG target, baseline, target."""

    kpi = forms.ChoiceField(label=_("U4SSC KPI"), widget=ChoicePicker)
    sdg_target = forms.ChoiceField(label=_("SDG target"), required=False, widget=ChoicePicker)
    baseline = KpiValueField(label=_("Baseline"), **VALUE)
    target = KpiValueField(label=_("Target"), **VALUE)

    def __init__(self, *args, taxonomy: Taxonomy, with_kpi: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sdg_target"].choices = [("", _("None")), *taxonomy.choices("sdg_target")]
        if with_kpi:
            self.fields["kpi"].choices = [("", _("Choose a KPI")), *taxonomy.choices("kpi")]
        else:
            del self.fields["kpi"]


class AfterForm(forms.Form):
    after = KpiValueField(label=_("Value after implementation"), **VALUE)


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the file's name."),
    )
    file = forms.FileField(
        label=_("File"), help_text=_("A PDF, PNG, JPEG or WebP file of at most 10 MB.")
    )


class GateForm(forms.Form):
    """One note per checklist item of the gate out of the current stage."""

    def __init__(self, *args, items: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, label in items.items():
            self.fields[code] = forms.CharField(
                label=label,
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )


class InviteForm(forms.Form):
    organisation = forms.SlugField(label=_("Organisation (its address name)"), max_length=220)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[c for c in ConsortiumRole.choices if c[0] != ConsortiumRole.LEAD_CITY],
    )


class SourceForm(forms.Form):
    label = forms.CharField(label=_("Source"), max_length=200)
    financier = forms.SlugField(label=_("Financier (optional)"), max_length=220, required=False)
    # A blank first choice and a default status: an untouched extra row is left out, not refused.
    instrument = forms.ChoiceField(
        label=_("Instrument"), choices=[("", _("Choose an instrument")), *Instrument.choices]
    )
    ppp_model = forms.ChoiceField(
        label=_("PPP model"), choices=[("", _("Not a PPP")), *PppModel.choices], required=False
    )
    amount = forms.DecimalField(label=_("Amount"), **MONEY)
    currency = forms.CharField(label=_("Currency"), max_length=3)
    status = forms.ChoiceField(
        label=_("Status"), choices=SourceStatus.choices, initial=SourceStatus.INDICATIVE
    )


SourceFormSet = forms.formset_factory(SourceForm, extra=3, max_num=30, validate_max=True)


class RatesForm(forms.Form):
    rates = forms.CharField(
        label=_("Exchange rates"),
        required=False,
        max_length=1000,
        help_text=_(
            "One per line: currency and its value in the project's currency, e.g. USD 0.92."
        ),
    )

    def clean_rates(self) -> dict[str, str]:
        rates = {}
        for line in self.cleaned_data["rates"].splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2:
                raise forms.ValidationError(_("Write each rate as a code and a number."))
            rates[parts[0].upper()] = parts[1]
        return rates


class OpportunityForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), max_length=500, widget=forms.Textarea)
    ticket_min = forms.DecimalField(label=_("Smallest ticket"), **MONEY)
    ticket_max = forms.DecimalField(label=_("Largest ticket"), **MONEY)
    instruments = forms.MultipleChoiceField(
        label=_("Instruments sought"),
        choices=Instrument.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    risk_notes = forms.CharField(
        label=_("Risk notes"), max_length=5000, widget=forms.Textarea, required=False
    )


class InterestForm(forms.Form):
    financier = forms.ChoiceField(label=_("For"))
    note = forms.CharField(
        label=_("Note to the city"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MandateForm(forms.Form):
    sectors = forms.MultipleChoiceField(
        label=_("Sectors (categories)"), required=False, help_text=PICKER_HELP, widget=TagPicker
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        choices=countries,
        help_text=_("None chosen: anywhere."),
    )
    instruments = forms.MultipleChoiceField(
        label=_("Instruments"),
        choices=Instrument.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdgs = forms.TypedMultipleChoiceField(
        label=_("SDGs"),
        coerce=int,
        required=False,
        choices=[(n, str(n)) for n in range(1, 18)],
        widget=forms.CheckboxSelectMultiple,
    )
    ticket_min = forms.DecimalField(label=_("Smallest ticket"), **MONEY)
    ticket_max = forms.DecimalField(label=_("Largest ticket"), **MONEY)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")

    def __init__(self, *args, sectors: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # The categories by their labels; a sector saved before it had to be a category stays
        # choosable, so that saving the mandate again keeps it.
        categories = Taxonomy().choices("category")
        known = {code for code, _label in categories}
        self.fields["sectors"].choices = [*categories, *((s, s) for s in sectors if s not in known)]
