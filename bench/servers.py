"""Measure granian (WSGI) against gunicorn (sync workers) serving CityHive; prints a table.

Run `python bench/servers.py` from anywhere (it re-runs itself under the project's .venv). Each
server is started with the exact command line of `cityhive serve` (`server_argv`), on 127.0.0.1
only, over a throw-away SQLite data folder with the reference taxonomy and a few hundred
organisations. The load comes from `wrk` when it is installed (`apt-get install wrk`), else from a
bounded Python thread pool. Results and method: docs/benchmarks.md; decision: docs/adr/0002.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
SERVERS = ("granian", "gunicorn")
URLS = ("/healthz", "/organisations/", "/api/v1/sdgs")
HOST = "127.0.0.1"
WORKERS = 2
CONNECTIONS = 8
THREADS = 2
DURATION_S = 8
ROUNDS = 3  # rounds alternate which server goes first; the table shows medians over rounds
WARMUP_S = 2
MAX_REQUESTS = 200_000  # bound for the Python load generator (wrk is bound by time)
ORGANISATIONS = 300
STARTUP_TIMEOUT_S = 60
SAMPLE_EVERY_S = 0.2
MARGIN = 1.10  # a lead smaller than 10% is a tie: runs on a shared 2-core VM vary more than that
budget_lock = threading.Lock()

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write("BENCH_JSON " .. string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout) .. "\\n")
end
"""

SEED_ORGANISATIONS = f"""
from cityhive.directory.models import Organisation
Organisation.objects.bulk_create(
    Organisation(kind="company", name=f"Bench Company {{i:04d}}", slug=f"bench-company-{{i:04d}}",
                 country="DE", description="A company made up by bench/servers.py.")
    for i in range({ORGANISATIONS})
)
print(Organisation.objects.count(), "organisations")
"""


@dataclass(frozen=True)
class Result:
    """Figures of one server under load on one URL."""

    server: str
    url: str
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms_per_request: float
    peak_rss_mib: float
    peak_pss_mib: float


@dataclass(frozen=True)
class Summary:
    """One server on one URL over every round: medians, the req/s spread, totals and peaks."""

    server: str
    url: str
    requests: int
    rps: float
    rps_min: float
    rps_max: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms_per_request: float
    peak_rss_mib: float
    peak_pss_mib: float


def cityhive(*args: str, env: dict[str, str]) -> None:
    """Run one `cityhive` management command in the bench environment, failing loudly."""
    executable = VENV_BIN / "cityhive"
    subprocess.run([str(executable), *args], env=env, cwd=ROOT, check=True, timeout=300)


def prepare_data(env: dict[str, str]) -> None:
    """Migrate the throw-away database and load the reference taxonomy and organisations."""
    cityhive("migrate", "--verbosity", "0", env=env)
    cityhive("load_reference", env=env)
    cityhive("shell", "-c", SEED_ORGANISATIONS, env=env)


def bench_env(data_dir: Path) -> dict[str, str]:
    """The environment of the commands and servers: dev settings over `data_dir`, SQLite."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "DEBUG", "ALLOWED_HOSTS"):
        env.pop(name, None)
    env["CITYHIVE_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_command(server: str, port: int) -> list[str]:
    """The command line `cityhive serve --server <server>` would exec."""
    import django

    django.setup()
    from cityhive.site.management.commands.serve import server_argv

    return server_argv(server, host=HOST, port=port, workers=WORKERS)


def get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    """One GET on the local server: its status and body."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_healthy(port: int, process: subprocess.Popen, log: Path) -> None:
    """Wait until /healthz answers 200, or fail with the server's log."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if get(port, "/healthz", timeout=1.0)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"/healthz did not answer in {STARTUP_TIMEOUT_S} s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """Terminate the server's whole process group; kill it if it does not stop in 15 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    with suppress(ProcessLookupError):  # workers that outlived their master
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def running(server: str, env: dict[str, str], log: Path) -> Iterator[tuple[int, int, list[str]]]:
    """Start `server` in its own process group; yield (port, pid, argv) once healthy; stop it."""
    port = free_port()
    argv = server_command(server, port)
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_healthy(port, process, log)
        yield port, process.pid, argv
    finally:
        stop(process)


def group_pids(pgid: int) -> list[int]:
    """The live processes in process group `pgid` (the server's master and its workers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = stat_fields(int(entry.name))
        if fields and int(fields[2]) == pgid:
            pids.append(int(entry.name))
    return pids


def stat_fields(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (field 3 onwards), [] if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def cpu_seconds(pgid: int) -> float:
    """User plus system CPU time used so far by the live processes of group `pgid`."""
    ticks = 0
    for pid in group_pids(pgid):
        fields = stat_fields(pid)
        if fields:
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def status_kib(pid: int, path: str, key: str) -> int:
    """One `key:  N kB` figure from /proc/<pid>/<path>, 0 if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def memory_mib(pgid: int) -> tuple[float, float]:
    """Summed VmRSS and Pss of the server's process group, in MiB."""
    pids = group_pids(pgid)
    rss = sum(status_kib(pid, "status", "VmRSS") for pid in pids)
    pss = sum(status_kib(pid, "smaps_rollup", "Pss") for pid in pids)
    return rss / 1024, pss / 1024


class PeakMemory(threading.Thread):
    """Samples a process group's memory in the background and keeps the peak."""

    def __init__(self, pgid: int) -> None:
        """Watch process group `pgid`."""
        super().__init__(daemon=True)
        self.pgid, self.rss, self.pss = pgid, 0.0, 0.0
        self.halt = threading.Event()

    def run(self) -> None:
        """Sample until told to halt."""
        while not self.halt.is_set():
            rss, pss = memory_mib(self.pgid)
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self.halt.wait(SAMPLE_EVERY_S)

    def finish(self) -> tuple[float, float]:
        """Stop sampling; the peak RSS and PSS in MiB."""
        self.halt.set()
        self.join()
        return self.rss, self.pss


def wrk_load(port: int, path: str, duration: int, script: Path) -> dict[str, float]:
    """Load one URL with wrk for `duration` seconds; its raw figures."""
    argv = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{duration}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        f"http://{HOST}:{port}{path}",
    ]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["errors"],
    }


def python_worker(port: int, path: str, deadline: float, budget: list[int]) -> list[float]:
    """One connection's loop: GET `path` until the deadline or the shared budget is spent."""
    latencies: list[float] = []
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    while time.monotonic() < deadline:
        with budget_lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            ok = response.status < 400
            if response.will_close:
                conn.close()
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
        latencies.append((time.perf_counter() - started) if ok else -1.0)
    conn.close()
    return latencies


def python_load(port: int, path: str, duration: int) -> dict[str, float]:
    """Load one URL from a pool of Python threads, bounded by time and request count."""
    started = time.monotonic()
    deadline, budget = started + duration, [MAX_REQUESTS]
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        futures = [
            pool.submit(python_worker, port, path, deadline, budget) for _ in range(CONNECTIONS)
        ]
        samples = [x for future in futures for x in future.result()]
    elapsed = time.monotonic() - started
    ok = sorted(x for x in samples if x >= 0)
    return {
        "requests": len(samples),
        "rps": len(samples) / elapsed,
        "p50_ms": percentile(ok, 50) * 1000,
        "p99_ms": percentile(ok, 99) * 1000,
        "errors": len(samples) - len(ok),
    }


def percentile(ordered: list[float], pct: float) -> float:
    """The nearest-rank percentile of sorted samples (NaN when empty)."""
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(pct / 100 * len(ordered)) - 1))]


def load(port: int, path: str, duration: int, script: Path | None) -> dict[str, float]:
    """Load one URL with wrk when available, else with Python threads."""
    if script is not None:
        return wrk_load(port, path, duration, script)
    return python_load(port, path, duration)


def measure(server: str, port: int, pid: int, script: Path | None) -> list[Result]:
    """Check each URL answers 200, warm it up, then load it while sampling memory and CPU."""
    results = []
    for path in URLS:
        status, body = get(port, path)
        if status != 200:
            raise RuntimeError(f"{server} {path} answered {status}: {body[:300]!r}")
        load(port, path, WARMUP_S, script)
        sampler = PeakMemory(pid)
        cpu_before = cpu_seconds(pid)
        sampler.start()
        try:
            figures = load(port, path, DURATION_S, script)
        finally:
            rss, pss = sampler.finish()
        cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / max(1, figures["requests"])
        results.append(
            Result(
                server,
                path,
                cpu_ms_per_request=cpu_ms,
                peak_rss_mib=rss,
                peak_pss_mib=pss,
                **figures,
            )
        )
    return results


def summarise(results: list[Result]) -> list[Summary]:
    """Fold the rounds: medians of req/s, latency and CPU; totals of requests and errors."""
    summaries = []
    for server in SERVERS:
        for url in URLS:
            rs = [r for r in results if r.server == server and r.url == url]
            rps = [r.rps for r in rs]
            summaries.append(
                Summary(
                    server=server,
                    url=url,
                    requests=sum(r.requests for r in rs),
                    rps=statistics.median(rps),
                    rps_min=min(rps),
                    rps_max=max(rps),
                    p50_ms=statistics.median(r.p50_ms for r in rs),
                    p99_ms=statistics.median(r.p99_ms for r in rs),
                    errors=sum(r.errors for r in rs),
                    cpu_ms_per_request=statistics.median(r.cpu_ms_per_request for r in rs),
                    peak_rss_mib=max(r.peak_rss_mib for r in rs),
                    peak_pss_mib=max(r.peak_pss_mib for r in rs),
                )
            )
    return summaries


def table(summaries: list[Summary]) -> str:
    """The summaries as a Markdown table."""
    lines = [
        "| server | URL | requests | req/s (median) | req/s (min-max) | p50 ms | p99 ms "
        "| errors | server CPU ms/req | peak RSS MiB | peak PSS MiB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in summaries:
        lines.append(
            f"| {r.server} | `{r.url}` | {r.requests} | {r.rps:.0f} "
            f"| {r.rps_min:.0f}-{r.rps_max:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.errors} "
            f"| {r.cpu_ms_per_request:.2f} | {r.peak_rss_mib:.0f} | {r.peak_pss_mib:.0f} |"
        )
    return "\n".join(lines)


def geomean(values: list[float]) -> float:
    """The geometric mean of positive numbers."""
    return math.exp(sum(math.log(v) for v in values) / len(values))


def lead(name: str, figures: dict[str, float], *, higher_is_better: bool) -> tuple[str, str]:
    """Which server leads on one criterion by more than MARGIN ("" on a tie), and a note."""
    a, b = SERVERS
    ratio = figures[a] / figures[b]
    ahead = a if (ratio > 1) == higher_is_better else b
    spread = max(ratio, 1 / ratio)
    if spread < MARGIN:
        return "", f"{name} tie ({spread:.2f}x)"
    return ahead, f"{name} {ahead} ({spread:.2f}x better)"


def verdict(summaries: list[Summary]) -> str:
    """One line: the leader on throughput, p99 latency and memory, and the overall pick."""
    by = {s: [r for r in summaries if r.server == s] for s in SERVERS}
    leads = [
        lead(
            "req/s",
            {s: geomean([r.rps for r in rs]) for s, rs in by.items()},
            higher_is_better=True,
        ),
        lead(
            "p99",
            {s: geomean([r.p99_ms for r in rs]) for s, rs in by.items()},
            higher_is_better=False,
        ),
        lead(
            "memory",
            {s: max(r.peak_pss_mib for r in rs) for s, rs in by.items()},
            higher_is_better=False,
        ),
    ]
    errors = {s: sum(r.errors for r in rs) for s, rs in by.items()}
    wins = {s: sum(1 for winner, _ in leads if winner == s) for s in SERVERS}
    clean = [s for s in SERVERS if errors[s] == 0] or list(SERVERS)
    best = max(clean, key=lambda s: wins[s])
    pick = best if wins[best] > max(wins[s] for s in SERVERS if s != best) else "no clear winner"
    notes = "; ".join(note for _, note in leads)
    return (
        f"Verdict: {pick} (geometric means over the URLs, ties within {MARGIN:.2f}x: {notes}; "
        f"errors " + ", ".join(f"{s} {errors[s]}" for s in SERVERS) + ")."
    )


def exit_cleanly(signum: int, frame: object) -> None:
    """On SIGTERM or SIGHUP, exit through the `finally` blocks that stop the servers."""
    sys.exit(128 + signum)


def cityhive_command(*args: str, env: dict[str, str], timeout: int = 900) -> str:
    """Run one `cityhive` command, failing loudly with its error output; its standard output."""
    done = subprocess.run(
        [str(VENV_BIN / "cityhive"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"cityhive {args[0]} exited with {done.returncode}:\n{done.stderr}")
    return done.stdout


def ensure_venv() -> None:
    """Re-run this script under the project's venv when started by another Python."""
    venv = ROOT / ".venv"
    if Path(sys.prefix).resolve() != venv.resolve() and (VENV_BIN / "python").exists():
        python = str(VENV_BIN / "python")
        os.execv(python, [python, *sys.argv])  # noqa: S606 - same script, the venv's Python


def main() -> None:
    """Prepare the data, benchmark each server in turn, print the table and the verdict."""
    signal.signal(signal.SIGTERM, exit_cleanly)
    signal.signal(signal.SIGHUP, exit_cleanly)
    with tempfile.TemporaryDirectory(prefix="cityhive-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        env = bench_env(data_dir)
        os.environ.update(env)
        prepare_data(env)
        script = None
        if shutil.which("wrk"):
            script = Path(tmp) / "report.lua"
            script.write_text(WRK_SCRIPT)
        generator = (
            f"wrk -t{THREADS} -c{CONNECTIONS}"
            if script
            else f"Python threads x{CONNECTIONS} (install wrk for better figures)"
        )
        print(
            f"Load: {generator}, {DURATION_S} s per URL after {WARMUP_S} s warm-up; "
            f"{ROUNDS} rounds; {WORKERS} workers per server; {ORGANISATIONS} organisations.",
            flush=True,
        )
        results: list[Result] = []
        for round_ in range(ROUNDS):
            for server in SERVERS if round_ % 2 == 0 else SERVERS[::-1]:
                log = Path(tmp) / f"{server}-{round_}.log"
                with running(server, env, log) as (port, pid, argv):
                    print(f"round {round_ + 1}, {server}: {' '.join(argv)}", flush=True)
                    results.extend(measure(server, port, pid, script))
        summaries = summarise(results)
        print()
        print(table(summaries))
        print()
        print(verdict(summaries))


if __name__ == "__main__":
    ensure_venv()
    sys.exit(main())
