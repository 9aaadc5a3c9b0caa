from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top floor: pages and commands that combine every domain (the only app that may)."""

    name = "cityhive.site"
    label = "site"
