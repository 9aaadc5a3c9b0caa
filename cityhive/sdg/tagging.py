"""The SDG tagger for the platform: built once per process from the shipped taxonomy data."""

import threading
from functools import lru_cache
from pathlib import Path

from cityhive.embeddings.platform import query_vector
from cityhive.sdg.engine.tagger import SdgTagger, TagResult

REFERENCE_FOLDER = Path(__file__).resolve().parent.parent / "taxonomy" / "data"
MAX_TEXT = 100_000


# A text that makes the first tagging load the sentence encoder as well.
WARM_TEXT = "Early warning of floods for the residents of a city."
_building = threading.Lock()


@lru_cache(maxsize=1)
def _built() -> SdgTagger:
    tagger = SdgTagger.from_reference(REFERENCE_FOLDER, embed=query_vector)
    tagger.tag(WARM_TEXT)
    return tagger


def sdg_tagger() -> SdgTagger:
    """The tagger with the platform's sentence encoder loaded: built once per process (seconds,
    see sdg.warm), then kept; a caller during the build waits for it rather than building too."""
    with _building:
        return _built()


def sdg_suggest(*, text: str) -> TagResult:
    """SDG goals and targets a text addresses, for an author to accept or not."""
    return sdg_tagger().tag((text or "")[:MAX_TEXT])
