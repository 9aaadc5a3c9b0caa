"""Time the solution catalogue page over 100,000 published solutions; prints p50/p95 per request.

Run `.venv/bin/python bench/catalogue_list.py` from the repository root. It builds a throw-away
SQLite data folder (`migrate`, `load_reference`), bulk-creates providers in many countries and
published solutions with facet tags drawn from the real vocabularies (a few values are much more
common than the rest, as in real catalogues), then requests /solutions/ through Django's test
client, warm, for a mix of filters. `--data-dir DIR` keeps the folder and reuses it next time.
Results and method: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = 100_000
PROVIDERS = 2_000
COUNTRIES = 60
RUNS = 40
WARMUP_RUNS = 3
BATCH = 5_000
SEED = 42

ADJECTIVES = "smart open adaptive low-carbon connected resilient shared green modular predictive"
NOUNS = "sensors platform network service kit dashboard app system hub grid"
TOPICS = (
    "flood warning|heat mapping|drought monitoring|storm drainage|air quality|bus priority|"
    "parking guidance|bike sharing|street lighting|waste collection|water leakage|school energy|"
    "district heating|tree planting|noise monitoring|traffic signals|citizen reporting|"
    "building retrofit|solar rooftops|public wifi"
)
SENTENCES = [
    "Cities use it to act on {topic} with live data.",
    "It works with existing {noun} and open standards.",
    "Residents get timely information on their phones.",
    "Deployed with the city's own staff in a few months.",
    "Reduces running costs and emissions over time.",
    "Built for municipalities of every size.",
]


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="keep the database here (built when missing)")
    parser.add_argument("--solutions", type=int, default=SOLUTIONS)
    parser.add_argument("--runs", type=int, default=RUNS)
    return parser.parse_args()


def setup_django(data_dir: Path) -> None:
    os.environ["CITYHIVE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    # The page as it is computed: an anonymous visitor's page would otherwise come from the public
    # cache after the first request of each kind (bench/web_lists.py measures that).
    os.environ["PUBLIC_CACHE_SECONDS"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def skewed(rng: random.Random, values: list[str], k: int = 1) -> list[str]:
    """k distinct values, the first ones of the list far more likely (Zipf-like)."""
    weights = [1 / (rank + 1) for rank in range(len(values))]
    chosen: list[str] = []
    while len(chosen) < k:
        value = rng.choices(values, weights)[0]
        if value not in chosen:
            chosen.append(value)
    return chosen


def vocabularies() -> dict[str, list[str]]:
    from cityhive.taxonomy.selectors import facet_code_set

    codes = {facet: sorted(facet_code_set(facet=facet)) for facet in ("hazard", "emission_sector")}
    codes["category"] = sorted(c for c in facet_code_set(facet="category") if "/" in c)
    codes["sdg_target"] = sorted(facet_code_set(facet="sdg_target"))
    codes["kpi"] = sorted(facet_code_set(facet="kpi"))
    for facet in codes:  # a fixed but scrambled popularity order
        random.Random(facet).shuffle(codes[facet])
    return codes


def build(solutions: int) -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    rng = random.Random(SEED)
    providers = create_providers(rng)
    create_solutions(rng, providers, solutions)
    print(f"built {solutions:,} solutions in {time.perf_counter() - started:.0f} s")


def create_providers(rng: random.Random) -> list:
    from django_countries import countries

    from cityhive.directory.models import Organisation

    codes = [code for code, _ in countries][: COUNTRIES * 4 : 4]
    rows = [
        Organisation(
            kind="company",
            name=f"Provider {i:04d}",
            slug=f"provider-{i:04d}",
            country=skewed(rng, codes)[0],
            description="Made up by bench/catalogue_list.py.",
        )
        for i in range(PROVIDERS)
    ]
    return Organisation.objects.bulk_create(rows)


def solution_fields(rng: random.Random, vocab: dict[str, list[str]]) -> dict:
    topic = rng.choice(TOPICS.split("|"))
    noun = rng.choice(NOUNS.split())
    address_facet = rng.choice(["hazard", "hazard", "emission_sector"])
    fields = {
        "title": f"{rng.choice(ADJECTIVES.split()).capitalize()} {topic} {noun}",
        "summary": " ".join(rng.sample(SENTENCES, 2)).format(topic=topic, noun=noun),
        "description": " ".join(rng.sample(SENTENCES, 4)).format(topic=topic, noun=noun),
        "categories": skewed(rng, vocab["category"]),
        "sdg_targets": skewed(rng, vocab["sdg_target"]),
        "kpis": skewed(rng, vocab["kpi"]) if rng.random() < 0.5 else [],
        "addresses": [
            {"facet": address_facet, "value": v, "strength": round(rng.uniform(0.2, 1), 2)}
            for v in skewed(rng, vocab[address_facet])
        ],
    }
    return fields


def create_solutions(rng: random.Random, providers: list, total: int) -> None:
    from django.db import transaction

    from cityhive.solutions.models import Solution, SolutionStatus, SolutionTag
    from cityhive.taxonomy.vocabulary import facet_tags

    vocab = vocabularies()
    now = datetime.now(UTC)
    for start in range(0, total, BATCH):
        batch = []
        for _ in range(min(BATCH, total - start)):
            fields = solution_fields(rng, vocab)
            batch.append(
                Solution(
                    provider=rng.choice(providers),
                    **fields,
                    description_html=f"<p>{fields['description']}</p>",
                    cost_level=rng.choice(["low", "medium", "high"]),
                    timeline=rng.choice(["<5 years", "5-10 years", ">10 years"]),
                    maturity=rng.randint(1, 9),
                    regions_served=["global"],
                    languages=["en"],
                    status=SolutionStatus.PUBLISHED,
                    published_at=now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60)),
                )
            )
        with transaction.atomic():
            Solution.objects.bulk_create(batch)
            SolutionTag.objects.bulk_create(
                SolutionTag(solution=solution, facet=facet, value=value, strength=strength)
                for solution in batch
                for (facet, value), strength in facet_tags(
                    categories=solution.categories,
                    sdg_targets=solution.sdg_targets,
                    kpis=solution.kpis,
                    addresses=solution.addresses,
                ).items()
            )
        print(f"  {start + len(batch):,} solutions", end="\r", flush=True)
    print()


def request_mix(vocab: dict[str, list[str]], countries: list[str]) -> dict[str, list[dict]]:
    """Each request type with a few values to rotate through (common and rarer ones)."""
    hazards, goals = vocab["hazard"][:4], ["11", "13", "7", "6"]
    parents = sorted({c.split("/")[0] for c in vocab["category"]})[:4]
    return {
        "no filter, page 1": [{}],
        "no filter, page 50": [{"page": "50"}],
        "one facet": [{"hazard": h} for h in hazards],
        "two facets": [{"hazard": h, "sdg": g} for h, g in zip(hazards, goals, strict=True)],
        "search": [{"q": q} for q in ("flood", "sensors", "bike sharing", "solar")],
        "search + facet": [
            {"q": q, "category": c}
            for q, c in zip(("data", "smart", "green", "city"), parents, strict=True)
        ],
        "country + maturity": [{"country": c, "maturity_min": "7"} for c in countries[:4]],
        "sort by title": [{"sort": "title"}],
    }


def timed(client, params: dict) -> float:
    started = time.perf_counter()
    response = client.get("/solutions/", params)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed


def measure(runs: int) -> dict[str, list[float]]:
    from django.test import Client

    from cityhive.directory.models import Organisation

    countries = list(
        Organisation.objects.values_list("country", flat=True).order_by("country").distinct()
    )
    mix = request_mix(vocabularies(), countries[:: max(1, len(countries) // 4)])
    client = Client()
    for variants in mix.values():
        for params in variants * WARMUP_RUNS:
            timed(client, params)
    times: dict[str, list[float]] = {name: [] for name in mix}
    for run in range(runs):  # interleaved, so a slow moment of the machine hits every type
        for name, variants in mix.items():
            times[name].append(timed(client, variants[run % len(variants)]))
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(times: dict[str, list[float]]) -> None:
    print("\n| request | runs | p50 ms | p95 ms | max ms |\n| --- | ---: | ---: | ---: | ---: |")
    everything = [t for values in times.values() for t in values]
    for name, values in [*times.items(), ("overall", everything)]:
        print(
            f"| {name} | {len(values)} | {statistics.median(values):.1f} | "
            f"{percentile(values, 0.95):.1f} | {max(values):.1f} |"
        )


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    cpu = next((ln.split(":", 1)[1].strip() for ln in lines if "model name" in ln), "unknown CPU")
    return (
        f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"load average {os.getloadavg()[0]:.2f}"
    )


def main() -> None:
    args = parse()
    keep = Path(args.data_dir).resolve() if args.data_dir else None
    data_dir = keep or Path(tempfile.mkdtemp(prefix="cityhive-bench-"))
    fresh = not (data_dir / "cityhive.sqlite3").exists()
    try:
        setup_django(data_dir)
        if fresh:
            build(args.solutions)
        print(machine())
        report(measure(args.runs))
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        if keep is None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
