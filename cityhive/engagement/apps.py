from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "cityhive.engagement"
    label = "engagement"
    verbose_name = "Engagement"

    def ready(self) -> None:
        from cityhive.challenges.views import CHALLENGE_ACTIONS
        from cityhive.core.sections import contribute
        from cityhive.engagement import permissions  # noqa: F401 - registers the rules permissions
        from cityhive.engagement.notify import kinds_register
        from cityhive.engagement.views import challenge_actions, match_actions
        from cityhive.matching.views import MATCH_ACTIONS

        kinds_register()
        contribute(MATCH_ACTIONS, "engagement", match_actions)
        contribute(CHALLENGE_ACTIONS, "engagement", challenge_actions)
