"""Concurrent writers on SQLite: imports and API writes at once; prints status counts.

Run `python bench/concurrent_writes.py` from anywhere (it re-runs itself under the project's
.venv). It makes a throw-away SQLite data folder (`cityhive migrate`, `cityhive load_reference`, a
provider organisation and an API token), starts `cityhive serve` on it, then for DURATION_S
seconds lets WRITERS threads POST solutions through the API while IMPORTS `cityhive import` runs
of LINES lines each start together. It prints the API answers by status class (and any error that
was not a problem document), the imports' exit codes and times, and checks that every
acknowledged write is in the database. The scenario of the hardening finding at a smaller scale;
`--lines 10000 --seconds 90` gives its full scale.
"""

from __future__ import annotations

import argparse
import http.client
import json
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

# The helpers of the server benchmark (this folder is on the path when a script runs).
from servers import bench_env, cityhive_command, ensure_venv, free_port, stop

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
IMPORTS = 3
LINES = 2_000
WRITERS = 4
DURATION_S = 30
IMPORTS_START_S = 2  # the writers run alone for a moment first
STARTUP_TIMEOUT_S = 90

SEED = """
from cityhive.accounts.models import User
from cityhive.accounts.services import api_token_create
from cityhive.directory.services import organisation_create

user = User.objects.create_user(email="bench@example.org", password="bench-password-1")
organisation_create(actor=user, kind="company", name="Bench Provider", country="DE")
print("TOKEN", api_token_create(actor=user, name="bench").key)
"""


def prepare(env: dict[str, str]) -> str:
    """Migrate, load the taxonomy, create the provider; the API token."""
    cityhive_command("migrate", "--verbosity", "0", env=env)
    cityhive_command("load_reference", env=env)
    out = cityhive_command("shell", "-c", SEED, env=env)
    return next(line.split()[1] for line in out.splitlines() if line.startswith("TOKEN"))


def import_file(folder: Path, number: int) -> Path:
    """An exchange file of LINES lines: one organisation and its solutions, ids of its own."""
    org = f"bench-org-{number}"
    lines = [{"type": "organization", "id": org, "kind": "company", "name": org, "country": "NL"}]
    for index in range(1, LINES):
        lines.append(
            {
                "type": "solution",
                "id": f"bench-{number}-{index}",
                "provider": org,
                "title": f"Imported solution {number}-{index}",
                "summary": "Sensors that warn before rivers flood.",
                "categories": ["environment/water"],
                "addresses": [{"facet": "hazard", "value": "floods", "strength": 0.9}],
            }
        )
    path = folder / f"import-{number}.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def request(port: int, method: str, path: str, body: bytes | None = None, token: str = ""):
    """(status, content type, Retry-After, body) of one request; status 0 on a broken connection."""
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, response.getheader("Content-Type", ""), data
    except OSError as error:
        return 0, "", str(error).encode()
    finally:
        conn.close()


def serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    """`cityhive serve` in its own process group, once /healthz answers."""
    port = free_port()
    argv = [str(VENV_BIN / "cityhive"), "serve", "--port", str(port), "--no-worker"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}:\n{log.read_text()}")
        if request(port, "GET", "/healthz")[0] == 200:
            return process, port
        time.sleep(0.3)
    stop(process)
    raise RuntimeError(f"/healthz did not answer:\n{log.read_text()}")


class Writers:
    """WRITERS threads POSTing solutions until the deadline; answers counted by status."""

    def __init__(self, port: int, token: str, deadline: float) -> None:
        self.port, self.token, self.deadline = port, token, deadline
        self.statuses: Counter[int] = Counter()
        self.not_problems: Counter[str] = Counter()
        self.latencies: list[float] = []
        self.created_ids: list[int] = []
        self.lock = threading.Lock()

    def run(self, number: int) -> None:
        index = 0
        while time.monotonic() < self.deadline:
            index += 1
            body = json.dumps(
                {
                    "provider": "bench-provider",
                    "title": f"API solution {number}-{index}",
                    "summary": "Written while imports run.",
                }
            ).encode()
            started = time.monotonic()
            status, content_type, data = request(
                self.port, "POST", "/api/v1/solutions", body, self.token
            )
            self.record(status, content_type, data, time.monotonic() - started)

    def record(self, status: int, content_type: str, data: bytes, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)
            if status == 201:
                self.created_ids.append(json.loads(data)["id"])
            elif "json" not in content_type:
                self.not_problems[f"{status} {content_type or data[:60]!r}"] += 1


def run_import(path: Path, env: dict[str, str], results: list, slot: int) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [str(VENV_BIN / "cityhive"), "import", str(path), "--quiet"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    last = (done.stderr.strip().splitlines() or [""])[-1]
    results[slot] = (done.returncode, time.monotonic() - started, last, "Traceback" in done.stderr)


def report(writers: Writers, imports: list, data_dir: Path) -> None:
    classes = Counter(
        f"{status // 100}xx" if status else "no answer" for status in writers.statuses.elements()
    )
    latencies = sorted(writers.latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    print(f"API writes: {sum(writers.statuses.values())} in {DURATION_S} s by {WRITERS} threads")
    print("  by class: " + ", ".join(f"{key} {value}" for key, value in sorted(classes.items())))
    print("  by status: " + ", ".join(f"{k} {v}" for k, v in sorted(writers.statuses.items())))
    print(f"  latency p95 {p95:.2f} s, max {latencies[-1] if latencies else 0:.2f} s")
    print(f"  errors that were not problem documents: {sum(writers.not_problems.values())}")
    for line, count in writers.not_problems.items():
        print(f"    {count} x {line}")
    for slot, (code, seconds, last, traceback) in enumerate(imports, start=1):
        shown = f" ({last})" if code else ""
        crashed = " with a traceback" if traceback else ""
        print(f"import {slot}: exit {code} in {seconds:.1f} s{shown}{crashed}")
    with sqlite3.connect(data_dir / "cityhive.sqlite3") as db:
        stored = {row[0] for row in db.execute("SELECT id FROM solutions_solution")}
    missing = set(writers.created_ids) - stored
    imported = sum(LINES - 1 for code, *_ in imports if code == 0)
    print(
        f"stored solutions: {len(stored)} (expected {imported + len(writers.created_ids)}); "
        f"acknowledged API writes missing: {len(missing)}"
    )


def options() -> None:
    """Let the command line change the scale (the constants are the defaults)."""
    global IMPORTS, LINES, WRITERS, DURATION_S
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imports", type=int, default=IMPORTS)
    parser.add_argument("--lines", type=int, default=LINES)
    parser.add_argument("--writers", type=int, default=WRITERS)
    parser.add_argument("--seconds", type=int, default=DURATION_S)
    args = parser.parse_args()
    IMPORTS, LINES, WRITERS, DURATION_S = args.imports, args.lines, args.writers, args.seconds


def main() -> None:
    options()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    with tempfile.TemporaryDirectory(prefix="cityhive-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        env = bench_env(data_dir)
        token = prepare(env)
        files = [import_file(Path(tmp), number) for number in range(1, IMPORTS + 1)]
        process, port = serve(env, Path(tmp) / "serve.log")
        try:
            writers = Writers(port, token, time.monotonic() + DURATION_S)
            threads = [threading.Thread(target=writers.run, args=(n,)) for n in range(WRITERS)]
            for thread in threads:
                thread.start()
            time.sleep(IMPORTS_START_S)
            imports: list = [None] * IMPORTS
            runs = [
                threading.Thread(target=run_import, args=(path, env, imports, slot))
                for slot, path in enumerate(files)
            ]
            for run in [*runs]:
                run.start()
            for thread in [*threads, *runs]:
                thread.join()
        finally:
            stop(process)
        report(writers, imports, data_dir)


if __name__ == "__main__":
    ensure_venv()
    main()
