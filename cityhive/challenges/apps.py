from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "cityhive.challenges"
    label = "challenges"
