"""SDG tagging without Django: official texts, Aurora queries, calibrated per-goal thresholds."""

from cityhive.sdg.engine.tagger import SdgTagger, TagResult, Thresholds

__all__ = ["SdgTagger", "TagResult", "Thresholds"]
