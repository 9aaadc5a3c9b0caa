from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "cityhive.content"
    label = "content"
