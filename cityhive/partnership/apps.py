from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "cityhive.partnership"
    label = "partnership"
    verbose_name = _("Partnership programme")

    def ready(self) -> None:
        from cityhive.core.sections import ORGANISATION, contribute
        from cityhive.partnership import permissions  # noqa: F401 - registers the rules permissions
        from cityhive.partnership.dashboard import actions, programme_queue, shortcuts
        from cityhive.partnership.notify import KINDS
        from cityhive.partnership.views import organisation_section

        KINDS.register()
        contribute(ORGANISATION, "partnership", organisation_section)
        # The dashboard's slots (named in cityhive/site/dashboard.py, above this app).
        contribute("dashboard_actions", "partnership", actions)
        contribute("dashboard_shortcuts", "partnership", shortcuts)
        contribute("dashboard_programme", "partnership", programme_queue)
