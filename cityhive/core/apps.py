from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cityhive.core"
    label = "core"
