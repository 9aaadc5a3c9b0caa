"""Absolute links for emails: the site's public address."""

from django.conf import settings

FALLBACK_SITE_URL = "http://localhost:8000"  # commands and tasks with neither setting nor request


def site_url_of(request=None) -> str:
    """SITE_URL when configured, else the address the request came to (no trailing slash)."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return FALLBACK_SITE_URL
