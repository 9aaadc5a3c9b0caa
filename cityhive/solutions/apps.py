from django.apps import AppConfig


class SolutionsConfig(AppConfig):
    name = "cityhive.solutions"
    label = "solutions"
