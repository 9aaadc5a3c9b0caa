from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context, ratelimit
from django import forms
from django.utils.translation import gettext_lazy as _

from cityhive.accounts.services import MAX_TOKEN_DAYS, email_unverified_claims_release


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the member's name, where an address that another account only
    claims (unverified) is free.

    Otherwise anyone could add an invitee's address to their own account first, and the invitee's
    sign-up would then quietly create nothing.
    """

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("How colleagues and partners see you, e.g. Ana Lima."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["name", "email", "password1", "password2"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Tell us your name."))
        return name

    def custom_signup(self, request, user) -> None:
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])

    def validate_unique_email(self, value) -> str:
        if email_unverified_claims_release(email=value):
            # The claim's confirmation mail used the address's cool-down; the owner needs theirs.
            ratelimit.clear(context.request, action="confirm_email", key=value.strip().lower())
        return super().validate_unique_email(value)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'nightly export'."),
    )
    days = forms.IntegerField(
        min_value=1, max_value=MAX_TOKEN_DAYS, initial=90, label=_("Valid for (days)")
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "We ask for it so that nobody else can delete your account from an open browser."
        ),
    )
