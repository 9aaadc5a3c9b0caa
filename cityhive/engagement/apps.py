from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def expiry_queue(event) -> None:
    """A starting task worker expires the requests that waited past their date."""
    from cityhive.engagement.tasks import interests_expire_task

    interests_expire_task.enqueue()


class EngagementConfig(AppConfig):
    name = "cityhive.engagement"
    label = "engagement"
    verbose_name = _("Engagement")

    def ready(self) -> None:
        from cityhive.challenges.views import CHALLENGE_ACTIONS
        from cityhive.core.events import WorkerStarted, subscribe
        from cityhive.core.sections import contribute
        from cityhive.engagement import permissions  # noqa: F401 - registers the rules permissions
        from cityhive.engagement.dashboard import (
            DASHBOARD_ACTIONS,
            DASHBOARD_FIGURES,
            DASHBOARD_SHORTCUTS,
            dashboard_actions,
            dashboard_conversion,
            dashboard_shortcuts,
        )
        from cityhive.engagement.notify import KINDS
        from cityhive.engagement.views import challenge_actions, match_actions
        from cityhive.matching.views import MATCH_ACTIONS

        KINDS.register()
        subscribe(WorkerStarted, expiry_queue)
        contribute(MATCH_ACTIONS, "engagement", match_actions)
        contribute(CHALLENGE_ACTIONS, "engagement", challenge_actions)
        contribute(DASHBOARD_ACTIONS, "engagement", dashboard_actions)
        contribute(DASHBOARD_SHORTCUTS, "engagement", dashboard_shortcuts)
        contribute(DASHBOARD_FIGURES, "engagement", dashboard_conversion)
