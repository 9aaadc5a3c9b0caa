from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "cityhive.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from cityhive.core.sections import contribute
        from cityhive.events import (
            dashboard,
            permissions,  # noqa: F401 - registers the rules permissions
        )
        from cityhive.events.notify import KINDS

        KINDS.register()
        contribute(dashboard.DASHBOARD_ACTIONS, "events", dashboard.dashboard_actions)
        contribute(dashboard.DASHBOARD_NEW, "events", dashboard.dashboard_new)
        contribute(dashboard.DASHBOARD_PROGRAMME, "events", dashboard.dashboard_programme)
