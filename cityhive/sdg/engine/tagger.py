"""The SDG tagger: official texts, Aurora queries and per-goal thresholds; no Django.

A goal's score is the sum of
- lexical: the mean of the text's two best cosine similarities with that goal's target
  documents (official target, indicator and KPI texts, in the text's language);
- Aurora keywords: AURORA_KEYWORD_WEIGHT * k / (k + AURORA_KEYWORD_HALF), k being the summed
  specificity of the goal's Aurora query terms found in the text;
- Aurora lines: AURORA_LINE_WEIGHT * min(lines, AURORA_LINE_CAP) / AURORA_LINE_CAP, lines being
  the goal's whole boolean query lines that hold;
- embeddings, when the caller supplies an `embed` function (the platform passes its MiniLM
  encoder): embed_weight * the cosine of the text's embedding with the goal's (its English goal
  and target titles). The encoder is English-only, so this part counts for English texts only.
A goal is asserted when its score reaches that goal's threshold (thresholds.json, calibrated with
the shipped encoder and EMBED_WEIGHT).
"""

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cityhive.sdg.engine.aurora import AuroraEvidence, AuroraQueries
from cityhive.sdg.engine.lexicon import LanguageIndex, language_indexes
from cityhive.sdg.engine.reference import Reference, reference_load
from cityhive.text.analysis import detect_language, terms

GOALS = tuple(range(1, 18))
TOP_TARGETS = 2
AURORA_KEYWORD_WEIGHT = 0.05
AURORA_KEYWORD_HALF = 3.0
AURORA_LINE_WEIGHT = 0.1
AURORA_LINE_CAP = 3
TARGETS_PER_GOAL = 3
# Never assert on (almost) nothing, whatever a calibration file says.
MIN_THRESHOLD = 0.02
FALLBACK_THRESHOLD = 0.1
THRESHOLDS_PATH = Path(__file__).with_name("thresholds.json")
# Chosen on the dev split's cross-validated accuracy (bench/sdg_tagging.py): 0.2 of the cosine.
EMBED_WEIGHT = 0.2
EMBED_LANGUAGES = ("en",)

Embed = Callable[[str], Sequence[float]]


@dataclass(frozen=True)
class Thresholds:
    """The score each goal needs to be asserted."""

    default: float = FALLBACK_THRESHOLD
    goals: dict[int, float] = field(default_factory=dict)

    def for_goal(self, goal: int) -> float:
        """This goal's threshold, never below MIN_THRESHOLD."""
        return max(MIN_THRESHOLD, self.goals.get(goal, self.default))

    @classmethod
    def from_mapping(cls, data: dict) -> "Thresholds":
        """From the JSON shape: {"default": x, "goals": {"1": x, ...}}."""
        goals = {int(goal): float(value) for goal, value in data.get("goals", {}).items()}
        return cls(float(data.get("default", FALLBACK_THRESHOLD)), goals)

    @classmethod
    def load(cls, path: str | Path = THRESHOLDS_PATH) -> "Thresholds":
        """The calibrated thresholds in a JSON file; the fallback when there is none."""
        path = Path(path)
        if not path.exists():
            return cls()
        return cls.from_mapping(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class TagResult:
    """All goals with score and whether asserted (best first), and the asserted goals' targets."""

    goals: list[tuple[int, float, bool]]
    targets: list[tuple[str, float]]

    @property
    def asserted(self) -> list[int]:
        """The asserted goals, best first."""
        return [goal for goal, _, asserted in self.goals if asserted]

    def as_exchange(self, text_id) -> dict:
        """The exchange format's tagging line for this text."""
        return {
            "id": text_id,
            "sdgs": [{"goal": g, "score": round(s, 4)} for g, s, a in self.goals if a],
            "targets": [{"target": code, "score": round(s, 4)} for code, s in self.targets],
        }


@dataclass(frozen=True)
class Scores:
    """Raw scores of one text: per goal and per target."""

    goals: dict[int, float]
    targets: dict[str, float]


def cosine(left: Sequence[float], right: Sequence[float]) -> float:
    """Cosine similarity of two vectors; 0 when either is empty or zero."""
    a = np.asarray(left, dtype=np.float64).ravel()
    b = np.asarray(right, dtype=np.float64).ravel()
    size = min(a.size, b.size)
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a[:size] @ b[:size]) / norms if norms else 0.0


def aurora_bonus(goal: int, evidence: AuroraEvidence) -> float:
    """The Aurora part of a goal's score."""
    keyword = evidence.keywords.get(goal, 0.0)
    lines = sum(n for code, n in evidence.line_hits.items() if code.split(".")[0] == str(goal))
    keyword_part = AURORA_KEYWORD_WEIGHT * keyword / (keyword + AURORA_KEYWORD_HALF)
    return keyword_part + AURORA_LINE_WEIGHT * min(lines, AURORA_LINE_CAP) / AURORA_LINE_CAP


Similarities = list[tuple[tuple[int, str], float]]


def target_scores(similarities: Similarities, evidence: AuroraEvidence) -> dict[str, float]:
    """Similarity per target (goal-title documents left out), plus its own Aurora lines."""
    scores = {}
    for (goal, code), similarity in similarities:
        if code != str(goal):
            lines = min(evidence.line_hits.get(code, 0), AURORA_LINE_CAP)
            scores[code] = similarity + AURORA_LINE_WEIGHT * lines / AURORA_LINE_CAP
    return scores


def lexical_goal_scores(similarities: Similarities) -> dict[int, float]:
    """Per goal, the mean of its TOP_TARGETS best document similarities."""
    by_goal: dict[int, list[float]] = {goal: [] for goal in GOALS}
    for (goal, _), similarity in similarities:
        by_goal.setdefault(goal, []).append(similarity)
    return {
        goal: sum(sorted(values, reverse=True)[:TOP_TARGETS]) / TOP_TARGETS
        for goal, values in by_goal.items()
    }


class SdgTagger:
    """Tags texts with the SDGs they address."""

    def __init__(
        self,
        indexes: dict[str, LanguageIndex],
        aurora: AuroraQueries,
        thresholds: Thresholds,
        *,
        embed: Embed | None = None,
        goal_vectors: dict[int, Sequence[float]] | None = None,
        embed_weight: float = 0.0,
    ):
        self.indexes = indexes
        self.aurora = aurora
        self.thresholds = thresholds
        self.embed = embed
        self.goal_vectors = goal_vectors or {}
        self.embed_weight = embed_weight

    @classmethod
    def from_reference(
        cls,
        folder: str | Path,
        *,
        thresholds: Thresholds | None = None,
        embed: Embed | None = None,
        embed_weight: float = EMBED_WEIGHT,
    ) -> "SdgTagger":
        """Build from the taxonomy data folder; embed (text -> vector) is optional."""
        reference = reference_load(folder)
        goal_vectors = embedded_goals(reference, embed) if embed else None
        return cls(
            language_indexes(reference.texts),
            AuroraQueries.from_lines(reference.aurora),
            thresholds or Thresholds.load(),
            embed=embed,
            goal_vectors=goal_vectors,
            embed_weight=embed_weight if embed else 0.0,
        )

    def index_for(self, lang: str) -> LanguageIndex | None:
        """The index of a text language, else English."""
        return self.indexes.get(lang) or self.indexes.get("en")

    def scores(self, text: str) -> Scores:
        """Raw goal and target scores of a text."""
        lang = detect_language(text)
        index = self.index_for(lang)
        counts = Counter(terms(text)) if isinstance(text, str) else Counter()
        if index is None or not counts:
            return Scores(dict.fromkeys(GOALS, 0.0), {})
        evidence = self.aurora.evidence(text)
        similarities = list(zip(index.keys, index.similarities(counts), strict=True))
        lexical = lexical_goal_scores(similarities)
        goals = {goal: lexical.get(goal, 0.0) + aurora_bonus(goal, evidence) for goal in GOALS}
        for goal, value in self.embedding_scores(text, lang).items():
            goals[goal] += self.embed_weight * max(0.0, value)
        return Scores(goals, target_scores(similarities, evidence))

    def embedding_scores(self, text: str, lang: str) -> dict[int, float]:
        """Cosine of the text's embedding with each goal's; empty without an embedder or when
        the text's language (`lang`) is not one the encoder knows."""
        if not self.embed or not self.goal_vectors or lang not in EMBED_LANGUAGES:
            return {}
        vector = self.embed(text)
        return {
            goal: cosine(vector, goal_vector) for goal, goal_vector in self.goal_vectors.items()
        }

    def tag(self, text: str) -> TagResult:
        """The goals (with scores and asserted flags) and main targets a text addresses."""
        scores = self.scores(text)
        ranked = sorted(scores.goals.items(), key=lambda item: (-item[1], item[0]))
        goals = [(g, s, s >= self.thresholds.for_goal(g)) for g, s in ranked]
        asserted = {goal for goal, _, flag in goals if flag}
        return TagResult(goals, top_targets(scores.targets, asserted))


def top_targets(scores: dict[str, float], goals: set[int]) -> list[tuple[str, float]]:
    """The best TARGETS_PER_GOAL targets (score > 0) of each asserted goal, best first."""
    picked: list[tuple[str, float]] = []
    for goal in sorted(goals):
        own = [(code, s) for code, s in scores.items() if code.split(".")[0] == str(goal) and s > 0]
        picked.extend(sorted(own, key=lambda item: (-item[1], item[0]))[:TARGETS_PER_GOAL])
    return sorted(picked, key=lambda item: (-item[1], item[0]))


def embedded_goals(reference: Reference, embed: Embed) -> dict[int, Sequence[float]]:
    """Each goal's embedding from its English goal and target titles."""
    texts: dict[int, list[str]] = {goal: [] for goal in GOALS}
    for item in reference.texts:
        if item.lang == "en" and item.kind in ("goal", "target"):
            texts.setdefault(item.goal, []).append(item.text)
    return {goal: embed(" ".join(parts)) for goal, parts in texts.items() if parts}
