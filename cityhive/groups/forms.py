"""Forms of the group pages. They only shape input: the services validate and write."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cityhive.content.forms import MARKDOWN_HELP, FacetedItemForm, VersionedForm
from cityhive.groups.models import GroupKind, GroupVisibility


class GroupFilterForm(forms.Form):
    kind = forms.ChoiceField(
        required=False, choices=[("", _("Any")), *GroupKind.choices], label=_("Kind")
    )
    q = forms.CharField(required=False, max_length=100, label=_("Search"))


class GroupForm(FacetedItemForm):
    """A group's fields, and the people to appoint as its conveners."""

    kind = forms.ChoiceField(choices=GroupKind.choices, label=_("Kind"))
    purpose = forms.CharField(
        required=False,
        max_length=20_000,
        widget=forms.Textarea,
        label=_("Purpose"),
        help_text=MARKDOWN_HELP,
    )
    visibility = forms.ChoiceField(choices=GroupVisibility.choices, label=_("Who reads it"))
    conveners = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Add conveners"),
        help_text=_("Email addresses of members, one per line."),
    )
    GROUP_FIELDS = ("title", "kind", "purpose", "visibility", "categories", "sdg_targets", "kpis")
    FIELDSETS = ((_("The group"), ("kind", "title", "purpose", "visibility", "conveners")),)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = _("Name")

    def clean_conveners(self) -> list:
        emails = [line.strip() for line in self.cleaned_data["conveners"].splitlines()]
        people = []
        for email in filter(None, emails):
            found = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            if found is None:
                raise forms.ValidationError(
                    _("No member has the address %(email)s."), params={"email": email}
                )
            people.append(found)
        return people

    def service_fields(self) -> dict:
        """The cleaned fields as the services take them."""
        return {field: self.cleaned_data[field] for field in self.GROUP_FIELDS}

    @classmethod
    def initial_from(cls, group) -> dict:
        return {field: getattr(group, field) for field in cls.GROUP_FIELDS}


class GroupEditForm(VersionedForm, GroupForm):
    pass


class JoinForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None, required=False, label=_("For which organisation")
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("A note for the conveners"),
        help_text=_("What you bring to the group, in a sentence or two."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() <= 1:
            del self.fields["organisation"]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Accept")), ("decline", _("Decline"))], label=_("Decision")
    )
    reason = forms.CharField(required=False, max_length=300, label=_("Reason (if you decline)"))


class PostForm(forms.Form):
    body = forms.CharField(
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Your post"),
        help_text=MARKDOWN_HELP,
    )
