"""The faceted items' JSON lists in-process, with the public cache off; prints p50 / p95 per URL.

Run `python bench/api_lists.py` from anywhere (it re-runs itself under the project's .venv). It
sets up the demo site (`cityhive demo --no-serve`) in a throw-away SQLite data folder, or reuses
`--data-dir DIR` (set up there on the first run), then times REQUESTS requests of each URL through
Django's test client after WARMUP requests, so what it measures is the list operation itself:
the query schema, the owner filter, the selector and the page. To compare two versions of the
code, run it against the same `--data-dir` with `PYTHONPATH` pointing at each checkout, in
alternation. Results and method: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import servers

URLS = (
    "/api/v1/solutions?limit=20",
    "/api/v1/solutions?sdg=11&category=mobility&limit=20",
    "/api/v1/challenges?limit=20",
    "/api/v1/challenges?city=no-such-city&limit=20",
)
WARMUP = 20
REQUESTS = 300


def measure(requests: int) -> list[tuple[str, float, float]]:
    """Each URL's p50 and p95 in milliseconds, in this process."""
    import django

    os.environ["PUBLIC_CACHE_SECONDS"] = "0"
    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    rows = []
    for url in URLS:
        for _ in range(WARMUP):
            answer = client.get(url)
            if answer.status_code != 200:
                raise SystemExit(f"{url} answered {answer.status_code}")
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        rows.append((url, statistics.median(times), times[int(len(times) * 0.95)]))
    return rows


def main() -> None:
    servers.ensure_venv()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="keep the demo data here and reuse it")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="cityhive-api-lists-"))
    env = servers.bench_env(data_dir)
    os.environ.update({k: env[k] for k in ("CITYHIVE_DATA_DIR", "DJANGO_SETTINGS_MODULE")})
    for name in ("DATABASE_URL", "REDIS_URL", "DEBUG", "ALLOWED_HOSTS"):
        os.environ.pop(name, None)
    try:
        if not (data_dir / "cityhive.sqlite3").exists():
            subprocess.run(
                [str(servers.VENV_BIN / "cityhive"), "demo", "--no-serve"],
                env=env,
                cwd=servers.ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
                timeout=900,
            )
        rows = measure(args.requests)
    finally:
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    import cityhive

    code = Path(cityhive.__file__).parent.parent
    print(f"{args.requests} requests per URL after {WARMUP}; demo data; public cache off; {code}")
    print("| URL | p50 ms | p95 ms |\n| --- | ---: | ---: |")
    for url, p50, p95 in rows:
        print(f"| `{url}` | {p50:.2f} | {p95:.2f} |")


if __name__ == "__main__":
    main()
