from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "cityhive.engagement"
    label = "engagement"
    verbose_name = "Engagement"
