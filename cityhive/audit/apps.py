from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "cityhive.audit"
    label = "audit"
    verbose_name = _("Contact log")

    def ready(self) -> None:
        from cityhive.audit import permissions  # noqa: F401 - registers the rules permissions
        from cityhive.audit.dashboard import contribute_all
        from cityhive.audit.subscriptions import subscribe_all

        subscribe_all()
        contribute_all()
