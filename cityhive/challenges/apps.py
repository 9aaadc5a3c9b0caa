from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "cityhive.challenges"
    label = "challenges"

    def ready(self) -> None:
        from cityhive.challenges import permissions  # noqa: F401 - registers the rules permissions
