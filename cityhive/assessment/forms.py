"""Forms of the assessment pages (the services check everything again)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhive.assessment.validation import MAX_YEAR, MIN_YEAR
from cityhive.challenges.models import Visibility


def this_year() -> int:
    return datetime.date.today().year


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, initial=this_year
    )


class ImportForm(forms.Form):
    WHAT = [
        ("values", _("KPI values (one row per KPI)")),
        ("risks", _("Climate risks (hazard, key impact, risk from 0 to 1)")),
        ("emissions", _("Greenhouse-gas inventory (GPC sector, tonnes CO2e)")),
    ]
    what = forms.ChoiceField(label=_("What the file holds"), choices=WHAT)
    year = forms.IntegerField(
        label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, initial=this_year
    )
    file = forms.FileField(label=_("CSV file (UTF-8)"))


class SubmitForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may see the submitted assessment"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
    )
