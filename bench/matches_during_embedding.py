"""Challenge matches over HTTP while the catalogue is re-embedded; prints p50/p95 per phase.

Run `python bench/matches_during_embedding.py` from anywhere (it re-runs itself under the project's
.venv). It builds the matching bench's synthetic catalogue (bench/matching_speed.py: 10,000
solutions, 30 cities with needs and one open challenge each) in a throw-away SQLite data folder,
imports it, builds the semantic index, and serves it with `cityhive serve --workers 2 --no-worker`.
One client then asks `GET /api/v1/challenges/{id}/matches?top=10` for the 30 challenges in turn,
back to back, for WINDOW_S seconds in each phase:

1. idle: nothing else runs;
2. worker: every solution's summary is changed and one index update task is queued;
   `cityhive db_worker` (niceness 10, MATCHING_EMBED_BATCH texts per encoder call) re-embeds them,
   with the encoder on 2 threads (the default, MATCHING_ENCODER_THREADS) and then on 1;
3. foreground: the same re-embedding run by a plain process at niceness 0, as embedding work ran
   before the worker was given a lower priority.

Each busy phase's window starts once the embedding has started and the report says whether it
was still running when the window closed. Target (hardening issue): matches stay near their idle
p95 while the worker embeds. Results and method: docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import matching_speed
import servers

SIZE = 10_000
SERVE = ("serve", "--no-migrate", "--no-worker", "--workers", "2")
WINDOW_S = 30.0
START_WAIT_S = 8.0
# The worker's settings in each busy phase: as before stepping aside, then as shipped: stepping
# aside for the web (cityhive/core/activity.py) before each call of MATCHING_EMBED_BATCH texts.
PHASES = (
    ("worker, niceness 10 only", {"BACKGROUND_YIELD_SECONDS": "0"}),
    ("worker stepping aside (the defaults)", {}),
)  # after starting the embedding, before the window opens (model loading)

TOUCH = """
from django.db.models import Value
from django.db.models.functions import Concat
from cityhive.solutions.models import Solution
Solution.objects.update(summary=Concat("summary", Value(" Revised.")))
"""
QUEUE = """
from cityhive.matching.tasks import solution_index_update_task
from cityhive.solutions.models import Solution
solution_index_update_task.enqueue(solution_ids=list(Solution.objects.values_list("pk", flat=True)))
"""
FOREGROUND = """
from cityhive.matching.semantic import solution_index_update
from cityhive.solutions.models import Solution
solution_index_update(solution_ids=list(Solution.objects.values_list("pk", flat=True)))
"""
CLEAR = """
from django_tasks_db.models import DBTaskResult
DBTaskResult.objects.all().delete()
"""
CHALLENGES = """
from cityhive.challenges.models import Challenge
print(list(Challenge.objects.order_by("pk").values_list("pk", flat=True)))
"""


def shell(code: str, env: dict) -> str:
    return servers.cityhive_command("shell", "-c", code, env=env)


def window(port: int, challenges: list[int], busy: subprocess.Popen | None) -> dict:
    """Match the challenges in turn for WINDOW_S seconds; latencies and whether `busy` ran on."""
    samples: list[float] = []
    started = time.monotonic()
    turn = 0
    while time.monotonic() - started < WINDOW_S:
        path = f"/api/v1/challenges/{challenges[turn % len(challenges)]}/matches?top=10"
        begin = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
            json.loads(answer.read())
        samples.append((time.perf_counter() - begin) * 1000)
        turn += 1
    ordered = sorted(samples)
    return {
        "n": len(samples),
        "p50": statistics.median(ordered),
        "p95": ordered[max(0, round(0.95 * len(ordered)) - 1)],
        "still_embedding": busy is not None and busy.poll() is None,
    }


def main() -> None:
    signal.signal(signal.SIGTERM, servers.exit_cleanly)
    with tempfile.TemporaryDirectory(prefix="cityhive-bench-") as tmp:
        data = Path(tmp) / "data"
        env = {**matching_speed.data_env(data), "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
        env["PATH"] = f"{servers.VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
        file = Path(tmp) / "catalogue.jsonl"
        matching_speed.write_exchange_file(file, SIZE)
        servers.cityhive_command("migrate", "--verbosity", "0", env=env)
        servers.cityhive_command("load_reference", env=env)
        servers.cityhive_command("import", str(file), env=env, timeout=1800)
        built = matching_speed.rebuild_with_limit(env, 1800)
        print(f"{SIZE:,} solutions imported; index built in {built['wall_s']:.0f} s", flush=True)
        challenges = json.loads(shell(CHALLENGES, env).strip().splitlines()[-1])
        port = servers.free_port()
        log = (Path(tmp) / "serve.log").open("wb")
        process = subprocess.Popen(
            [str(servers.VENV_BIN / "cityhive"), *SERVE, "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        rows = []
        try:
            servers.wait_healthy(port, process, Path(tmp) / "serve.log")
            window(port, challenges, None)  # warm every worker's caches
            rows.append(("idle", window(port, challenges, None)))

            for name, settings in PHASES:
                shell(TOUCH, env)
                shell(QUEUE, env)
                worker = subprocess.Popen(
                    [str(servers.VENV_BIN / "cityhive"), "db_worker"],
                    env={**env, **settings},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
                time.sleep(START_WAIT_S)
                rows.append((name, window(port, challenges, None)))
                rows[-1][1]["still_embedding"] = _task_running(env)
                servers.stop(worker)
                shell(CLEAR, env)

            shell(TOUCH, env)
            foreground = subprocess.Popen(
                [str(servers.VENV_BIN / "cityhive"), "shell", "-c", FOREGROUND],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            time.sleep(START_WAIT_S)
            rows.append(("foreground (niceness 0)", window(port, challenges, foreground)))
            servers.stop(foreground)
        finally:
            servers.stop(process)
        print(f"nproc {os.cpu_count()}; load average now {os.getloadavg()[0]:.1f}")
        print("| phase | matches | p50 ms | p95 ms | embedding all through the window |")
        print("| --- | --- | --- | --- | --- |")
        for name, row in rows:
            busy = "—" if name == "idle" else ("yes" if row["still_embedding"] else "**no**")
            print(f"| {name} | {row['n']} | {row['p50']:.1f} | {row['p95']:.1f} | {busy} |")


def _task_running(env: dict) -> bool:
    code = (
        "from django_tasks_db.models import DBTaskResult\n"
        "print(DBTaskResult.objects.filter(status='RUNNING').exists())"
    )
    return shell(code, env).strip().splitlines()[-1] == "True"


if __name__ == "__main__":
    servers.ensure_venv()
    sys.exit(main())
