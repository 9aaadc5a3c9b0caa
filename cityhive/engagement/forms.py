"""Forms of the engagement pages; services check every value again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhive.engagement.models import DeclineReason, ProgrammeSettings


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (each is checked by its content in the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class InterestForm(forms.Form):
    subject = forms.CharField(max_length=40, widget=forms.HiddenInput)
    candidate = forms.CharField(max_length=40, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the other side"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences on why you want to connect (at most 1,000 characters)."),
    )


class MatchForm(forms.Form):
    subject = forms.CharField(max_length=40)
    candidate = forms.CharField(max_length=40)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("No reason given")), *DeclineReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note to the other side"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, PNG, JPEG or WebP; at most 5 files of 10 MB each."),
    )


class ParticipantForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Member"), coerce=int)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(m.pk, m.get_full_name() or m.email) for m in members]


class ContactsForm(forms.Form):
    contacts = forms.TypedMultipleChoiceField(
        label=_("Our contacts"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].choices = [(m.pk, m.get_full_name() or m.email) for m in members]


class ResponseForm(forms.Form):
    solution = forms.TypedChoiceField(
        label=_("Which of your solutions"), coerce=int, required=False, empty_value=None
    )
    approach = forms.CharField(
        label=_("Approach"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("How you would meet this challenge, in a few paragraphs."),
    )
    cost_amount = forms.DecimalField(
        label=_("Indicative cost"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    cost_currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("A three-letter code, e.g. EUR."),
    )
    timeline = forms.CharField(
        label=_("Timeline"), max_length=200, required=False, help_text=_("E.g. a 6-month pilot.")
    )
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, PNG, JPEG or WebP; at most 5 files of 10 MB each."),
    )

    def __init__(self, *args, solutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].choices = [("", _("None of our listed solutions"))] + [
            (s.pk, s.title) for s in solutions
        ]


class ResponseDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason the company will read"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProgrammeSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgrammeSettings
        fields = ["request_expiry_days", "weekly_request_limit"]
