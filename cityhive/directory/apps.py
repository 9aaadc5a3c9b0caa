from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "cityhive.directory"
    label = "directory"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from cityhive.directory import permissions  # noqa: F401 - registers the rules permissions
