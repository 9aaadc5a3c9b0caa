"""Template context every page needs."""

from django.conf import settings


def site(request):
    """Site-wide values for the base template."""
    return {"site_name": "CityHive", "site_url": settings.SITE_URL}
