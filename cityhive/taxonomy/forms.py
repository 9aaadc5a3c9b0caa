"""The KPI filter form; it only shapes input — the selectors do the filtering."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhive.taxonomy.models import KpiKind
from cityhive.taxonomy.selectors import kpi_dimension_list


class KpiFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Search"))
    dimension = forms.ChoiceField(required=False, label=_("Dimension"), choices=[])
    kind = forms.ChoiceField(
        required=False,
        label=_("Core or advanced"),
        choices=[("", _("Core and advanced")), *KpiKind.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dimensions = [(d.slug, d.name) for d in kpi_dimension_list()]
        self.fields["dimension"].choices = [("", _("All dimensions")), *dimensions]
