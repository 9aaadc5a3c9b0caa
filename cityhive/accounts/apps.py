from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cityhive.accounts"
    label = "accounts"
    # allauth's own app is headed "Accounts" in the admin; ours holds the members.
    verbose_name = _("Members and API tokens")
