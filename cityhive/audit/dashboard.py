"""What the logs add to the dashboard (page-section slots the site app's dashboard names): the
contact log beside each city its member administers, and both logs among the programme's queues."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cityhive.audit.permissions import administered_city_ids
from cityhive.core.sections import contribute

DASHBOARD_SHORTCUTS = "dashboard_shortcuts"
DASHBOARD_PROGRAMME = "dashboard_programme"


def contact_log_shortcut(user, organisation) -> list[dict]:
    """A link to the city's contact log, for the city's admins."""
    if organisation.pk not in administered_city_ids(user):
        return []
    query = urlencode({"organisation": organisation.slug})
    return [{"label": _("Contact log"), "url": f"{reverse('contact_log_list')}?{query}"}]


def logs_queue(user) -> dict:
    """The two logs, for programme managers."""
    return {
        "title": _("Logs"),
        "items": [
            {"label": _("Contact log"), "url": reverse("contact_log_list")},
            {"label": _("Security log"), "url": reverse("security_log_list")},
        ],
        "empty": "",
    }


def contribute_all() -> None:
    """Register the dashboard parts (from AppConfig.ready)."""
    contribute(DASHBOARD_SHORTCUTS, "audit", contact_log_shortcut)
    contribute(DASHBOARD_PROGRAMME, "audit", logs_queue)
