from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "cityhive.partnership"
    label = "partnership"
    verbose_name = "Partnership programme"
