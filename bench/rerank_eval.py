"""Agreement of the learned re-ranking stage with the experts, cross-validated by city (dev split).

Run `.venv/bin/python bench/rerank_eval.py` from the project folder (`--write` also writes the
weights trained on the whole split to cityhive/matching/data/rerank_weights.json, the cold start
the product ships). It reads eval data from /work/shared/data/eval/ and never copies it into
the project: only the learned weights (one number per signal) are written.

1. The same throw-away database as bench/city_preferences.py (its functions are reused): the 3 dev
   cities with their needs from their risk assessments and emissions, the 325 shipped actions.
2. Every action's features for each city, as the product's re-ranking stage reads them from the
   first stage (`rank_solutions_for_needs` with NEEDS_WEIGHTS): coverage of the city's climate
   risks, of its emission sectors and of its other needs, fit, evidence and co-benefits
   (`engine.rerank.features`).
3. Leave one city out: pairwise logistic weights (`engine.rerank.pairwise_fit`, non-negative, L2
   towards the hand-set weights, `DEFAULT_PRIOR`, with the product's strength; the prior's scale
   and the strength were chosen among a few on this split, so they are mildly tuned to it) are
   trained on the judged pairs of the two other cities and measured on the held-out city's
   pairs. Only pairs with both actions in the library are used (agreement counted as in
   bench/city_preferences.py: ties half).
4. For comparison, the product's hand-set NEEDS_WEIGHTS (tuned on this whole split) on the same
   pairs, and the weights trained on all three cities measured on them (in-sample, not a quality
   figure). Training time of the final model is printed.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import city_preferences as prefs  # noqa: E402  (the shared setup of the dev split)

WEIGHTS_FILE = ROOT / "cityhive" / "matching" / "data" / "rerank_weights.json"
L2 = 1.0
TARGET = 0.72
BASELINE = 0.674


def signal_table(locodes: list[str]) -> dict[str, dict[str, dict]]:
    """Per city, per action exchange id: the re-ranker's features and the first stage's score."""
    from cityhive.matching.engine import NEEDS_WEIGHTS, rank_solutions_for_needs
    from cityhive.matching.engine.rerank import features

    table: dict[str, dict[str, dict]] = {}
    for locode in locodes:
        profile, docs, external = prefs.engine_inputs(locode)
        by_id = {doc.id: doc for doc in docs}
        results = rank_solutions_for_needs(profile, docs, top=None, weights=NEEDS_WEIGHTS)
        table[locode] = {
            external[r.id]: {
                **features(r, NEEDS_WEIGHTS, profile.items, by_id[r.id]),
                "first_stage": r.score,
            }
            for r in results
        }
    return table


def pairs_inside(pairs: list[dict], table: dict) -> list[tuple[str, str, str]]:
    """(city, preferred, other) for judged pairs with both actions ranked."""
    found = []
    for row in pairs:
        other = row["action_b"] if row["preferred"] == row["action_a"] else row["action_a"]
        city = table.get(row["city_locode"], {})
        if row["preferred"] in city and other in city:
            found.append((row["city_locode"], row["preferred"], other))
    return found


def vectors(rows, table):
    """The preferred and other actions' feature vectors of these pairs."""
    from cityhive.matching.engine.rerank import FEATURES

    preferred = [[table[c][p][n] for n in FEATURES] for c, p, _ in rows]
    other = [[table[c][o][n] for n in FEATURES] for c, _, o in rows]
    return preferred, other


def agreement(rows, table, weights: dict[str, float]) -> tuple[float, int]:
    """Share of pairs the weighted sum orders as the expert did (ties half), and the pair count."""
    agree = 0.0
    for city, preferred, other in rows:
        a = sum(w * table[city][preferred][n] for n, w in weights.items())
        b = sum(w * table[city][other][n] for n, w in weights.items())
        agree += 1.0 if round(a - b, 12) > 0 else 0.5 if round(a - b, 12) == 0 else 0.0
    return (agree / len(rows) if rows else 0.0), len(rows)


def fit(rows, table):
    """The re-ranker trained on these pairs, as the product trains it."""
    from cityhive.matching.engine.rerank import DEFAULT_PRIOR, pairwise_fit

    return pairwise_fit(*vectors(rows, table), prior=DEFAULT_PRIOR, l2=L2)


def cross_validate(rows, table, locodes):
    """Per held-out city: (agreement, pairs, model) of a model trained on the other cities."""
    folds = {}
    for held in locodes:
        model = fit([r for r in rows if r[0] != held], table)
        test = [r for r in rows if r[0] == held]
        folds[held] = (*agreement(test, table, model.scaled()), model)
    return folds


def shown(model) -> str:
    """The scaled weights, for the report."""
    return ", ".join(f"{name} {value:.3f}" for name, value in model.scaled().items())


def print_report(rows, table, locodes) -> dict:
    """The cross-validated and baseline figures as a Markdown table; returns the final model."""
    folds = cross_validate(rows, table, locodes)
    first = {"first_stage": 1.0}
    baseline = {c: agreement([r for r in rows if r[0] == c], table, first) for c in locodes}
    started = time.perf_counter()
    final = fit(rows, table)
    seconds = time.perf_counter() - started
    cv_total = sum(folds[c][0] * folds[c][1] for c in locodes) / len(rows)
    base_total = agreement(rows, table, first)[0]
    final_total = agreement(rows, table, final.scaled())[0]
    print(f"\n| | {' | '.join(locodes)} | all |")
    print("|---|" + "---:|" * (len(locodes) + 1))
    cells = " | ".join(f"{baseline[c][0]:.3f} ({baseline[c][1]})" for c in locodes)
    print(f"| hand-set NEEDS_WEIGHTS (tuned on the whole split) | {cells} | {base_total:.3f} |")
    cells = " | ".join(f"{folds[c][0]:.3f} ({folds[c][1]})" for c in locodes)
    print(f"| re-ranker, leave one city out | {cells} | **{cv_total:.3f}** ({len(rows)}) |")
    print(f"| re-ranker on all three (in-sample) |{' |' * len(locodes)} {final_total:.3f} |")
    print("\nweights per fold (trained without the named city; scaled to sum to 1):")
    for city in locodes:
        print(f"  {city}: {shown(folds[city][2])}")
    print(f"final ({final.pairs} pairs, trained in {seconds * 1000:.1f} ms): {shown(final)}")
    verdict = "reached" if cv_total >= TARGET else "NOT reached"
    print(f"target {TARGET:.2f} {verdict}; before: {BASELINE:.3f} tuned on the whole split")
    return {"model": final, "cv": cv_total}


def write_weights(found: dict) -> None:
    """The cold-start weights the product ships: coefficients only, no eval data."""
    model = found["model"]
    WEIGHTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "direction": "needs",
        "source": f"{prefs.SPLIT} (expert pairwise judgments), all cities",
        "coefficients": {name: round(value, 6) for name, value in model.coefficients.items()},
        "pairs": model.pairs,
        "cross_validated_agreement": round(found["cv"], 3),
        "trained": datetime.now(UTC).date().isoformat(),
    }
    WEIGHTS_FILE.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the shipped weights file")
    parser.add_argument(
        "--cache", type=Path, help="keep the signal table in this file (outside the project)"
    )
    args = parser.parse_args()
    started = time.monotonic()
    profiles = json.loads(prefs.PROFILES.read_text(encoding="utf-8"))
    locodes = [profile["locode"] for profile in profiles]
    if args.cache and args.cache.exists():
        table = json.loads(args.cache.read_text(encoding="utf-8"))
    else:
        table = build_table(profiles, locodes)
        if args.cache:
            args.cache.write_text(json.dumps(table), encoding="utf-8")
    rows = pairs_inside(prefs.judged_pairs(), table)
    print(f"{prefs.SPLIT}: {len(rows)} judged pairs with both actions in the library")
    found = print_report(rows, table, locodes)
    if args.write:
        write_weights(found)
    print(
        f"machine: {platform.machine()}, {platform.python_version()}; "
        f"run took {time.monotonic() - started:.0f} s"
    )


def build_table(profiles, locodes) -> dict:
    """The throw-away database with the dev cities and the actions, and their signal table."""
    with tempfile.TemporaryDirectory(prefix="cityhive-rerank-") as folder:
        prefs.prepare_database(Path(folder))
        import django

        django.setup()
        setup = prefs.Setup(cities=[])
        cities_file = Path(folder) / "cities.jsonl"
        prefs.write_cities(cities_file, profiles, setup)
        from django.db import connection

        connection.close()  # the imports below write from another process
        prefs.cityhive("import", str(cities_file), "--quiet")
        prefs.cityhive("import", str(prefs.ACTIONS), "--quiet")
        table = signal_table(locodes)
        stage_timing(locodes)
        retrain_timing(locodes)
        connection.close()
    return table


def stage_timing(locodes: list[str], rounds: int = 20) -> None:
    """Time a city's top 10 as before (first stage, top 10) and as now (first stage, top 30, then
    the re-ranking stage with the shipped weights), interleaved, over the 325 actions."""
    from statistics import median

    from cityhive.matching.engine import NEEDS_WEIGHTS, rank_solutions_for_needs
    from cityhive.matching.engine.rerank import rerank
    from cityhive.matching.rerank import cold_start
    from cityhive.matching.selectors import RERANK_POOL

    before, after = [], []
    for _ in range(rounds):
        for locode in locodes:
            profile, docs, _ = prefs.engine_inputs(locode)
            by_id = {doc.id: doc for doc in docs}
            started = time.perf_counter()
            rank_solutions_for_needs(profile, docs, top=10)
            before.append(time.perf_counter() - started)
            started = time.perf_counter()
            first = rank_solutions_for_needs(profile, docs, top=RERANK_POOL)
            rerank(
                first,
                weights=NEEDS_WEIGHTS,
                needs=profile.items,
                solutions=by_id,
                model=cold_start(),
                top=10,
            )
            after.append(time.perf_counter() - started)
    ms = {name: sorted(v) for name, v in (("before", before), ("after", after))}
    for name, values in ms.items():
        p95 = values[int(0.95 * (len(values) - 1))]
        print(
            f"top 10 of 325 actions, {name}: median {median(values) * 1000:.1f} ms, "
            f"p95 {p95 * 1000:.1f} ms ({len(values)} runs)"
        )


def retrain_timing(locodes: list[str], seed: int = 20261130) -> None:
    """Time `reranker_retrain` (what the background task runs) on synthetic feedback: each dev
    city gives a random signal on every action (no judgment of the split is stored)."""
    import random

    from django.contrib.contenttypes.models import ContentType

    from cityhive.directory.models import Organisation
    from cityhive.exchange.lookups import rows_by_exchange_id
    from cityhive.matching.models import MatchFeedback
    from cityhive.matching.rerank import reranker_retrain
    from cityhive.solutions.models import Solution

    chooser = random.Random(seed)
    cities = rows_by_exchange_id("organization", locodes)
    types = ContentType.objects.get_for_models(Solution, Organisation)
    signals = ["interest", "accepted", "declined", "not_relevant"]
    rows = [
        MatchFeedback(
            organisation=city,
            subject_type=types[Organisation],
            subject_id=city.pk,
            candidate_type=types[Solution],
            candidate_id=solution_id,
            signal=chooser.choice(signals),
        )
        for city in cities.values()
        for solution_id in Solution.objects.values_list("pk", flat=True)
    ]
    MatchFeedback.objects.bulk_create(rows)
    started = time.perf_counter()
    done = reranker_retrain()
    wall = time.perf_counter() - started
    print(
        f"retrain from feedback: {len(rows)} feedback rows, {done.pairs} pairs, "
        f"{wall:.2f} s wall (reported by the task: {done.seconds:.2f} s)"
    )


if __name__ == "__main__":
    main()
