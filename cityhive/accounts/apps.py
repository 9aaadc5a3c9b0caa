from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cityhive.accounts"
    label = "accounts"
