"""The preferences form: one channel per kind, and each administered organisation's threshold."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhive.notifications.models import Channel


class PreferencesForm(forms.Form):
    """A choice of channel for every registered kind (fields named `kind_<code>`)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = []
        for kind, channel in rows:
            name = f"kind_{kind.code}"
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Channel.choices,
                initial=channel,
                required=False,  # a kind left out keeps its channel
                widget=forms.RadioSelect,
            )
            self.kinds.append((kind, self[name]))

    def channels(self) -> dict[str, str]:
        """The chosen channel per kind code."""
        chosen = {kind.code: self.cleaned_data.get(f"kind_{kind.code}") for kind, _ in self.kinds}
        return {code: channel for code, channel in chosen.items() if channel}


class ThresholdForm(forms.Form):
    threshold = forms.IntegerField(
        label=_("Notify us of new matches scoring at least"),
        min_value=0,
        max_value=100,
        help_text=_("In percent: a score of 0.70 on the match pages is 70 here."),
    )
