from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cityhive.audit"
    label = "audit"
    verbose_name = "Contact log"
