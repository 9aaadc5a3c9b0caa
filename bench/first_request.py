"""First requests at 10,000 solutions: how fast a worker answers a subject it has never seen.

Run `.venv/bin/python bench/first_request.py` from the project folder. Without `--data` it builds
the matching bench's catalogue (bench/matching_speed.py: 10,000 solutions, 30 cities with needs
and one open challenge each) in a temporary folder, imports it and runs `cityhive index rebuild`
(minutes: it embeds every solution); `--data DIR` reuses a data folder made that way.

Then, for each mode and round, a fresh worker process (one Django process, like a web worker):
- cold: as a worker that has just started, its caches empty;
- warm: after `matching_warm()` and `settle_after` (what config/wsgi.py starts in a background
  thread as a server process starts: the index opened, the documents of the catalogue, up to
  MATCHING_DOCUMENT_CACHE, built and their texts stemmed, the newest challenge's matches
  rehearsed, then one garbage collection and what is alive frozen), timed;
it times `matches_for_challenge(top=10)` (actor SYSTEM, the semantic signal on when the data
folder has an index) for the 29 challenges other than the rehearsed one (the newest) once each,
every one new to the worker, the first of
them being the process's very first request (the list is rotated by round, so each round starts
with another challenge); then the same 30 again. It records the worker's RSS and the results
(ids and scores), and checks that both modes gave the same results. p95 is the nearest rank.

With `--http`, it also starts `cityhive serve --workers 1` (config/wsgi.py, which warms the
worker in the background as it starts) and asks `GET /api/v1/challenges/{id}/matches?top=10` for
each challenge once and then again: right after /healthz answers (the warm-up running), and in a
new server after `--http-wait` seconds (the warm-up done); `--http-servers N` starts N servers
for each and pools their timings.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import matching_speed as bench  # bench/, next to this script
import servers  # bench/, next to this script

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0


def worker(data_dir: Path, mode: str, round_number: int, out: Path) -> None:
    """Time each challenge once (each new to this process), then again, in one Django process."""
    os.environ["CITYHIVE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    import django

    django.setup()
    from django.conf import settings

    from cityhive.challenges.models import Challenge
    from cityhive.core.actors import SYSTEM
    from cityhive.core.warmup import settle_after
    from cityhive.matching import semantic
    from cityhive.matching.documents import document_cache
    from cityhive.matching.selectors import matches_for_challenge
    from cityhive.matching.warm import matching_warm

    result: dict = {"mode": mode, "setup_s": time.perf_counter() - started}
    settings.MATCHING_SEMANTIC = semantic.solution_index_store().current_version() is not None
    result["semantic"] = settings.MATCHING_SEMANTIC
    rehearsed = Challenge.objects.order_by("-pk").first()
    challenges = list(
        Challenge.objects.select_related("city").exclude(pk=rehearsed.pk).order_by("external_id")
    )
    shift = round_number % len(challenges)
    challenges = challenges[shift:] + challenges[:shift]
    if mode == "warm":
        begin = time.perf_counter()
        warming = threading.Thread(target=matching_warm)
        warming.start()
        settle_after([warming]).join()
        result["warmed"] = len(document_cache().entries)
        result["warm_s"] = time.perf_counter() - begin
    result["rss_before_mib"] = bench.rss_mib()
    for name in ("first", "again"):
        times, cpu, answers = [], [], {}
        for challenge in challenges:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            matches = matches_for_challenge(actor=SYSTEM, challenge=challenge, top=10)
            times.append((time.perf_counter() - begin) * 1000)
            cpu.append((time.process_time() - begin_cpu) * 1000)
            answers[challenge.external_id] = [
                (match.item.pk, round(match.result.score, 9)) for match in matches
            ]
        result[f"{name}_ms"], result[f"{name}_answers"] = times, answers
        result[f"{name}_cpu_ms"] = cpu
    result["rss_after_mib"] = bench.rss_mib()
    result["memory_after_mib"] = memory_split_mib()
    out.write_text(json.dumps(result))


def memory_split_mib() -> dict:
    """Resident memory: the process's own (RssAnon), mapped files' pages (RssFile: the index,
    shared through the page cache) and its proportional share (Pss)."""
    status = Path("/proc/self/status").read_text()
    found = {
        key: int(re.search(rf"{key}:\s+(\d+) kB", status).group(1)) / 1024
        for key in ("RssAnon", "RssFile")
    }
    rollup = Path("/proc/self/smaps_rollup").read_text()
    found["Pss"] = int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1)) / 1024
    return found


def run_worker(data_dir: Path, mode: str, round_number: int, folder: Path, cache: int) -> dict:
    out = folder / f"first-{mode}-{round_number}.json"
    command = [sys.executable, __file__, "--worker", str(data_dir), "--mode", mode]
    command += ["--round", str(round_number), "--out", str(out)]
    env = bench.data_env(data_dir) | {"MATCHING_DOCUMENT_CACHE": str(cache)}
    done = subprocess.run(command, env=env, check=False, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"worker failed:\n{done.stderr[-4000:]}")
    return json.loads(out.read_text())


def prepared_data(folder: Path, size: int) -> Path:
    """A data folder with the matching bench's catalogue imported and indexed."""
    path = folder / f"solutions-{size}.jsonl"
    bench.write_exchange_file(path, size)
    data_dir = folder / "data"
    data_dir.mkdir()
    env = bench.data_env(data_dir)
    bench.cityhive(["migrate", "-v", "0"], env)
    bench.cityhive(["load_reference"], env)
    bench.cityhive(["import", str(path), "--quiet"], env)
    path.unlink()
    bench.log("imported; embedding the catalogue (cityhive index rebuild)")
    bench.rebuild_with_limit(env, 3 * 3600)
    return data_dir


def http_passes(data_dir: Path, folder: Path, cache: int, wait_s: float) -> dict:
    """One server process: each challenge's matches over HTTP once, then again."""
    with sqlite3.connect(data_dir / "cityhive.sqlite3") as db:
        ids = [row[0] for row in db.execute("SELECT id FROM challenges_challenge ORDER BY id")]
    ids = ids[:-1]  # the newest is the one the server's warm-up rehearses
    env = bench.data_env(data_dir) | {"MATCHING_DOCUMENT_CACHE": str(cache)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    port = servers.free_port()
    log_path = folder / f"serve-{port}.log"
    command = [str(servers.VENV_BIN / "cityhive"), "serve", "--no-migrate", "--no-worker"]
    command += ["--workers", "1", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        servers.wait_healthy(port, process, log_path)
        time.sleep(wait_s)
        result = {}
        for name in ("first", "again"):
            times = []
            for pk in ids:
                url = f"http://127.0.0.1:{port}/api/v1/challenges/{pk}/matches?top=10"
                begin = time.perf_counter()
                with urllib.request.urlopen(url, timeout=60) as answer:
                    json.loads(answer.read())
                times.append((time.perf_counter() - begin) * 1000)
            result[name] = times
        return result
    finally:
        servers.stop(process)


def report_http(runs: list[tuple[str, dict]]) -> None:
    print(
        "\nOver HTTP (`cityhive serve --workers 1`), `GET /api/v1/challenges/{id}/matches?top=10`:"
    )
    print("| server | pass | p50 ms | p95 ms | max ms | n |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for label, result in runs:
        for name in ("first", "again"):
            stats = bench.percentiles(result[name])
            print(
                f"| {label} | {name} | {stats['p50']:.1f} | {stats['p95']:.1f} | "
                f"{stats['max']:.1f} | {stats['n']} |"
            )


def report(runs: dict[str, list[dict]], args: argparse.Namespace) -> None:
    print(bench.machine())
    print(f"\ncommand: {' '.join(sys.argv)}; MATCHING_DOCUMENT_CACHE={args.cache}")
    print(f"semantic signal: {'on' if runs['cold'][0]['semantic'] else 'off (no index)'}\n")
    print("| mode | what is timed | p50 ms | p95 ms | max ms | CPU p50 / p95 ms | n | target |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for mode, rounds in runs.items():
        rows = {
            "each challenge new to the worker": ("first", slice(None)),
            "the process's very first request": ("first", slice(0, 1)),
            "the same challenges again": ("again", slice(None)),
        }
        for what, (name, part) in rows.items():
            stats = bench.percentiles([t for r in rounds for t in r[f"{name}_ms"][part]])
            cpu = bench.percentiles([t for r in rounds for t in r[f"{name}_cpu_ms"][part]])
            met = "met" if stats["p95"] <= TARGET_MS else "MISSED"
            target = f"{met} (p95 <= 50 ms)" if what.startswith("each") else "—"
            print(
                f"| {mode} | {what} | {stats['p50']:.1f} | {stats['p95']:.1f} | "
                f"{stats['max']:.1f} | {cpu['p50']:.1f} / {cpu['p95']:.1f} | {stats['n']} | "
                f"{target} |"
            )
    for mode, rounds in runs.items():
        warm = [r["warm_s"] for r in rounds if "warm_s" in r]
        rss = [r["rss_after_mib"] for r in rounds]
        extra = f"; warm-up {min(warm):.2f}-{max(warm):.2f} s" if warm else ""
        print(f"{mode}: worker RSS after both passes {min(rss):.0f}-{max(rss):.0f} MiB{extra}")
    same = all(
        cold[key] == warm[key]
        for cold, warm in zip(runs["cold"], runs["warm"], strict=True)
        for key in ("first_answers", "again_answers")
    )
    print(f"same results cold and warm: {'yes' if same else 'NO'}")
    print(f"load average at the end: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a data folder made by this bench")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="fresh workers per mode")
    parser.add_argument("--cache", type=int, default=10_000, help="MATCHING_DOCUMENT_CACHE")
    parser.add_argument("--http", action="store_true", help="also over HTTP, a served worker")
    parser.add_argument("--http-wait", type=float, default=20.0, help="seconds for the warm-up")
    parser.add_argument(
        "--http-servers", type=int, default=1, help="new servers per HTTP pass (pooled)"
    )
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.mode, args.round, args.out)
        return
    with tempfile.TemporaryDirectory(prefix="first-request-") as temporary:
        folder = Path(temporary)
        data_dir = args.data or prepared_data(folder, args.size)
        runs: dict[str, list[dict]] = {"cold": [], "warm": []}
        for round_number in range(args.rounds):  # alternate, so load hits both modes alike
            for mode in runs:
                runs[mode].append(run_worker(data_dir, mode, round_number, folder, args.cache))
                bench.log(f"round {round_number + 1}, {mode}: done")
        report(runs, args)
        if args.http:
            http = []
            waits = {0.0: "right after start"}
            waits[args.http_wait] = f"{args.http_wait:.0f} s after start"
            for wait_s, label in waits.items():
                passes = [
                    http_passes(data_dir, folder, args.cache, wait_s)
                    for _ in range(args.http_servers)
                ]
                pooled = {name: [t for p in passes for t in p[name]] for name in passes[0]}
                servers_label = f", {args.http_servers} servers" if args.http_servers > 1 else ""
                http.append((label + servers_label, pooled))
            report_http(http)


if __name__ == "__main__":
    main()
