"""Speed of matching at 10,000 and 100,000 solutions (1,000,000 with --million), beside PostgreSQL.

Run `.venv/bin/python bench/matching_speed.py` from the project folder (about 10 minutes on
2 cores). For each size it:

1. writes an exchange file into a temporary folder (providers; 30 cities with `needs` lines and one
   open challenge each; solution lines about one of a dozen smart-city topics each, with 1-3
   `addresses` over the real hazard, emission-sector and category codes, regions, cost and
   maturity), makes a fresh SQLite data folder (`cityhive migrate`, `load_reference`) and runs
   `cityhive import`;
2. times `cityhive index rebuild` (MiniLM embeddings of every published solution) under
   `/usr/bin/time -v` for wall time and peak RSS, stopped at 15 minutes; a size whose build the
   measured rate says would clearly exceed that is extrapolated, not run;
3. in a worker subprocess (one Django process per data folder, like a long-lived web worker):
   builds every `SolutionDoc` once (timed) and times `rank_solutions_for_needs(profile, docs,
   top=10)` for the 30 needs profiles and `rank_solutions_for_challenge` for the 30 challenges
   over the whole catalogue (up to --full-engine-max solutions); then the product's selectors end
   to end (`recommendations_for_city`, `matches_for_challenge`, actor SYSTEM), with the semantic
   index when step 2 built one and without it, each twice: first with the worker's caches of
   documents, stemmed texts and query vectors emptied, then again; and the challenge selector's
   steps apart (the challenge's vector, `candidate_solutions`, `solution_docs` of the candidates,
   `semantic_scores`, the engine on them, and beside it the engine's top 20 followed by the
   learned re-ranking stage, as the selector runs them);
4. loads the same titles, summaries and descriptions into a scratch PostgreSQL table with a GIN
   index on a stored `to_tsvector('simple', ...)` column and times `ts_rank` top-10 queries for
   the same 30 challenge texts (terms OR-ed), then drops the table.

Every timed loop is bounded by a count and a time budget. Results: docs/benchmarks.md
("Matching speed").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from import_solutions import cityhive, organization_line  # bench/, next to this script

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
SIZES = (10_000, 100_000)
MILLION = 1_000_000
CITIES = 30
QUERIES = 30
RANK_BUDGET_S = 75.0  # per size and kind of query; at least MIN_QUERIES run anyway
MIN_QUERIES = 3
SELECTOR_BUDGET_S = 45.0  # per size, selector and mode
FULL_ENGINE_MAX = 100_000  # above, the whole-catalogue engine would take minutes a call
INDEX_LIMIT_S = 15 * 60
TARGETS_MS = {10_000: 30.0, MILLION: 150.0}
PROVIDERS_PER_1000 = 2
SEED = 11

COUNTRIES = ("BR", "KE", "ES", "IN", "CO", "NL", "DE", "FR", "US", "ZA", "MX", "PT")
LANGUAGES = {"BR": "pt", "PT": "pt", "ES": "es", "CO": "es", "MX": "es", "FR": "fr", "DE": "de"}
BIOMES = ("tropical_rainforest", "temperate_forest", "savanna", "desert", "mediterranean")

# topic: (phrases, hazards, emission sectors, categories)
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "floods": (
        ("flood early warning sensors", "river level monitoring", "urban drainage modelling",
         "rainwater retention basins", "storm surge forecasting",
         "sponge city green infrastructure"),
        ("floods", "storms", "sea-level-rise"), (),
        ("environment/climate_adaptation", "environment/water"),
    ),
    "heat": (
        ("green roofs for heat relief", "cool pavement coatings", "heat-health early warning",
         "urban tree canopy mapping", "shaded bus stops", "district cooling network"),
        ("heatwaves", "droughts"), ("stationary_energy",),
        ("environment/climate_adaptation", "environment/green_spaces", "living/health"),
    ),
    "water": (
        ("leak detection in water networks", "smart water meters", "rainwater harvesting",
         "wastewater reuse for irrigation", "drought-aware water pricing"),
        ("droughts",), ("waste",), ("environment/water",),
    ),
    "mobility": (
        ("real-time bus arrival information", "bike sharing scheme", "traffic signal optimisation",
         "smart parking guidance", "bus rapid transit planning", "safe cycling corridors"),
        (), ("transportation",),
        ("mobility/public_transport", "mobility/traffic_management", "mobility/parking",
         "mobility/active_mobility", "mobility/shared_mobility"),
    ),
    "electric": (
        ("EV charging network", "electric bus fleet", "e-scooter sharing", "low emission zone"),
        (), ("transportation", "stationary_energy"),
        ("mobility/electric_mobility", "environment/air_quality"),
    ),
    "energy": (
        ("solar rooftop programme", "smart street lighting", "building energy management",
         "energy retrofit of schools", "community battery storage", "smart grid analytics"),
        ("heatwaves",), ("stationary_energy",), ("environment/energy", "living/buildings"),
    ),
    "waste": (
        ("waste bin fill-level sensors", "composting of organic waste", "landfill methane capture",
         "recycling collection routing", "construction waste marketplace"),
        (), ("waste",), ("environment/waste",),
    ),
    "air": (
        ("air quality monitoring stations", "low-cost pollution sensors", "clean air zones",
         "industrial emissions monitoring"),
        ("wildfires",), ("ippu", "transportation"), ("environment/air_quality",),
    ),
    "landslides": (
        ("landslide early warning system", "slope stability monitoring",
         "drone-based terrain survey", "informal settlement risk mapping"),
        ("landslides", "storms"), ("afolu",), ("environment/climate_adaptation", "living/safety"),
    ),
    "health": (
        ("mosquito surveillance traps", "disease outbreak dashboards", "telemedicine kiosks",
         "heat and health alerts"),
        ("diseases", "heatwaves"), (), ("living/health",),
    ),
    "government": (
        ("open data portal", "participatory budgeting platform", "digital twin for urban planning",
         "e-procurement platform", "311 citizen reporting app"),
        (), (), ("government/open_data", "government/participation", "government/digital_services",
                 "government/procurement"),
    ),
    "nature": (
        ("urban forest restoration", "wildfire detection cameras", "peri-urban agroforestry",
         "wetland restoration for flood buffering"),
        ("wildfires", "floods"), ("afolu",), ("environment/green_spaces",),
    ),
}  # fmt: skip
ADJECTIVES = ("Smart", "Modular", "Low-cost", "Integrated", "Community", "AI-assisted", "Open")
AUDIENCES = ("mid-sized cities", "coastal cities", "municipal utilities", "informal settlements")
BENEFITS = (
    "cuts operating costs", "reduces emissions", "protects vulnerable residents",
    "gives planners real-time data", "improves public services", "supports climate adaptation",
)  # fmt: skip
SENTENCES = (
    "The {phrase} is deployed with the {dept} and {benefit}.",
    "Data from the {phrase} feeds a dashboard that city staff use every day.",
    "Residents get alerts and can report problems through a mobile app.",
    "Installation takes {months} months and maintenance is done by local technicians.",
    "The service {benefit} and integrates with existing municipal systems.",
    "It was designed with {audience} in mind and works with open standards.",
    "Sensors, analytics and a simple interface help the {dept} plan investments.",
    "Procurement can follow a pilot phase in one neighbourhood before scaling up.",
)
DEPARTMENTS = ("water utility", "transport department", "environment office", "civil defence")
CHALLENGES = (  # (title, topic)
    ("Reduce flooding in low-lying neighbourhoods after heavy rain", "floods"),
    ("Protect elderly residents during heatwaves", "heat"),
    ("Cut water losses in the distribution network", "water"),
    ("Make buses more reliable and attractive for commuters", "mobility"),
    ("Electrify the municipal vehicle fleet", "electric"),
    ("Lower the energy bills of public buildings", "energy"),
    ("Improve recycling rates and reduce landfill waste", "waste"),
    ("Monitor air pollution near schools", "air"),
    ("Warn residents of landslides on steep hillsides", "landslides"),
    ("Detect dengue outbreaks earlier", "health"),
    ("Open city data to start-ups and researchers", "government"),
    ("Restore urban forests and wetlands", "nature"),
    ("Manage parking demand in the historic centre", "mobility"),
    ("Make streets safe for cycling and walking", "mobility"),
    ("Plan drainage for a growing city", "floods"),
)


def _sentence(rng: random.Random, phrase: str) -> str:
    return rng.choice(SENTENCES).format(
        phrase=phrase,
        dept=rng.choice(DEPARTMENTS),
        benefit=rng.choice(BENEFITS),
        months=rng.randint(2, 18),
        audience=rng.choice(AUDIENCES),
    )


def _addresses(rng: random.Random, topic: str) -> list[dict]:
    _, hazards, sectors, categories = TOPICS[topic]
    pool = [("hazard", h) for h in hazards] + [("emission_sector", s) for s in sectors]
    pool += [("category", c) for c in categories]
    chosen = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
    return [{"facet": f, "value": v, "strength": round(rng.uniform(0.3, 1), 2)} for f, v in chosen]


def _regions(rng: random.Random) -> list[str]:
    if rng.random() < 0.5:
        return ["global"]
    return sorted(rng.sample(COUNTRIES, rng.randint(1, 4)))


def solution_line(number: int, providers: int, rng: random.Random) -> dict:
    """One synthetic solution in the exchange format."""
    topic = rng.choice(list(TOPICS))
    phrases, _, _, categories = TOPICS[topic]
    phrase = rng.choice(phrases)
    sentences = [_sentence(rng, rng.choice(phrases)) for _ in range(rng.randint(4, 7))]
    return {
        "type": "solution",
        "id": f"bench-solution-{number:07d}",
        "provider": f"bench-provider-{number % providers:04d}",
        "title": f"{rng.choice(ADJECTIVES)} {phrase} for {rng.choice(AUDIENCES)}",
        "summary": f"{phrase.capitalize()} that {rng.choice(BENEFITS)}. {_sentence(rng, phrase)}",
        "description": " ".join(sentences),
        "categories": [rng.choice(categories)],
        "addresses": _addresses(rng, topic),
        "cost_level": rng.choice(("low", "medium", "high")),
        "timeline": rng.choice(("<5 years", "5-10 years", ">10 years")),
        "cobenefits": {"air_quality": rng.randint(-1, 2), "jobs": rng.randint(0, 2)},
        "maturity": rng.randint(3, 9),
        "regions_served": _regions(rng),
        "languages": sorted({"en", rng.choice(("es", "pt", "fr", "en"))}),
        "tags": [topic],
    }


def city_lines(number: int) -> list[dict]:
    """A city organisation and its needs line (3-7 weighted hazards, sectors and categories)."""
    rng = random.Random(SEED * 1000 + number)
    country = COUNTRIES[number % len(COUNTRIES)]
    city_id = f"bench-city-{number:02d}"
    topics = rng.sample(list(TOPICS), 3)
    keys = {(a["facet"], a["value"]) for t in topics for a in _addresses(rng, t)}
    sources = {"hazard": "climate_risk", "emission_sector": "emissions_inventory"}
    items = [
        {"facet": f, "value": v, "weight": round(rng.uniform(0.2, 1), 2)}
        | {"source": sources.get(f, "manual")}
        for f, v in sorted(keys)[:7]
    ]
    return [
        {
            "type": "organization",
            "id": city_id,
            "kind": "city",
            "name": f"Bench City {number}",
            "country": country,
            "population": rng.randint(50_000, 5_000_000),
            "languages": sorted({"en", LANGUAGES.get(country, "en")}),
            "context": {"biome": rng.choice(BIOMES)},
        },
        {"type": "needs", "city": city_id, "items": items},
    ]


def challenge_specs() -> list[dict]:
    """The 30 challenge texts (title, description, addresses, city) used by engine and peer."""
    rng = random.Random(SEED + 1)
    specs = []
    for number in range(QUERIES):
        title, topic = CHALLENGES[number % len(CHALLENGES)]
        phrases = TOPICS[topic][0]
        text = " ".join(_sentence(rng, rng.choice(phrases)) for _ in range(2))
        specs.append(
            {
                "id": f"bench-challenge-{number:02d}",
                "city": f"bench-city-{number % CITIES:02d}",
                "title": title,
                "text": f"We are looking for solutions. {text}",
                "addresses": _addresses(rng, topic),
                "budget": rng.choice(("low", "medium", "high", "")),
            }
        )
    return specs


BUDGETS = {"low": 100_000, "medium": 1_000_000, "high": 10_000_000, "": None}


def challenge_line(spec: dict) -> dict:
    """A challenge spec as an open, public exchange `challenge` line."""
    budget = BUDGETS[spec["budget"]]
    return {
        "type": "challenge",
        "id": spec["id"],
        "city": spec["city"],
        "title": spec["title"],
        "description": spec["text"],
        "addresses": spec["addresses"],
        "budget": {"min": None, "max": budget, "currency": "EUR"} if budget else None,
        "visibility": "public",
        "status": "open",
    }


def write_exchange_file(path: Path, solutions: int) -> None:
    """Providers, cities with their needs, challenges, then solutions, one JSON object a line."""
    rng = random.Random(SEED)
    providers = max(1, solutions * PROVIDERS_PER_1000 // 1000)
    with path.open("w", encoding="utf-8") as out:
        lines = [organization_line(n) for n in range(providers)]
        lines += [line for n in range(CITIES) for line in city_lines(n)]
        lines += [challenge_line(spec) for spec in challenge_specs()]
        for line in lines:
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
        for number in range(solutions):
            line = solution_line(number, providers, rng)
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


# ---------------------------------------------------------------- subprocesses and memory


def _timer() -> str | None:
    return "/usr/bin/time" if Path("/usr/bin/time").exists() else shutil.which("time")


def data_env(data_dir: Path) -> dict:
    """The environment of a `cityhive` command on this data folder (dev settings, DEBUG off)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    env["CITYHIVE_DATA_DIR"] = str(data_dir)
    return env


def rss_mib() -> float:
    """This process's current resident memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentiles(samples_ms: list[float]) -> dict:
    """p50 and p95 (nearest rank) of a list of milliseconds, and its size."""
    ordered = sorted(samples_ms)
    if not ordered:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "max": float("nan")}
    rank95 = max(0, min(len(ordered) - 1, -(-95 * len(ordered) // 100) - 1))
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": ordered[rank95],
        "max": ordered[-1],
    }


def timed_calls(calls: list, budget_s: float) -> list[float]:
    """Run zero-argument callables in order, timing each, until the list or the budget ends."""
    samples: list[float] = []
    started = time.monotonic()
    for call in calls:
        if len(samples) >= MIN_QUERIES and time.monotonic() - started > budget_s:
            break
        begin = time.perf_counter()
        call()
        samples.append((time.perf_counter() - begin) * 1000)
    return samples


# ---------------------------------------------------------------- worker (Django, one data folder)


def worker(data_dir: Path, size: int, out: Path, full_engine: bool) -> None:
    """Time the engine on warm documents and the selectors, inside one Django process."""
    os.environ["CITYHIVE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    from cityhive.matching import semantic

    result: dict = {"size": size}
    cities, profiles, challenges = _subjects()
    result["indexed"] = semantic.solution_index_store().current_version() is not None
    # Without an index the selectors would queue a rebuild on every call: measure without it.
    settings.MATCHING_SEMANTIC = result["indexed"]
    if full_engine:
        _time_full_engine(profiles, challenges, result)
    _time_product_path(cities, profiles, challenges, result)
    result["rss_peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write_text(json.dumps(result))


def _subjects() -> tuple[list, dict, list]:
    """The bench cities, their needs profiles (by city pk) and their challenges (model, doc)."""
    from cityhive.challenges.models import Challenge
    from cityhive.directory.models import Organisation, OrganisationKind
    from cityhive.matching import documents

    cities = list(Organisation.objects.filter(kind=OrganisationKind.CITY).order_by("name"))
    profiles = {p.city_id: p for p in documents.needs_profiles(Organisation.objects.filter(
        pk__in=[c.pk for c in cities]))}  # fmt: skip
    rows = Challenge.objects.select_related("city").order_by("external_id")
    challenges = [(c, documents.challenge_doc(c, profiles[str(c.city_id)])) for c in rows]
    return cities, profiles, challenges


def _time_full_engine(profiles: dict, challenges: list, result: dict) -> None:
    """The engine over the whole catalogue, documents built once (as a worker would hold them)."""
    from cityhive.matching import documents
    from cityhive.matching.engine import rank_solutions_for_challenge, rank_solutions_for_needs
    from cityhive.matching.engine.lexical import LexicalIndex
    from cityhive.solutions.selectors import solution_list_published

    before = rss_mib()
    begin = time.perf_counter()
    docs = documents.solution_docs(solution_list_published())
    result["docs_build_s"] = time.perf_counter() - begin
    result["docs_mib"] = rss_mib() - before
    first = rank_solutions_for_needs(next(iter(profiles.values())), docs, top=10)  # warm-up
    result["example"] = [{"score": round(r.score, 3), "factors": [f.text for f in r.factors]}
                         for r in first[:1]]  # fmt: skip
    begin = time.perf_counter()
    LexicalIndex([doc.text for doc in docs])
    result["bm25_build_ms"] = (time.perf_counter() - begin) * 1000
    needs = [lambda p=p: rank_solutions_for_needs(p, docs, top=10) for p in profiles.values()]
    result["full_needs_ms"] = timed_calls(needs, RANK_BUDGET_S)
    challenge = [lambda c=c: rank_solutions_for_challenge(c, docs, top=10) for _, c in challenges]
    result["full_challenge_ms"] = timed_calls(challenge, RANK_BUDGET_S)


def _time_product_path(cities: list, profiles: dict, challenges: list, result: dict) -> None:
    """The selectors end to end, and the three parts of the needs selector timed apart."""
    from django.conf import settings

    from cityhive.core.actors import SYSTEM
    from cityhive.matching.selectors import matches_for_challenge, recommendations_for_city

    modes = [True, False] if result["indexed"] else [False]
    for on in modes:
        settings.MATCHING_SEMANTIC = on
        name = "semantic" if on else "no_semantic"
        recommendations_for_city(actor=SYSTEM, city=cities[0], top=10)  # warm-up (encoder, index)
        needs = [lambda c=c: recommendations_for_city(actor=SYSTEM, city=c, top=10) for c in cities]
        calls = [lambda c=c: matches_for_challenge(actor=SYSTEM, challenge=c, top=10)
                 for c, _ in challenges]  # fmt: skip
        _forget_texts()
        # First pass: each subject new to this worker (its query encoded, most candidates'
        # documents built and stemmed). Second pass: the same subjects again, caches warm.
        for again in ("", "_again"):
            result[f"selector_needs_{name}{again}_ms"] = timed_calls(needs, SELECTOR_BUDGET_S)
            result[f"selector_challenge_{name}{again}_ms"] = timed_calls(calls, SELECTOR_BUDGET_S)
        result.update(_challenge_parts(challenges, name))
    settings.MATCHING_SEMANTIC = result["indexed"]


def _forget_texts() -> None:
    """Empty the worker's caches of documents, stemmed texts and query vectors."""
    from cityhive.matching import semantic
    from cityhive.matching.documents import document_cache
    from cityhive.matching.engine.lexical import term_counts
    from cityhive.text import analysis as text

    document_cache().clear()
    term_counts.cache_clear()
    text._cached_terms.cache_clear()
    semantic.query_vector.cache_clear()


def _challenge_parts(challenges: list, name: str) -> dict:
    """The steps of `matches_for_challenge` timed apart: the challenge's vector (stored, or
    encoded), candidates, their documents, semantic scores and the engine on them; then, on the
    same documents, the engine's top 20 and the learned re-ranking stage cutting it to 10 (what
    the selector runs), so that the stage's cost is read beside the engine's alone."""
    from cityhive.matching import documents, semantic
    from cityhive.matching.candidates import candidate_solutions
    from cityhive.matching.engine import Weights, rank_solutions_for_challenge
    from cityhive.matching.engine.rerank import rerank_scored
    from cityhive.matching.rerank import reranker_current
    from cityhive.matching.selectors import RERANK_POOL, SEMANTIC_WEIGHTS
    from cityhive.solutions.models import Solution

    steps = ("vector", "candidates", "docs", "semantic", "engine", "reranked")
    parts: dict[str, list[float]] = {step: [] for step in (*steps, "count")}
    started = time.monotonic()
    for challenge, doc in challenges:
        if len(parts["engine"]) >= MIN_QUERIES and time.monotonic() - started > SELECTOR_BUDGET_S:
            break
        keys = sorted({*doc.addresses, *doc.city.items,
                       *challenge.facet_tags.values_list("facet", "value")})  # fmt: skip
        marks = [time.perf_counter()]
        vector = semantic.challenge_query_vector(challenge)
        marks.append(time.perf_counter())
        ids = list(candidate_solutions(keys=keys, vector=vector).values_list("pk", flat=True))
        marks.append(time.perf_counter())
        docs = documents.solution_docs(Solution.objects.filter(pk__in=ids))
        marks.append(time.perf_counter())
        scores = None
        if vector is not None:
            scores = semantic.semantic_scores(vector=vector, solution_ids=[int(d.id) for d in docs])
        marks.append(time.perf_counter())
        extra = {} if scores is None else {"semantic": scores, "weights": SEMANTIC_WEIGHTS}
        rank_solutions_for_challenge(doc, docs, top=10, **extra)
        marks.append(time.perf_counter())
        pool = rank_solutions_for_challenge(doc, docs, top=RERANK_POOL, **extra)
        rerank_scored(
            pool,
            weights=extra.get("weights", Weights()),
            scored={d.id: (doc.addresses, d) for d in docs},
            model=reranker_current(),
            top=10,
        )
        marks.append(time.perf_counter())
        for step, begin, end in zip(steps, marks[:-1], marks[1:], strict=True):
            parts[step].append((end - begin) * 1000)
        parts["count"].append(len(ids))
    return {f"parts_{name}_{key}": values for key, values in parts.items()}


# ---------------------------------------------------------------- PostgreSQL peer


def tsquery_terms(text: str) -> str:
    """A challenge text as OR-ed tsquery terms (lower-case words of 3+ letters, no stop words)."""
    stop = {"the", "and", "for", "are", "with", "that", "from", "our", "after", "during", "more"}
    words = dict.fromkeys(w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2)
    return " | ".join(w for w in words if w not in stop)


def postgres_peer(db_path: Path, size: int) -> dict:
    """Load the corpus into a scratch table with a GIN index; time ts_rank top-10 queries."""
    import psycopg

    table = f"bench_matching_{os.getpid()}_{size}"
    texts = [f"{s['title']} {s['text']}" for s in challenge_specs()]
    with psycopg.connect(PG_URL, autocommit=True) as pg:
        try:
            load_s = _pg_load(pg, table, db_path)
            begin = time.perf_counter()
            pg.execute(f"CREATE INDEX ON {table} USING gin (tsv)")
            pg.execute(f"ANALYZE {table}")
            index_s = time.perf_counter() - begin
            sql = (
                f"SELECT id, ts_rank(tsv, q) AS rank FROM {table}, to_tsquery('simple', %s) q "  # noqa: S608
                "WHERE tsv @@ q ORDER BY rank DESC, id LIMIT 10"
            )
            pg.execute(sql, (tsquery_terms(texts[0]),)).fetchall()  # warm-up
            calls = [lambda t=t: pg.execute(sql, (tsquery_terms(t),)).fetchall() for t in texts]
            samples = timed_calls(calls, RANK_BUDGET_S)
            matched = pg.execute(
                f"SELECT count(*) FROM {table}, to_tsquery('simple', %s) q WHERE tsv @@ q",  # noqa: S608
                (tsquery_terms(texts[0]),),
            ).fetchone()[0]
            version = pg.execute("SHOW server_version").fetchone()[0]
        finally:
            pg.execute(f"DROP TABLE IF EXISTS {table}")
    return {
        "load_s": load_s,
        "index_s": index_s,
        "ms": samples,
        "matched_first": matched,
        "version": version,
    }


def _pg_load(pg, table: str, db_path: Path) -> float:
    begin = time.perf_counter()
    pg.execute(
        f"CREATE TABLE {table} (id bigint PRIMARY KEY, title text, summary text, description text, "
        "tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', "
        "title || ' ' || summary || ' ' || description)) STORED)"
    )
    with sqlite3.connect(db_path) as db:
        rows = db.execute(
            "SELECT id, title, summary, description FROM solutions_solution "
            "WHERE status = 'published'"
        )
        with pg.cursor() as cursor:
            copy_sql = f"COPY {table} (id, title, summary, description) FROM STDIN"
            with cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
    return time.perf_counter() - begin


# ---------------------------------------------------------------- one size


def measure_size(size: int, folder: Path, args: argparse.Namespace) -> dict:
    """Generate, import, time the engine, the peer and the index build for one size."""
    figures: dict = {"size": size}
    path = folder / f"solutions-{size}.jsonl"
    begin = time.monotonic()
    write_exchange_file(path, size)
    figures["generate_s"] = time.monotonic() - begin
    data_dir = folder / f"data-{size}"
    data_dir.mkdir()
    env = data_env(data_dir)
    cityhive(["migrate", "-v", "0"], env)
    cityhive(["load_reference"], env)
    imported = cityhive(["import", str(path), "--quiet"], env, measure=True)
    figures["import_s"], figures["import_rss"] = imported.wall_s, imported.peak_rss_mib
    path.unlink()
    if size in args.index_sizes:  # first, so that the selectors can use the index
        figures["index"] = index_build(size, env, args)
    figures["worker"] = run_worker(data_dir, size, folder, size <= args.full_engine_max)
    log(f"{size:,}: engine and selectors done")
    if not args.no_postgres:
        figures["postgres"] = postgres_peer(data_dir / "cityhive.sqlite3", size)
        log(f"{size:,}: PostgreSQL done")
    shutil.rmtree(data_dir)
    return figures


def run_worker(data_dir: Path, size: int, folder: Path, full_engine: bool) -> dict:
    """The engine timings from a fresh worker process on this data folder."""
    out = folder / f"worker-{size}.json"
    command = [str(VENV_BIN / "python"), __file__, "--worker", str(data_dir), "--size", str(size)]
    command += ["--out", str(out)] + (["--full-engine"] if full_engine else [])
    begin = time.monotonic()
    done = subprocess.run(command, env=data_env(data_dir), check=False, capture_output=True)
    if done.returncode != 0:
        sys.exit(f"worker at {size} failed:\n{done.stderr.decode()[-4000:]}")
    result = json.loads(out.read_text())
    result["wall_s"] = time.monotonic() - begin
    return result


RATES: dict[int, tuple[float, float]] = {}  # by size: (solutions/s, fixed start-up s)
CLEARLY = 1.25  # extrapolate instead of running when the estimate exceeds the limit by this much


def index_build(size: int, env: dict, args: argparse.Namespace) -> dict:
    """Time `cityhive index rebuild` (stopped at the limit), or extrapolate a clear miss."""
    if RATES:
        rate, startup = RATES[max(RATES)]
        estimate = startup + size / rate
        if estimate > args.index_limit_s * CLEARLY:
            return {"extrapolated_s": estimate, "rate": rate, "startup_s": startup}
    run = rebuild_with_limit(env, args.index_limit_s)
    if run["finished"]:
        RATES[size] = (run["rate"], max(0.0, run["wall_s"] - size / run["rate"]))
    log(f"{size:,}: index rebuild {run['wall_s']:.0f} s ({run['indexed']:,} embedded)")
    return run


def rebuild_with_limit(env: dict, limit_s: float) -> dict:
    """`cityhive index rebuild` under /usr/bin/time -v; its process group is stopped at limit_s."""
    command = [str(VENV_BIN / "cityhive"), "index", "rebuild"]
    timer = _timer()
    command = [timer, "-v", *command] if timer else command
    begin = time.monotonic()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=limit_s)
        finished = process.returncode == 0
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)  # only the group this function started
        out, err = process.communicate()
        finished = False
    wall = time.monotonic() - begin
    text = err.decode(errors="replace")
    progress = re.findall(r"indexed ([\d,]+)/[\d,]+ solutions \(([\d,]+)/s\)", text)
    indexed, rate = (
        (int(progress[-1][0].replace(",", "")), float(progress[-1][1].replace(",", "")))
        if progress
        else (0, 0.0)
    )
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    return {
        "finished": finished,
        "wall_s": wall,
        "indexed": indexed,
        "rate": rate,
        "rss": int(peak.group(1)) / 1024 if peak else float("nan"),
        "output": out.decode(errors="replace").strip(),
    }


# ---------------------------------------------------------------- report


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine() -> str:
    """nproc, lscpu head, free -h, load, kernel and Python, for the record."""
    parts = [f"nproc: {os.cpu_count()}", f"python: {platform.python_version()}"]
    for command in (["lscpu"], ["free", "-h"]):
        if shutil.which(command[0]):
            text = subprocess.run(command, capture_output=True, text=True, check=False).stdout
            parts.append("\n".join(text.splitlines()[:15]))
    parts.append(f"load average: {os.getloadavg()}")
    return "\n".join(parts)


def ms(stats: dict) -> str:
    return f"{stats['p50']:,.1f} | {stats['p95']:,.1f} | {stats['n']}"


def verdict(size: int, stats: dict) -> str:
    target = TARGETS_MS.get(size)
    if target is None or not stats["n"]:
        return "—"
    return f"{'met' if stats['p95'] <= target else 'MISSED'} (p95 <= {target:.0f} ms)"


# (worker key, label, judged against the target)
LATENCY_ROWS = (
    ("full_needs_ms", "engine, whole catalogue, warm docs: needs profile", True),
    ("full_challenge_ms", "engine, whole catalogue, warm docs: challenge", True),
    ("selector_needs_semantic_ms", "`recommendations_for_city`, semantic on, first", True),
    ("selector_challenge_semantic_ms", "`matches_for_challenge`, semantic on, first", True),
    ("selector_needs_semantic_again_ms", "`recommendations_for_city`, semantic on, again", True),
    ("selector_challenge_semantic_again_ms", "`matches_for_challenge`, semantic on, again", True),
    ("selector_needs_no_semantic_ms", "`recommendations_for_city`, no semantic, first", True),
    ("selector_challenge_no_semantic_ms", "`matches_for_challenge`, no semantic, first", True),
    ("selector_needs_no_semantic_again_ms", "`recommendations_for_city`, no semantic, again", True),
    (
        "selector_challenge_no_semantic_again_ms",
        "`matches_for_challenge`, no semantic, again",
        True,
    ),
    ("parts_semantic_vector", "  part: the challenge's vector (semantic on)", False),
    ("parts_semantic_candidates", "  part: `candidate_solutions` (semantic on)", False),
    ("parts_semantic_docs", "  part: `solution_docs` of the candidates (semantic on)", False),
    ("parts_semantic_semantic", "  part: `semantic_scores` (semantic on)", False),
    ("parts_semantic_engine", "  part: engine on the candidates (semantic on)", False),
    (
        "parts_semantic_reranked",
        "  part: engine top 20, then the re-ranking stage (semantic on)",
        False,
    ),
    ("parts_no_semantic_candidates", "  part: `candidate_solutions` (semantic off)", False),
    ("parts_no_semantic_docs", "  part: `solution_docs` of the candidates (semantic off)", False),
    ("parts_no_semantic_engine", "  part: engine on the candidates (semantic off)", False),
    (
        "parts_no_semantic_reranked",
        "  part: engine top 20, then the re-ranking stage (semantic off)",
        False,
    ),
)


def print_report(results: list[dict]) -> None:
    """The tables for docs/benchmarks.md."""
    print(
        "\n| solutions | import s | build all SolutionDocs s | their memory MiB "
        "| BM25 index of all texts ms | candidates scored, mean (semantic on / off) "
        "| worker peak RSS MiB |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        w = r["worker"]
        counts = " / ".join(
            f"{statistics.mean(w[key]):.0f}"
            for key in ("parts_semantic_count", "parts_no_semantic_count")
            if w.get(key)
        )
        full = (
            f"{w['docs_build_s']:.1f} | {w['docs_mib']:,.0f} | {w['bm25_build_ms']:,.0f}"
            if "docs_build_s" in w
            else "not run | not run | not run"
        )
        print(f"| {r['size']:,} | {r['import_s']:.1f} | {full} | {counts} | {w['rss_peak']:,.0f} |")
    print("\n| solutions | what is timed | p50 ms | p95 ms | n | target |")
    print("| ---: | --- | ---: | ---: | ---: | --- |")
    for r in results:
        w = r["worker"]
        rows = [(label, w[key], judged) for key, label, judged in LATENCY_ROWS if key in w]
        if "postgres" in r:
            rows.append(("PostgreSQL `ts_rank` top 10: challenge", r["postgres"]["ms"], False))
        for label, samples, judged in rows:
            stats = percentiles(samples)
            mark = verdict(r["size"], stats) if judged else "—"
            print(f"| {r['size']:,} | {label} | {ms(stats)} | {mark} |")
    _print_postgres(results)
    _print_index(results)


def _print_postgres(results: list[dict]) -> None:
    rows = [r for r in results if "postgres" in r]
    if not rows:
        return
    print(f"\nPostgreSQL {rows[0]['postgres']['version']} (table load, GIN index build):")
    for r in rows:
        p = r["postgres"]
        print(
            f"- {r['size']:,}: load {p['load_s']:.1f} s, GIN + ANALYZE {p['index_s']:.1f} s, "
            f"first query matched {p['matched_first']:,} rows"
        )


def _print_index(results: list[dict]) -> None:
    if not any(r.get("index") for r in results):
        return
    print(
        "\n| solutions | `cityhive index rebuild` wall | embedded | solutions/s (encoding) "
        "| peak RSS MiB | target |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        index = r.get("index")
        if not index:
            continue
        if "extrapolated_s" in index:
            wall, shown = index["extrapolated_s"], f"~{index['extrapolated_s'] / 60:.0f} min"
            cells = f"{shown} (extrapolated) | not run | {index['rate']:,.0f} | not run"
        else:
            wall = index["wall_s"] if index["finished"] else float("inf")
            shown = f"{index['wall_s'] / 60:.1f} min" + ("" if index["finished"] else " (stopped)")
            cells = f"{shown} | {index['indexed']:,} | {index['rate']:,.0f} | {index['rss']:.0f}"
        mark = "—"
        if r["size"] == 100_000:
            mark = f"{'met' if wall <= INDEX_LIMIT_S else 'MISSED'} (<= 15 min)"
        print(f"| {r['size']:,} | {cells} | {mark} |")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--million", action="store_true", help="also 1,000,000 solutions")
    parser.add_argument(
        "--index-sizes", default=None, help="sizes to index (default: all <= 100,000)"
    )
    parser.add_argument("--index-limit-s", type=float, default=INDEX_LIMIT_S)
    parser.add_argument("--full-engine-max", type=int, default=FULL_ENGINE_MAX)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--full-engine", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s] + ([MILLION] if args.million else [])
    default_index = [s for s in args.sizes if s <= 100_000]
    args.index_sizes = (
        default_index
        if args.index_sizes is None
        else [int(s) for s in args.index_sizes.split(",") if s]
    )
    return args


def main() -> None:
    args = parse_args()
    if args.worker:
        worker(args.worker, args.size, args.out, args.full_engine)
        return
    started = time.monotonic()
    print(f"date: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}")
    print(f"command: {' '.join([Path(sys.argv[0]).name, *sys.argv[1:]])}")
    print(machine())
    with tempfile.TemporaryDirectory(prefix="cityhive-bench-match-") as folder:
        results = []
        for size in sorted(args.sizes):
            log(f"{size:,}: generating and importing")
            results.append(measure_size(size, Path(folder), args))
    print_report(results)
    for r in results:
        example = r["worker"].get("example")
        if example:
            print(f"example at {r['size']:,}: {json.dumps(example)}")
    print(f"\nload average at the end: {os.getloadavg()}; wall {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    venv_python = VENV_BIN / "python"
    if Path(sys.executable).resolve() != venv_python.resolve() and venv_python.exists():
        os.execv(str(venv_python), [str(venv_python), __file__, *sys.argv[1:]])  # noqa: S606
    main()
