from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "cityhive.assessment"
    label = "assessment"
    verbose_name = "City assessment"
