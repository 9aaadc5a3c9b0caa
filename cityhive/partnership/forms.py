"""Forms of the partnership pages: they shape input for the services, which check it."""

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cityhive.partnership.models import ApplicationStatus, Tier, Unlock
from cityhive.partnership.validation import MAX_REFERENCES, REFERENCE_FIELDS
from cityhive.taxonomy.languages import text_in_language


def tier_label(tier: Tier) -> str:
    fee = gettext("%(fee)s %(currency)s a year") % {
        "fee": f"{tier.annual_fee:,.0f}",
        "currency": tier.currency,
    }
    return f"{tier.name} ({fee})"


class TierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return tier_label(obj)


def sdg_choices(goals) -> list[tuple[int, str]]:
    """The 17 goals, named by the reference data when it is loaded."""
    language = (get_language() or "en")[:2]
    titles = {goal.number: text_in_language(goal.short_titles, language) for goal in goals}
    choices = []
    for number in range(1, 18):
        name = gettext("SDG %(goal)s") % {"goal": number}
        choices.append((number, f"{name} · {titles[number]}" if titles.get(number) else name))
    return choices


class ApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Company"), queryset=None, required=False, empty_label=None
    )
    tier = TierChoiceField(label=_("Tier"), queryset=Tier.objects.none(), empty_label=None)
    motivation = forms.CharField(
        label=_("Why you want to join"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sdgs = forms.TypedMultipleChoiceField(
        label=_("The SDGs your company commits to"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accept_conduct = forms.BooleanField(
        label=_("I accept the code of conduct above on behalf of the company"), required=False
    )

    def __init__(self, *args, organisations=None, tiers, goals, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["tier"].queryset = tiers
        self.fields["sdgs"].choices = sdg_choices(goals)

    def service_fields(self, references: list[dict]) -> dict:
        data = self.cleaned_data
        return {
            "motivation": data["motivation"],
            "sdgs": sorted(data["sdgs"]),
            "references": references,
            "accept_conduct": data["accept_conduct"],
        }


class ReferenceForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=REFERENCE_FIELDS["name"])
    organisation = forms.CharField(
        label=_("Organisation"), required=False, max_length=REFERENCE_FIELDS["organisation"]
    )
    email = forms.CharField(label=_("Email"), required=False, max_length=REFERENCE_FIELDS["email"])
    relation = forms.CharField(
        label=_("How they know your work"),
        required=False,
        max_length=REFERENCE_FIELDS["relation"],
    )


ReferenceFormSet = forms.formset_factory(
    ReferenceForm, extra=MAX_REFERENCES, max_num=MAX_REFERENCES
)


def reference_rows(data=None, initial=None):
    """Five reference rows (blank rows are left out when saving). Posted rows are read as they
    are: compared with an initial value, an unchanged row would count as empty."""
    initial = [] if data is not None else list(initial or [])
    formset = ReferenceFormSet(data, initial=initial, prefix="references")
    formset.extra = max(0, MAX_REFERENCES - len(initial))
    return formset


def references_of(formset) -> list[dict]:
    """The filled-in rows, stripped, in the order they were given."""
    rows = []
    for form in formset:
        values = {key: (form.cleaned_data.get(key) or "").strip() for key in REFERENCE_FIELDS}
        if any(values.values()):
            rows.append(values)
    return rows


DECISIONS = (
    ("approve", _("Approve")),
    ("changes", _("Ask for changes")),
    ("reject", _("Reject")),
)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    reason = forms.CharField(
        label=_("Reason the applicant sees (for changes or a rejection)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tier = TierChoiceField(
        label=_("Tier (when approving)"), queryset=Tier.objects.none(), required=False
    )
    starts_on = forms.DateField(
        label=_("Partner from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Partner until (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, tiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = tiers


class TierForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    benefits = forms.CharField(
        label=_("Benefits"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    annual_fee = forms.DecimalField(
        label=_("Annual fee"), min_value=0, max_digits=12, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    unlocks = forms.MultipleChoiceField(
        label=_("What it unlocks"),
        choices=Unlock.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    position = forms.IntegerField(
        label=_("Position in lists"), min_value=0, max_value=999, initial=0
    )
    is_active = forms.BooleanField(label=_("Offered to applicants"), required=False, initial=True)


STATUS_FILTER = [("", _("Every status")), *ApplicationStatus.choices]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER, required=False)


class PartnerFilterForm(forms.Form):
    tier = forms.ModelChoiceField(
        label=_("Tier"),
        queryset=Tier.objects.none(),
        required=False,
        empty_label=_("Every tier"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, tiers, country_codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = tiers
        names = [(code, countries.name(code) or code) for code in country_codes]
        self.fields["country"].choices = [("", _("Every country")), *names]
