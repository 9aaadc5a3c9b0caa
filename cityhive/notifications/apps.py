from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cityhive.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from cityhive.notifications import (  # noqa: F401 - register the platform's kinds and rules
            kinds,
            permissions,
        )
        from cityhive.notifications.dashboard import contribute_all

        contribute_all()
