from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "cityhive.directory"
    label = "directory"
    verbose_name = "Organisations"
