"""What a web server process makes ready before it answers anyone (config/wsgi.py).

Django imports the URLconf, and with it every app's views and API, on the first request; it
compiles a route's pattern the first time a request is matched against it, and a template the
first time a page renders it; a language's translations are read the first time a request speaks
it. On this platform that is 1-2 s for the first request a worker gets (the API's schemas, the
meeting scheduler's solver), then 30-40 ms more for the first visit of each page and tens of ms
for the first request in each language. A server process does all of it as it starts instead
(about 1.5 s before it takes requests), so no visitor waits for it.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation


def web_ready() -> list[str]:
    """Import the URLconf, compile every route and every template of the platform's apps, read
    every language's translations; returns the templates compiled."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            get_resolver().reverse_dict  # noqa: B018 (the property does the work)
    return [get_template(name).template.name for name in platform_templates()]


def platform_templates() -> list[str]:
    """The names of the templates the platform's own apps ship."""
    names = []
    for app in apps.get_app_configs():
        folder = Path(app.path) / "templates"
        if app.name.startswith("cityhive.") and folder.is_dir():
            names += sorted(str(path.relative_to(folder)) for path in folder.rglob("*.html"))
    return names
