"""The list pages and JSON lists under load, with the public cache on and off; prints a table.

Run `python bench/web_lists.py` from anywhere (it re-runs itself under the project's .venv). It sets
up the demo site (`cityhive demo --no-serve`) in a throw-away SQLite data folder, then for each
setting of `PUBLIC_CACHE_SECONDS` (10, the default, and 0, off) starts `cityhive serve --workers 2`
(gunicorn, as shipped) and loads each URL with `wrk -t2 -c16` for DURATION_S seconds after a
WARMUP_S warm-up, as anonymous visitors (no cookies). Targets (issue "matching and the web at
scale"): JSON lists >= 400 req/s, every list page p99 <= 150 ms, 0 errors. Needs wrk
(`apt-get install wrk`). Results and method: docs/benchmarks.md.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import servers

PAGES = ("/solutions/", "/organisations/", "/challenges/", "/partners/", "/sdgs/", "/")
JSON_LISTS = ("/api/v1/solutions", "/api/v1/organisations", "/api/v1/challenges")
DURATION_S = 10
WARMUP_S = 2
SETTINGS = ("10", "0")
PAGE_P99_MS = 150
JSON_RPS = 400


def serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    port = servers.free_port()
    argv = [str(servers.VENV_BIN / "cityhive"), "serve", "--no-migrate", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*argv, "--workers", str(servers.WORKERS)],
            env=env,
            cwd=servers.ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    servers.wait_healthy(port, process, log)
    return process, port


def main() -> None:
    signal.signal(signal.SIGTERM, servers.exit_cleanly)
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    servers.CONNECTIONS = 16
    with tempfile.TemporaryDirectory(prefix="cityhive-bench-") as tmp:
        env = servers.bench_env(Path(tmp) / "data")
        os.environ.update(env)
        servers.cityhive_command("demo", "--no-serve", env=env)
        script = Path(tmp) / "report.lua"
        script.write_text(servers.WRK_SCRIPT)
        print(
            f"wrk -t{servers.THREADS} -c{servers.CONNECTIONS}, {DURATION_S} s per URL after"
            f" {WARMUP_S} s; cityhive serve --workers {servers.WORKERS} (gunicorn); demo data;"
            f" nproc {os.cpu_count()}; load average before {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        print("| cache s | URL | req/s | p50 ms | p99 ms | errors | target | met |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for seconds in SETTINGS:
            env_here = {**env, "PUBLIC_CACHE_SECONDS": seconds}
            process, port = serve(env_here, Path(tmp) / f"serve-{seconds}.log")
            try:
                for path in (*JSON_LISTS, *PAGES):
                    servers.wrk_load(port, path, WARMUP_S, script)
                    figures = servers.wrk_load(port, path, DURATION_S, script)
                    if path in JSON_LISTS:
                        target = f">= {JSON_RPS} req/s"
                        met = figures["rps"] >= JSON_RPS and not figures["errors"]
                    else:
                        target = f"p99 <= {PAGE_P99_MS} ms"
                        met = figures["p99_ms"] <= PAGE_P99_MS and not figures["errors"]
                    print(
                        f"| {seconds} | `{path}` | {figures['rps']:.0f} | {figures['p50_ms']:.1f}"
                        f" | {figures['p99_ms']:.1f} | {figures['errors']:.0f} | {target} |"
                        f" {'yes' if met else '**no**'} |",
                        flush=True,
                    )
            finally:
                servers.stop(process)
        print(f"load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    servers.ensure_venv()
    sys.exit(main())
