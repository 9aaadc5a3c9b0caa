from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "cityhive.directory"
    label = "directory"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from cityhive.directory import permissions  # noqa: F401 - registers the rules permissions
