"""U4SSC KPI self-assessments, climate risks, emissions inventories and the needs they derive."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The site's dashboard slot for shortcuts beside each of a member's organisations (the site app
# sits above this one, so the slot is named by its value).
DASHBOARD_SHORTCUTS = "dashboard_shortcuts"


class AssessmentConfig(AppConfig):
    name = "cityhive.assessment"
    label = "assessment"
    verbose_name = _("City assessment")

    def ready(self) -> None:
        from cityhive.assessment import permissions  # noqa: F401 - registers the rules permissions
        from cityhive.assessment.jsonlines import ASSESSMENT_LINES
        from cityhive.assessment.views import dashboard_shortcuts, organisation_section
        from cityhive.core.sections import ORGANISATION, contribute
        from cityhive.exchange.registry import line_type_register

        contribute(DASHBOARD_SHORTCUTS, "assessment", dashboard_shortcuts)
        contribute(ORGANISATION, "assessment", organisation_section)
        line_type_register(ASSESSMENT_LINES)
