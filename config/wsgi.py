"""WSGI entry point for the production servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
application = get_wsgi_application()

# Import the routes, compile the templates and read the translations now, not in the first
# visitor's request.
from cityhive.site.warm import web_ready  # noqa: E402 (needs the settings above)

web_ready()

# Build the SDG tagger while the server starts, not when someone first asks for suggestions.
from cityhive.sdg.warm import sdg_warm_start  # noqa: E402 (needs the settings above)

tagger_warming = sdg_warm_start()

# Warm matching too (the index, the catalogue's documents, one rehearsed match), so that first
# requests do not build them.
from cityhive.matching.warm import matching_warm_start  # noqa: E402

matching_warming = matching_warm_start()

# Then take what they built out of the garbage collector's way (core/warmup.py).
from cityhive.core.warmup import settle_after  # noqa: E402

settle_after([tagger_warming, matching_warming])
