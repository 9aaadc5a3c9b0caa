from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "cityhive.partnership"
    label = "partnership"
    verbose_name = "Partnership programme"

    def ready(self) -> None:
        from cityhive.core.sections import ORGANISATION, contribute
        from cityhive.partnership import permissions  # noqa: F401 - registers the rules permissions
        from cityhive.partnership.views import organisation_section

        contribute(ORGANISATION, "partnership", organisation_section)
