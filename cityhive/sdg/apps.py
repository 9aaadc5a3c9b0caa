from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SdgConfig(AppConfig):
    name = "cityhive.sdg"
    label = "sdg"
    verbose_name = _("SDG tagging")

    def ready(self) -> None:
        from cityhive.core.events import WorkerStarted, subscribe
        from cityhive.sdg.warm import worker_started

        subscribe(WorkerStarted, worker_started)
