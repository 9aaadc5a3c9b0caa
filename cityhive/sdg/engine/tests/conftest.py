"""One tagger per test session, built from the shipped taxonomy data (no database)."""

from pathlib import Path

import pytest

from cityhive.sdg.engine import SdgTagger, Thresholds

TAXONOMY_DATA = Path(__file__).resolve().parents[3] / "taxonomy" / "data"


@pytest.fixture(scope="session")
def shipped_tagger() -> SdgTagger:
    """The tagger as shipped: thresholds from thresholds.json (calibrated on sdg_tagging_dev)."""
    return SdgTagger.from_reference(TAXONOMY_DATA)


@pytest.fixture(scope="session")
def tagger(shipped_tagger) -> SdgTagger:
    """The same tagger with one hand-set threshold (0.2), so no test leans on tuned figures."""
    return SdgTagger(shipped_tagger.indexes, shipped_tagger.aurora, Thresholds(0.2))
