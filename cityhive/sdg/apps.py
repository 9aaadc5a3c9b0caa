from django.apps import AppConfig


class SdgConfig(AppConfig):
    name = "cityhive.sdg"
    label = "sdg"
    verbose_name = "SDG tagging"
