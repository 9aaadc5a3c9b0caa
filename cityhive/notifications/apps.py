from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cityhive.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from cityhive.notifications import kinds  # noqa: F401  (registers the platform's own kinds)
