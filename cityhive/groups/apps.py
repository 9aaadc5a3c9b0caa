from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "cityhive.groups"
    label = "groups"
    verbose_name = _("Groups")

    def ready(self) -> None:
        from cityhive.core.sections import contribute
        from cityhive.groups import (
            dashboard,
            permissions,  # noqa: F401 - registers the rules permissions
        )
        from cityhive.groups.notify import KINDS

        KINDS.register()
        contribute(dashboard.DASHBOARD_ACTIONS, "groups", dashboard.dashboard_actions)
        contribute(dashboard.DASHBOARD_NEW, "groups", dashboard.dashboard_new)
        contribute(dashboard.DASHBOARD_SHORTCUTS, "groups", dashboard.dashboard_shortcuts)
