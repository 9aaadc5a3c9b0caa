from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cityhive.events"
    label = "events"
    verbose_name = "Events"
