from django.apps import AppConfig


class SolutionsConfig(AppConfig):
    name = "cityhive.solutions"
    label = "solutions"

    def ready(self) -> None:
        from cityhive.core.sections import ORGANISATION, TAGGED, contribute
        from cityhive.solutions import permissions  # noqa: F401 - registers the rules permissions
        from cityhive.solutions.views import organisation_sections, tagged_section

        contribute(ORGANISATION, "solutions", organisation_sections)
        contribute(TAGGED, "solutions", tagged_section)
