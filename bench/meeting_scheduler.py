"""The batch meeting scheduler at the issue's scale; prints its figures.

Run `python bench/meeting_scheduler.py` from anywhere (it re-runs itself under the project's
.venv). It builds a synthetic event: PARTICIPANTS participants, REQUESTS accepted meeting
requests between random pairs (match scores uniform in 0..1, 5% marked priority), SLOTS slots and
TABLES tables; each participant is free in a random 60-100% of the slots. It runs the exact
scheduler (CP-SAT, time limit TIME_LIMIT_S, 2 workers) and the greedy fallback on the same
problem and prints, for each, the requests placed, the share of the upper bound (no one meets
more often than they have free slots; no slot holds more meetings than tables), and the time.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import ensure_venv  # noqa: E402

PARTICIPANTS = 1_000
REQUESTS = 5_000
SLOTS = 20
TABLES = 100
TIME_LIMIT_S = 45.0
SEED = 7


def build(participants: int, requests: int, slots: int, tables: int, seed: int):
    from cityhive.events.scheduling import Problem, Request

    rng = random.Random(seed)
    slot_ids = list(range(1, slots + 1))
    available = {
        p: set(rng.sample(slot_ids, rng.randint(int(slots * 0.6), slots)))
        for p in range(participants)
    }
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < requests:
        a, b = rng.sample(range(participants), 2)
        pairs.add((min(a, b), max(a, b)))
    made = [
        Request(i + 1, a, b, score=rng.random(), priority=rng.random() < 0.05)
        for i, (a, b) in enumerate(sorted(pairs))
    ]
    return Problem(requests=made, slots=slot_ids, tables=tables, available=available)


def main() -> None:
    ensure_venv()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=PARTICIPANTS)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--slots", type=int, default=SLOTS)
    parser.add_argument("--tables", type=int, default=TABLES)
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT_S)
    args = parser.parse_args()
    from cityhive.events.scheduling import _exact, _total, greedy, plan, upper_bound

    problem = build(args.participants, args.requests, args.slots, args.tables, SEED)
    bound = upper_bound(problem)
    print(
        f"{args.participants} participants, {args.requests} accepted requests, "
        f"{args.slots} slots, {args.tables} tables; upper bound {bound} requests"
    )
    started = time.perf_counter()
    fallback = greedy(problem)
    greedy_s = time.perf_counter() - started
    started = time.perf_counter()
    outcome = plan(problem, time_limit=args.time_limit)
    plan_s = time.perf_counter() - started
    started = time.perf_counter()
    exact, optimal = _exact(problem, time_limit=args.time_limit, hint=fallback)
    exact_s = time.perf_counter() - started
    rows = [
        ("greedy", fallback, greedy_s, ""),
        (
            "exact (CP-SAT, greedy hint)",
            exact or [],
            exact_s,
            "optimal" if optimal else "best in time",
        ),
        (f"scheduler run ({outcome.method})", outcome.assignments, plan_s, ""),
    ]
    print(f"{'method':28} {'placed':>7} {'of bound':>9} {'weight':>9} {'seconds':>8}")
    for name, assignments, seconds, note in rows:
        share = len(assignments) / bound if bound else 1.0
        print(
            f"{name:28} {len(assignments):7d} {share:9.1%} {_total(problem, assignments):9d} "
            f"{seconds:8.1f} {note}"
        )


if __name__ == "__main__":
    main()
