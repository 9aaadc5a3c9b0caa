"""Warming matching as a web server process starts (config/wsgi.py), in a background thread.

It opens the solution index and prepares its first search, builds and stems the documents of
the newest solutions up to MATCHING_DOCUMENT_CACHE, then rehearses one challenge's matches, so
that the lazy parts of the path (date formats, model metadata, the re-ranking weights, the
reasons' wording) are ready too: a subject the worker has never seen then costs what a repeated
one does (docs/benchmarks.md, "First requests"). Reads only; `settings.MATCHING_WARM` (on unless
set False, as the tests do) turns it off.
"""

import threading

from django.conf import settings

from cityhive.challenges.models import Challenge
from cityhive.core.actors import SYSTEM
from cityhive.core.warmup import Warmup
from cityhive.matching.documents import document_cache, solution_docs_warm
from cityhive.matching.selectors import matches_for_challenge
from cityhive.matching.semantic import solution_index_warm


def matches_rehearse() -> bool:
    """Compute the newest challenge's matches once, as a request would, and drop them; whether
    there was a challenge to rehearse with."""
    challenge = Challenge.objects.order_by("-pk").first()
    if challenge is None:
        return False
    matches_for_challenge(actor=SYSTEM, challenge=challenge, top=10)
    return True


def matching_warm() -> None:
    solution_index_warm()
    solution_docs_warm()
    matches_rehearse()


MATCHING_WARMUP = Warmup(
    "matching-warm",
    matching_warm,
    enabled=lambda: settings.MATCHING_WARM and document_cache().size > 0,
)


def matching_warm_start() -> threading.Thread | None:
    """Warm this process's matching in a background thread, once (config/wsgi.py calls it as a
    web server process starts); None when turned off (settings.MATCHING_WARM), without a
    document cache, or when it already started."""
    return MATCHING_WARMUP.start()
