from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "cityhive.matching"
    label = "matching"

    def ready(self) -> None:
        from cityhive.matching.subscriptions import subscribe_all

        subscribe_all()
