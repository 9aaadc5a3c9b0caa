from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cityhive.notifications"
    label = "notifications"
    verbose_name = "Notifications"
