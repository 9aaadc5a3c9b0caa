"""What a web server process makes ready before it answers anyone (config/wsgi.py).

Django imports the URLconf, and with it every app's views and API, on the first request, and
compiles a route's pattern the first time a request is matched against it; a language's
translations are read the first time a request speaks it. On this platform that is 1-2 s for the
first request a worker gets (the API's schemas, the meeting scheduler's solver) and tens of ms
more for the first request in each language. A server process does it as it starts instead:
about a second more at start, before it takes requests, so no visitor waits for it.
"""

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation


def web_ready() -> None:
    """Import the URLconf, compile every route and read every language's translations."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            get_resolver().reverse_dict  # noqa: B018 (the property does the work)
