"""The engine's inputs and outputs: plain dataclasses the Django side fills from its models.

Facet keys are (facet, value) pairs with the exchange format's codes, e.g. ("hazard", "floods"),
("sdg_target", "11.5"), ("category", "mobility/parking"), ("kpi", "EC: I: T: 1C").
There is deliberately no partner tier anywhere: ranking cannot be bought.
"""

from dataclasses import dataclass, field
from functools import cached_property

from cityhive.matching.engine.reasons import Reason

FacetKey = tuple[str, str]

COST_LEVELS = ("low", "medium", "high")
TIMELINES = ("<5 years", "5-10 years", ">10 years")


@dataclass(frozen=True)
class Evidence:
    """An implementation of a solution in a city (Implementation + its city Organisation)."""

    city_id: str
    city_name: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    continent: str = ""  # e.g. "SA" (GeoNames continent code); any consistent code works
    population: int | None = None
    biome: str = ""  # Organisation.context["biome"]
    confirmed: bool = False  # confirmed_at is set (only the city can confirm)
    status: str = "deployed"  # pilot | deployed | scaled
    year: int | None = None


@dataclass(frozen=True)
class SolutionDoc:
    """A solution as the engine sees it (Solution + provider + implementations)."""

    id: str
    title: str = ""
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    provider_id: str = ""
    provider_country: str = ""
    regions_served: tuple[str, ...] = ()  # alpha-2 codes, ISO 3166-2 codes or "global"
    languages: tuple[str, ...] = ()  # ISO 639-1
    population_min: int | None = None
    population_max: int | None = None
    cost_level: str = ""  # low | medium | high
    maturity: int | None = None  # TRL 1..9
    timeline: str = ""  # "<5 years" | "5-10 years" | ">10 years"
    cobenefits: dict[str, float] = field(default_factory=dict)  # name -> -2..2
    addresses: dict[FacetKey, float] = field(default_factory=dict)  # strength 0..1
    categories: tuple[str, ...] = ()
    sdg_targets: tuple[str, ...] = ()
    kpis: tuple[str, ...] = ()
    implementations: tuple[Evidence, ...] = ()

    @cached_property
    def text(self) -> str:
        """The words BM25 searches: title, summary, description and tags."""
        return " ".join([self.title, self.summary, self.description, *self.tags])


@dataclass(frozen=True)
class NeedsProfile:
    """A city (Organisation of kind city) with its weighted needs (NeedItem rows)."""

    city_id: str
    name: str = ""
    country: str = ""
    region: str = ""  # ISO 3166-2
    continent: str = ""
    population: int | None = None
    biome: str = ""
    languages: tuple[str, ...] = ()
    # Names of its languages by lower-case code, in the reader's language (given by the caller:
    # the engine translates nothing), e.g. {"pt": "Portuguese"}; a code without a name reads as is.
    language_names: dict[str, str] = field(default_factory=dict)
    budget_level: str = ""  # low | medium | high: what the city can usually afford
    items: dict[FacetKey, float] = field(default_factory=dict)  # weight 0..1
    labels: dict[FacetKey, str] = field(default_factory=dict)  # display names, e.g. "Floods"


@dataclass(frozen=True)
class ChallengeDoc:
    """A challenge a city published, with its city's profile for context."""

    id: str
    city: NeedsProfile
    title: str = ""
    text: str = ""
    addresses: dict[FacetKey, float] = field(default_factory=dict)  # importance 0..1
    budget_level: str = ""  # derived by the caller from budget min/max and currency

    @property
    def query_text(self) -> str:
        """Title and description together."""
        return f"{self.title} {self.text}"


@dataclass(frozen=True)
class Factor:
    """One signal's share of a score, and a sentence a city official can act on: in English
    (`text`) and as reasons a caller words in its reader's language (engine/reasons.py)."""

    name: str
    contribution: float
    text: str
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class MatchResult:
    """One ranked item: its id, score (the sum of its factors) and how to improve it."""

    id: str
    score: float
    factors: list[Factor]
    improvements: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Weights:
    """How much each normalised signal (0..1) counts; the defaults sum to 1."""

    lexical: float = 0.20
    semantic: float = 0.0  # set it (e.g. 0.15, taken from lexical) when passing embeddings
    coverage: float = 0.45
    fit: float = 0.15
    evidence: float = 0.15
    cobenefits: float = 0.05


# For a city's needs profile (recommendations, and cities for a company): a profile has no text of
# its own, only need labels that coverage already compares, so text relevance gets no weight and
# its share goes to coverage. Measured on city_action_preferences_dev (docs/benchmarks.md): lexical
# and semantic relevance of the labels ordered the experts' pairs worse than chance, and moving
# lexical's 0.20 to coverage raised agreement on pairs inside the library from 0.629 to 0.674.
NEEDS_WEIGHTS = Weights(lexical=0.0, coverage=0.65, fit=0.15, evidence=0.15, cobenefits=0.05)


@dataclass(frozen=True)
class PeerWeights:
    """How much each signal counts when ranking peer cities; the defaults sum to 1."""

    solved: float = 0.5
    similarity: float = 0.3
    shared_needs: float = 0.2
