from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "cityhive.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from cityhive.events import permissions  # noqa: F401 - registers the rules permissions
        from cityhive.events.notify import kinds_register

        kinds_register()
