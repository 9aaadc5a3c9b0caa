from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "cityhive.exchange"
    label = "exchange"

    def ready(self) -> None:
        from cityhive.exchange import permissions  # noqa: F401 - registers the rules permissions
