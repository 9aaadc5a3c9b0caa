"""Projects, consortia, investment opportunities and financing plans."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "cityhive.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from cityhive.exchange.registry import line_type_register
        from cityhive.projects import permissions  # noqa: F401 - registers the rules permissions
        from cityhive.projects.jsonlines import PROJECT_LINES
        from cityhive.projects.notify import KINDS

        KINDS.register()
        line_type_register(PROJECT_LINES)
