from django.apps import AppConfig


class SolutionsConfig(AppConfig):
    name = "cityhive.solutions"
    label = "solutions"

    def ready(self) -> None:
        from cityhive.solutions import permissions  # noqa: F401 - registers the rules permissions
