"""U4SSC KPI self-assessments, climate risks, emissions inventories and the needs they derive."""

from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "cityhive.assessment"
    label = "assessment"
    verbose_name = "City assessment"

    def ready(self) -> None:
        from cityhive.assessment import permissions  # noqa: F401 - registers the rules permissions
