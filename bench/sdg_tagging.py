"""Measure the SDG tagger on the SDG benchmark's dev split; optionally recalibrate its thresholds.

Run `.venv/bin/python bench/sdg_tagging.py` from the project folder. It reads the eval data from
/work/shared/data/eval/sdg_tagging_dev.csv (or --data): that file is evaluation data and is never
copied into the project. Accuracy is the share of rows where `sdg in asserted goals` equals the
label. Printed per goal and on average (the mean of the 17 goals' accuracies, as the published
figures are), three ways:
- shipped: with cityhive/sdg/engine/thresholds.json as it is;
- in-sample: thresholds calibrated on every dev row and measured on the same rows (optimistic);
- cross-validated: 5-fold, thresholds calibrated on four folds and measured on the fifth,
  repeated over several shuffles: the honest figure.
`--write` saves the in-sample calibration as the shipped thresholds.json. The tagger is built as the
platform builds it, with the shipped MiniLM encoder; `--no-embeddings` leaves that part out (the
"shipped" column is then not meaningful, as the thresholds assume it).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cityhive.embeddings.encoder import Encoder  # noqa: E402
from cityhive.sdg.engine import tagger as tagger_module  # noqa: E402
from cityhive.sdg.engine.calibrate import (  # noqa: E402
    SHRINK,
    Row,
    calibrate,
    correct_by_goal,
    cross_validate,
    summary,
)
from cityhive.sdg.engine.tagger import GOALS, SdgTagger, Thresholds  # noqa: E402

DEV_SPLIT = Path("/work/shared/data/eval/sdg_tagging_dev.csv")
REFERENCE = ROOT / "cityhive" / "taxonomy" / "data"
FOLDS = 5
SEEDS = (0, 1, 2, 3, 4)
PUBLISHED = (
    ("sdg-prospector", 87.8),
    ("GPT-4o", 87.2),
    ("DeepSeek-V3", 86.9),
    ("Llama-3", 85.8),
    ("GPT-4", 85.4),
    ("Claude-4-Sonnet", 84.8),
    ("text2sdg", 83.0),
    ("Aurora", 79.2),
    ("SDG Mapper", 77.3),
    ("OSDG", 69.7),
)


def read_split(path: Path) -> list[dict[str, str]]:
    """The dev split's rows (id, text, sdg, label)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def scored_rows(tagger: SdgTagger, records: list[dict[str, str]]) -> list[Row]:
    """Each record's goal score under the tagger (each distinct text scored once)."""
    cache: dict[str, dict[int, float]] = {}
    rows = []
    for record in records:
        if record["text"] not in cache:
            cache[record["text"]] = tagger.scores(record["text"]).goals
        goal = int(record["sdg"])
        rows.append(Row(goal, cache[record["text"]][goal], record["label"] == "True"))
    return rows


def thresholds_json(thresholds: Thresholds, rows: list[Row], path: Path) -> dict:
    """The thresholds file's content, with a note of how it was made."""
    return {
        "about": (
            "Per-goal SDG thresholds for cityhive.sdg.engine. Calibrated by bench/sdg_tagging.py "
            f"--write on the SDG benchmark's dev split ({path.name}, {len(rows)} rows; eval data, "
            "not shipped): each goal's accuracy-maximising cut shrunk towards the all-goal cut, "
            f"(n * goal_cut + {SHRINK} * global_cut) / (n + {SHRINK}). Report accuracy with the "
            "cross-validated figure that the benchmark prints, not the in-sample one."
        ),
        "split": path.name,
        "rows": len(rows),
        "default": round(thresholds.default, 6),
        "goals": {str(goal): round(value, 6) for goal, value in sorted(thresholds.goals.items())},
    }


def print_table(shipped: dict, in_sample: dict, crossed: dict, rows: list[Row]) -> None:
    """Per-goal accuracies side by side, then the averages and the published figures."""
    counts = {goal: sum(row.goal == goal for row in rows) for goal in GOALS}
    print(f"{'goal':>4} {'rows':>5} {'shipped':>8} {'in-sample':>10} {'cross-val':>10}")
    for goal in GOALS:
        cells = [f"{100 * part['per_goal'].get(goal, 0):.1f}" for part in (shipped, in_sample)]
        cross = f"{100 * crossed['per_goal'].get(goal, 0):.1f}"
        print(f"{goal:>4} {counts[goal]:>5} {cells[0]:>8} {cells[1]:>10} {cross:>10}")
    for name, key in (("average over goals", "macro"), ("share of all rows", "overall")):
        values = [f"{100 * part[key]:.1f}" for part in (shipped, in_sample, crossed)]
        print(f"{name}: shipped {values[0]}, in-sample {values[1]}, cross-validated {values[2]}")
    print("\npublished average accuracy (same task, full data):")
    for name, figure in PUBLISHED:
        print(f"  {name:<16} {figure:.1f}")
    print(f"  {'CityHive (cv)':<16} {100 * crossed['macro']:.1f}  <- sdg_tagging_dev, {FOLDS}-fold")


def main(argv: list[str] | None = None) -> int:
    """Score, calibrate, cross-validate and print; write thresholds.json with --write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEV_SPLIT)
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--write", action="store_true", help="save the in-sample thresholds")
    parser.add_argument(
        "--no-embeddings", action="store_true", help="lexical and Aurora parts only (ablation)"
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"No dev split at {args.data}; pass --data.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    embed = None
    if not args.no_embeddings:  # as the platform does: the shipped MiniLM, one text at a time
        encoder = Encoder.load()
        embed = lambda text: encoder.encode([text])[0]  # noqa: E731
    tagger = SdgTagger.from_reference(args.reference, thresholds=Thresholds.load(), embed=embed)
    rows = scored_rows(tagger, read_split(args.data))
    fitted = calibrate(rows)
    shipped = summary(correct_by_goal(rows, tagger.thresholds))
    in_sample = summary(correct_by_goal(rows, fitted))
    crossed = cross_validate(rows, folds=FOLDS, seeds=SEEDS)
    print(f"{args.data.name}: {len(rows)} rows, scored in {time.perf_counter() - started:.1f} s\n")
    print_table(shipped, in_sample, crossed, rows)
    if args.write:
        content = thresholds_json(fitted, rows, args.data)
        tagger_module.THRESHOLDS_PATH.write_text(json.dumps(content, indent=2) + "\n", "utf-8")
        print(f"\nwrote {tagger_module.THRESHOLDS_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
