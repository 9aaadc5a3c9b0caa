"""Warming the SDG tagger before anyone waits for it.

Building the tagger (the official texts' indexes) and loading the sentence encoder take seconds
the first time a process suggests SDGs: 4 to 20 s measured on a shared two-core machine (about
6 s typical), against 0.02-0.03 s for a suggestion once the tagger is built. So a web server
process starts building in a background thread as it starts (config/wsgi.py), and a task worker
as it starts (WorkerStarted): the first person to ask for suggestions no longer waits, and a
request that comes during the build waits for that build instead of starting another
(sdg.tagging). `settings.SDG_TAGGER_WARM` (on unless set False, as the tests do) turns it off.
"""

import threading

from django.conf import settings

from cityhive.core.warmup import Warmup
from cityhive.sdg.tagging import sdg_tagger

TAGGER_WARMUP = Warmup("sdg-tagger-warm", sdg_tagger, enabled=lambda: settings.SDG_TAGGER_WARM)


def sdg_warm_start() -> threading.Thread | None:
    """Build the tagger in a background thread, once per process; None when it is turned off
    or already started."""
    return TAGGER_WARMUP.start()


def worker_started(event) -> None:
    """A task worker started: warm its tagger for the suggestions it will make."""
    sdg_warm_start()
