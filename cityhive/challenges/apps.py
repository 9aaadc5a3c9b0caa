from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "cityhive.challenges"
    label = "challenges"

    def ready(self) -> None:
        from cityhive.challenges import permissions  # noqa: F401 - registers the rules permissions
        from cityhive.challenges.views import organisation_sections, tagged_section
        from cityhive.core.sections import ORGANISATION, TAGGED, contribute

        contribute(ORGANISATION, "challenges", organisation_sections)
        contribute(TAGGED, "challenges", tagged_section)
