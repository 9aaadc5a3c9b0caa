from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cityhive.audit"
    label = "audit"
    verbose_name = "Contact log"

    def ready(self) -> None:
        from cityhive.audit.subscriptions import subscribe_all

        subscribe_all()
