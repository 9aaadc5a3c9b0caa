from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "cityhive.matching"
    label = "matching"
