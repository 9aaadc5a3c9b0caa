"""The platform's sentence encoder: configured from settings, loaded once per process.

Matching and the SDG tagger both embed through here, so neither reaches into the other.
"""

from functools import lru_cache

import numpy as np
from django.conf import settings

from cityhive.embeddings.encoder import Encoder


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The sentence encoder, loaded (and checksum-verified) once per process."""
    return Encoder.load(threads=settings.MATCHING_ENCODER_THREADS)


@lru_cache(maxsize=1024)
def query_vector(query: str) -> np.ndarray:
    """The embedding of a query text, encoded once per worker (a match uses it twice)."""
    vector = encoder().encode([query])[0]
    vector.setflags(write=False)
    return vector
