from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "cityhive.exchange"
    label = "exchange"
