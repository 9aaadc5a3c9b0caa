"""Agreement of `cityhive recommend` with experts' pairwise city-action preferences (dev split).

Run `.venv/bin/python bench/city_preferences.py` from the project folder. It reads eval data from
/work/shared/data/eval/ (city_profiles_dev.json, city_action_preferences_dev.csv): that data is
only read, never copied into the project; the exchange file made from it lives in a temporary
folder that is removed at the end.

1. A throw-away data folder with a fresh SQLite database: `cityhive migrate`, `load_reference`,
   `load_places`.
2. An exchange file with the three dev cities (organization lines, kind city) and their needs:
   each hazard -> its highest normalised risk in the climate-risk assessment (climate_risk), each
   GPC sector -> its share of the city's emissions (emissions_inventory). `cityhive import` of that
   file and of the shipped cityhive/exchange/data/climate_actions.jsonl (325 actions).
3. Rankings: `cityhive recommend --city LOCODE --all` (the product's defaults and its learned
   re-ranking stage, "all"), and in process `rank_solutions_for_needs` with weights isolating one
   signal (the ablation). The in-process defaults followed by the re-ranking stage with the shipped
   weights must give the CLI's ranking (asserted). Those weights were trained on this split
   (bench/rerank_eval.py reports them cross-validated by city), so "all" is in-sample here.
   Semantic similarity comes from the shipped MiniLM encoder when it loads: cosine of the city's
   need labels and each action's text.
4. Agreement: a judged pair (preferred is neither Unsure nor Irrelevant) agrees when the preferred
   action scores above the other in that city's ranking; equal scores count half; an action missing
   from the ranking counts as disagreement (and is reported).
The product's needs weights (NEEDS_WEIGHTS: text relevance 0, its share given to coverage) were
chosen after looking at this split's ablation, where lexical and semantic relevance ordered the
pairs worse than chance: the "all" figures are tuned on this split and say so. A second table
(exploration) shows equal weights and the defaults with one signal left out. Pairs with an action
missing from the library count as disagreements, so "overall" cannot exceed the share of pairs
with both actions in the library; the last column is the agreement on those pairs alone.
Results: docs/benchmarks.md ("City action preferences").
"""

from __future__ import annotations

import csv
import importlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CITYHIVE = ROOT / ".venv" / "bin" / "cityhive"
EVAL = Path("/work/shared/data/eval")
PROFILES = EVAL / "city_profiles_dev.json"
PREFERENCES = EVAL / "city_action_preferences_dev.csv"
SPLIT = "city_action_preferences_dev"
ACTIONS = ROOT / "cityhive" / "exchange" / "data" / "climate_actions.jsonl"
NOT_JUDGED = {"Unsure", "Irrelevant"}
TARGET = 0.70
RERANKED = "all + learned re-ranking (in process; weights trained on this split)"
UPSTREAM = "61-70%"

HAZARDS = (
    "floods",
    "heatwaves",
    "droughts",
    "storms",
    "landslides",
    "sea-level-rise",
    "diseases",
    "wildfires",
)
# Other spellings an assessment may use for the taxonomy's hazards (the dev split needs none).
HAZARD_ALIASES = {
    "flooding": "floods",
    "flood": "floods",
    "heat waves": "heatwaves",
    "heatwave": "heatwaves",
    "extreme heat": "heatwaves",
    "drought": "droughts",
    "storm": "storms",
    "landslide": "landslides",
    "sea level rise": "sea-level-rise",
    "sea-level rise": "sea-level-rise",
    "disease": "diseases",
    "vector-borne diseases": "diseases",
    "wildfire": "wildfires",
    "forest fires": "wildfires",
}
SECTOR_KEYS = {
    "stationary_energy": "stationaryEnergyEmissions",
    "transportation": "transportationEmissions",
    "waste": "wasteEmissions",
    "ippu": "industrialProcessEmissions",
    "afolu": "landUseEmissions",
}
CONTEXT_KEYS = {
    "lowIncome": "low_income",
    "inadequateWaterAccess": "inadequate_water_access",
    "inadequateSanitation": "inadequate_sanitation",
}


@dataclass
class Tally:
    """Agreement counts over judged pairs."""

    pairs: int = 0
    agree: float = 0.0
    ties: int = 0
    missing: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.pairs += other.pairs
        self.agree += other.agree
        self.ties += other.ties
        self.missing += other.missing

    @property
    def rate(self) -> float:
        """Share of pairs ordered as the expert did (ties half)."""
        return self.agree / self.pairs if self.pairs else 0.0


@dataclass
class Setup:
    """What the run built: cities, unmapped hazards and notes to print."""

    cities: list[dict]
    notes: list[str] = field(default_factory=list)


# --- 1. the throw-away data folder ------------------------------------------------------------


def run_cityhive(*args: str, semantic: bool = False) -> subprocess.CompletedProcess:
    """Run a `cityhive` command in the temporary data folder, the semantic signal on or off."""
    env = {**os.environ, "MATCHING_SEMANTIC": "1" if semantic else "0"}
    return subprocess.run(
        [str(CITYHIVE), *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def cityhive(*args: str, semantic: bool = False) -> str:
    """Run a `cityhive` command; its stdout, or exit with its output when it fails."""
    done = run_cityhive(*args, semantic=semantic)
    if done.returncode != 0:
        raise SystemExit(f"cityhive {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare_database(folder: Path) -> None:
    """Fresh SQLite database with the reference data and GeoNames places."""
    os.environ["CITYHIVE_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    for command in (("migrate", "--no-input"), ("load_reference",), ("load_places",)):
        cityhive(*command)


# --- 2. the exchange file -----------------------------------------------------------------------


def hazard_code(name: str) -> str | None:
    """The taxonomy code of an assessment's hazard name, or None."""
    key = name.strip().casefold().replace("_", "-")
    if key in HAZARDS:
        return key
    return HAZARD_ALIASES.get(key.replace("-", " ")) or HAZARD_ALIASES.get(key)


def hazard_items(profile: dict, notes: list[str]) -> list[dict]:
    """Each hazard's highest normalised risk score (climate_risk)."""
    best: dict[str, float] = {}
    unscored: set[str] = set()
    for row in profile["ccra"]:
        code = hazard_code(row["hazard"])
        score = row["normalised_risk_score"]
        if code is None:
            notes.append(f"{profile['locode']}: hazard {row['hazard']!r} not in the taxonomy")
        elif score is None:
            unscored.add(code)
        else:
            best[code] = max(best.get(code, 0.0), float(score))
    for code in sorted(unscored - set(best)):
        notes.append(f"{profile['locode']}: hazard {code!r} has no risk score, left out")
    return [
        {"facet": "hazard", "value": code, "weight": round(weight, 6), "source": "climate_risk"}
        for code, weight in sorted(best.items(), key=lambda item: (-item[1], item[0]))
    ]


def emission_items(profile: dict) -> list[dict]:
    """Each GPC sector's share of the city's total emissions (emissions_inventory)."""
    total = float(profile["totalEmissions"])
    return [
        {
            "facet": "emission_sector",
            "value": sector,
            "weight": round(float(profile[key] or 0) / total, 6),
            "source": "emissions_inventory",
        }
        for sector, key in SECTOR_KEYS.items()
    ]


def geonames_id(name: str, country: str) -> int | None:
    """The GeoNames id of the most populous place with that name in that country."""
    from cityhive.places.models import Place
    from cityhive.places.services import search_key

    found = Place.objects.filter(search_name=search_key(name), country=country)
    place = found.order_by("-population").first()
    return place.geonames_id if place else None


def organization_line(profile: dict) -> dict:
    """The city as an exchange-format organization."""
    country = profile["locode"][:2]
    flags = {**profile.get("socioEconomicFactors", {}), **profile.get("accessToPublicServices", {})}
    line = {
        "type": "organization",
        "id": profile["locode"],
        "kind": "city",
        "name": profile["name"],
        "country": country,
        "region": profile.get("region") or "",
        "population": profile["populationSize"],
        "area_km2": profile.get("area"),
        "context": {
            "biome": profile["biome"],
            **{CONTEXT_KEYS.get(key, key): value for key, value in flags.items()},
        },
    }
    place = geonames_id(profile["name"], country)
    if place is not None:
        line["geonames_id"] = place
    return line


def write_cities(path: Path, profiles: list[dict], setup: Setup) -> None:
    """Organization and needs lines for the dev cities."""
    with path.open("w", encoding="utf-8") as out:
        for profile in profiles:
            organization = organization_line(profile)
            if "geonames_id" not in organization:
                setup.notes.append(f"{profile['locode']}: no GeoNames place found, id omitted")
            items = hazard_items(profile, setup.notes) + emission_items(profile)
            needs = {"type": "needs", "city": profile["locode"], "items": items}
            for line in (organization, needs):
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            setup.cities.append({**organization, "items": items})


# --- 3. rankings --------------------------------------------------------------------------------


def cli_scores(locode: str) -> tuple[list[str], dict[str, float]]:
    """`cityhive recommend --city LOCODE --all` as shipped: the ids in order and their scores.

    The product's semantic setting is on; a needs profile is ranked without text relevance, so
    no result may carry a semantic factor.
    """
    body = json.loads(cityhive("recommend", "--city", locode, "--all", semantic=True))
    assert body["city"] == locode, body["city"]
    used = any(r["factor"] == "semantic" for x in body["results"] for r in x["reasons"])
    assert not used, f"{locode}: a semantic factor in a needs-profile ranking"
    order = [result["solution"] for result in body["results"]]
    return order, {result["solution"]: result["score"] for result in body["results"]}


def engine_inputs(locode: str):
    """The city's NeedsProfile and the published solutions' docs with their exchange ids."""
    from cityhive.exchange.lookups import exchange_id_of, rows_by_exchange_id
    from cityhive.matching.documents import needs_profile, solution_docs
    from cityhive.solutions.models import Solution

    city = rows_by_exchange_id("organization", [locode])[locode]
    solutions = Solution.objects.filter(status="published").order_by("pk")
    external = {str(s.pk): exchange_id_of("solution", s) for s in solutions}
    return needs_profile(city), solution_docs(solutions), external


def reranked_scores(profile, docs, external) -> tuple[list[str], dict]:
    """The product's recommendations in process: NEEDS_WEIGHTS, then the learned re-ranking stage
    with the shipped cold-start weights (trained on this split: in-sample here)."""
    from cityhive.matching.engine import NEEDS_WEIGHTS, rank_solutions_for_needs
    from cityhive.matching.engine.rerank import rerank
    from cityhive.matching.rerank import cold_start

    first = rank_solutions_for_needs(profile, docs, top=None, weights=NEEDS_WEIGHTS)
    by_id = {doc.id: doc for doc in docs}
    results = rerank(
        first,
        weights=NEEDS_WEIGHTS,
        needs=profile.items,
        solutions=by_id,
        model=cold_start(),
        top=None,
    )
    order = [external[result.id] for result in results]
    return order, {external[r.id]: round(r.score, 12) for r in results}


def engine_scores(profile, docs, external, weights, semantic=None) -> tuple[list[str], dict]:
    """The engine's full ranking (exchange ids in order) and scores for one configuration."""
    from cityhive.matching.engine import rank_solutions_for_needs

    results = rank_solutions_for_needs(profile, docs, top=None, weights=weights, semantic=semantic)
    order = [external[result.id] for result in results]
    return order, {external[r.id]: round(r.score, 12) for r in results}


def load_encoder():
    """The shipped sentence encoder, or None with the reason it did not load."""
    try:
        from cityhive.embeddings.encoder import Encoder

        return Encoder.load(), ""
    except Exception as error:  # any failure: "not available", with the reason
        return None, f"{type(error).__name__}: {error}"


def query_text(profile) -> str:
    """The city's need labels, heaviest first, joined by spaces."""
    needs = sorted((k for k, w in profile.items.items() if w > 0), key=lambda k: -profile.items[k])
    return " ".join(profile.labels.get(key, key[1]) for key in needs)


def semantic_scores(encoder, profile, docs) -> list[float]:
    """Cosine similarity of the city's query text with each solution's text (docs order)."""
    vectors = encoder.encode([query_text(profile)] + [doc.text for doc in docs])
    return [float(value) for value in vectors[1:] @ vectors[0]]


def configurations(encoder_ready: bool):
    """(name, Weights, uses semantic) for every in-process configuration; fixed, not fitted."""
    from cityhive.matching.engine import NEEDS_WEIGHTS, Weights

    zero = {"lexical": 0, "semantic": 0, "coverage": 0, "fit": 0, "evidence": 0, "cobenefits": 0}
    rows = [
        ("lexical only", Weights(**{**zero, "lexical": 1}), False),
        ("needs coverage only", Weights(**{**zero, "coverage": 1}), False),
        ("fit only", Weights(**{**zero, "fit": 1}), False),
        ("co-benefits only", Weights(**{**zero, "cobenefits": 1}), False),
        ("general defaults (lexical 0.20, coverage 0.45)", Weights(), False),
        ("all (needs defaults, in process)", NEEDS_WEIGHTS, False),
    ]
    if encoder_ready:
        rows.insert(1, ("semantic only", Weights(**{**zero, "semantic": 1}), True))
        with_semantic = Weights(
            lexical=0.10, semantic=0.10, coverage=0.45, fit=0.15, evidence=0.15, cobenefits=0.05
        )
        rows.append(("general defaults + semantic (text 0.10 + 0.10)", with_semantic, True))
    return rows


# --- 4. agreement -------------------------------------------------------------------------------


def explorations():
    """Leave-one-signal-out and equal weights: a look at the signals, not candidate weights."""
    from cityhive.matching.engine import NEEDS_WEIGHTS, Weights

    names = ("lexical", "coverage", "fit", "evidence", "cobenefits")
    rows = [("equal weights (0.2 each)", Weights(**dict.fromkeys(names, 0.2)), False)]
    for name in names[1:]:
        weights = {other: getattr(NEEDS_WEIGHTS, other) for other in names}
        rows.append((f"needs defaults without {name}", Weights(**{**weights, name: 0}), False))
    return rows


def judged_pairs() -> list[dict[str, str]]:
    """The dev split's rows with a preference (not Unsure or Irrelevant)."""
    with open(PREFERENCES, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows if row["preferred"] not in NOT_JUDGED]


def agreement(pairs: list[dict[str, str]], scores: dict[str, float]) -> Tally:
    """How many pairs the scores order as the expert did (ties half, missing as disagreement)."""
    tally = Tally()
    for row in pairs:
        tally.pairs += 1
        other = row["action_b"] if row["preferred"] == row["action_a"] else row["action_a"]
        preferred, rejected = scores.get(row["preferred"]), scores.get(other)
        if preferred is None or rejected is None:
            tally.missing += 1
        elif preferred == rejected:
            tally.ties += 1
            tally.agree += 0.5
        elif preferred > rejected:
            tally.agree += 1
    return tally


# --- output -------------------------------------------------------------------------------------


def print_setup(setup: Setup, pairs: list[dict[str, str]], catalogue: set[str]) -> None:
    """The cities' needs, the notes and the pair counts."""
    for city in setup.cities:
        needs = ", ".join(f"{i['value']} {i['weight']:.2f}" for i in city["items"])
        place = city.get("geonames_id", "none")
        print(f"{city['id']} {city['name']} (GeoNames {place}, pop {city['population']}): {needs}")
    for note in setup.notes or ["every hazard mapped onto the taxonomy"]:
        print(f"  note: {note}")
    outside = sorted({a for r in pairs for a in (r["action_a"], r["action_b"])} - catalogue)
    inside = [r for r in pairs if r["action_a"] in catalogue and r["action_b"] in catalogue]
    print(f"judged pairs ({SPLIT}): {len(pairs)}; with both actions among the 325: {len(inside)}")
    print(f"actions judged, not in the 325-action library ({len(outside)}): {', '.join(outside)}")


def print_table(results: list[tuple[str, dict[str, Tally], dict[str, Tally]]], cities) -> None:
    """One row per configuration: per-city and overall agreement, ties, missing."""
    head = " | ".join(cities)
    print(f"\n| configuration | {head} | overall | ties | missing | overall, both in library |")
    print("|---|" + "---:|" * (len(cities) + 4))
    for name, by_city, inside in results:
        total, total_inside = Tally(), Tally()
        for city in cities:
            total.add(by_city[city])
            total_inside.add(inside[city])
        cells = " | ".join(f"{by_city[c].rate:.3f} ({by_city[c].pairs})" for c in cities)
        print(
            f"| {name} | {cells} | **{total.rate:.3f}** ({total.pairs}) | {total.ties} | "
            f"{total.missing} | {total_inside.rate:.3f} ({total_inside.pairs}) |"
        )


def measure(pairs, catalogue, scores: dict[str, dict[str, float]]):
    """Per-city tallies over all judged pairs and over those inside the library."""
    by_city, inside = {}, {}
    for city, city_scores in scores.items():
        rows = [r for r in pairs if r["city_locode"] == city]
        both = [r for r in rows if r["action_a"] in catalogue and r["action_b"] in catalogue]
        by_city[city], inside[city] = agreement(rows, city_scores), agreement(both, city_scores)
    return by_city, inside


def rank_everything(locodes: list[str]):
    """Every configuration's scores per city: the CLI first, then the engine in process.

    Needs django.setup() done.
    """
    # bm25s sets DEBUG on its own logger when imported, and the root handler prints it.
    importlib.import_module("cityhive.matching.engine.lexical")
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    encoder, why = load_encoder()
    print("semantic: " + ("MiniLM-L6-v2 int8 (shipped)" if encoder else f"not available ({why})"))
    rows = configurations(encoder is not None) + explorations()
    scores: dict[str, dict[str, dict[str, float]]] = {"all (cityhive recommend)": {}}
    scores.update({name: {} for name, _, _ in rows})
    scores[RERANKED] = {}
    for locode in locodes:
        cli_order, scores["all (cityhive recommend)"][locode] = cli_scores(locode)
        profile, docs, external = engine_inputs(locode)
        semantic = semantic_scores(encoder, profile, docs) if encoder else None
        print(f"{locode} query text: {query_text(profile)!r}")
        for name, weights, uses_semantic in rows:
            use = semantic if uses_semantic else None
            order, scores[name][locode] = engine_scores(profile, docs, external, weights, use)
        order, scores[RERANKED][locode] = reranked_scores(profile, docs, external)
        check_same(order, scores[RERANKED][locode], cli_order, scores, locode)
    return scores


def check_same(order, engine, cli_order, scores, locode) -> None:
    """The in-process path (defaults, then re-ranking) gives the CLI's ranking and scores (to its
    6 decimals)."""
    cli = scores["all (cityhive recommend)"][locode]
    assert order == cli_order, f"{locode}: the in-process ranking differs from the CLI's"
    assert all(abs(engine[i] - cli[i]) <= 5e-7 for i in cli), f"{locode}: scores differ"


def main() -> None:
    started = time.monotonic()
    profiles = json.loads(PROFILES.read_text(encoding="utf-8"))
    locodes = [profile["locode"] for profile in profiles]
    pairs = judged_pairs()
    lines = [json.loads(line) for line in ACTIONS.read_text(encoding="utf-8").splitlines()]
    catalogue = {line["id"] for line in lines if line["type"] == "solution"}
    with tempfile.TemporaryDirectory(prefix="cityhive-prefs-") as folder:
        prepare_database(Path(folder))
        import django

        django.setup()
        setup = Setup(cities=[])
        cities_file = Path(folder) / "cities.jsonl"
        write_cities(cities_file, profiles, setup)
        from django.db import connection

        connection.close()  # the imports below write from another process
        cityhive("import", str(cities_file), "--quiet")
        cityhive("import", str(ACTIONS), "--quiet")
        print_setup(setup, pairs, catalogue)
        scores = rank_everything(locodes)
        connection.close()
    results = [(name, *measure(pairs, catalogue, by_city)) for name, by_city in scores.items()]
    explored = {name for name, _, _ in explorations()}
    print(f"\nAgreement with the experts ({SPLIT}; ties half; missing counts as disagreement)")
    print_table([row for row in results if row[0] not in explored], locodes)
    print(f"\nExploration, not the product's figure ({SPLIT}; nothing here changes the weights)")
    print_table([row for row in results if row[0] in explored], locodes)
    expert_a = Counter(r["preferred"] == r["action_a"] for r in pairs)[True]
    print(f"\nexperts chose action_a in {expert_a} of {len(pairs)} judged pairs")
    elapsed = time.monotonic() - started
    print(f"target {TARGET:.2f}; upstream prioritisers {UPSTREAM}; run took {elapsed:.0f} s")


if __name__ == "__main__":
    main()
