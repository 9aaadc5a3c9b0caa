from django import forms

from cityhive.accounts.services import MAX_TOKEN_DAYS


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. 'nightly export'."
    )
    days = forms.IntegerField(
        min_value=1, max_value=MAX_TOKEN_DAYS, initial=90, label="Valid for (days)"
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="We ask for it so that nobody else can delete your account from an open browser.",
    )
