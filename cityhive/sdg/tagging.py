"""The SDG tagger for the platform: built once per process from the shipped taxonomy data."""

from functools import lru_cache
from pathlib import Path

from cityhive.embeddings.platform import query_vector
from cityhive.sdg.engine.tagger import SdgTagger, TagResult

REFERENCE_FOLDER = Path(__file__).resolve().parent.parent / "taxonomy" / "data"
MAX_TEXT = 100_000


@lru_cache(maxsize=1)
def sdg_tagger() -> SdgTagger:
    """The tagger with the platform's sentence encoder (about two seconds to build, then kept
    for the life of the process)."""
    return SdgTagger.from_reference(REFERENCE_FOLDER, embed=query_vector)


def sdg_suggest(*, text: str) -> TagResult:
    """SDG goals and targets a text addresses, for an author to accept or not."""
    return sdg_tagger().tag((text or "")[:MAX_TEXT])
