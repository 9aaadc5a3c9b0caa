"""The solution index at 1,000,000 vectors: build, disk, load, search and memory per worker;
float16 memory-mapped (this code) against float32 read into each worker (the code before it).

Embedding a million texts is out of reach on a 2-core machine in a working session (about 2 hours
at the 136 solutions/s of a quiet run, 8 or more under shared load), so the million vectors are
the real MiniLM vectors of a smaller catalogue (`--source`: an index version folder, e.g. the
10,000 solutions of bench/matching_speed.py after `cityhive index rebuild`) repeated: copy c of
vector i is that vector plus gaussian noise (`--noise` per dimension), renormalised, so that no
two are equal (an HNSW graph over exact duplicates is not a catalogue's). Steps:

1. makes the vectors (ids 1..N, or the published solution ids of `--data`, a data folder with a
   million solutions, e.g. made by `bench/matching_speed.py`'s generator and `cityhive import`),
   builds the HNSW index and publishes it (timed) into `--data`'s index store, or a temporary one;
2. writes the same arrays and graph as a folder of the previous format (float32 rows, whole-file
   digests), which the code of commit BEFORE_COMMIT reads into memory;
3. in fresh worker processes, for each format, with the index files in the page cache and then
   evicted from it (posix_fadvise DONTNEED on those files only): the load (checks included), the
   process's first search, then QUERIES more; a search is what a challenge's match asks of the
   index: the 200 nearest (`semantic_neighbours`) and the rows of 400 candidates
   (`semantic_scores`). Memory after the load and after the searches: RssAnon (the worker's own
   copy), RssFile (pages of mapped files: the page cache, shared by the workers) and Pss;
4. with `--data` (or `--matches-only --data`, when its index was published before, e.g. into
   `--store` by an earlier run and the folder moved there): `matches_for_challenge(top=10)`
   with the semantic signal on, end to end, in fresh workers: each of the 30 challenges once
   (new to the worker, the first being its very first request), then again
   (bench/first_request.py's worker).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import cityhive.embeddings  # noqa: E402, F401 - onnxruntime before usearch (see that package)
from cityhive.embeddings.files import META_FILE  # noqa: E402
from cityhive.embeddings.index import VectorIndex  # noqa: E402
from cityhive.embeddings.store import IndexStore  # noqa: E402

BEFORE_COMMIT = "771101a"  # the last commit whose index kept float32 rows in each worker
SIZE = 1_000_000
QUERIES = 200
NEIGHBOURS = 200  # candidates.MAX_CANDIDATES // 2
SCORED = 400  # candidates.MAX_CANDIDATES
SEED = 5
DOCUMENT_CACHE = 20_000  # MATCHING_DOCUMENT_CACHE as shipped


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def memory_mib() -> dict:
    """This process's resident memory, split: its own, mapped files, proportional share."""
    status = Path("/proc/self/status").read_text()
    found = {
        k: int(re.search(rf"{k}:\s+(\d+) kB", status).group(1)) / 1024
        for k in ("RssAnon", "RssFile")
    }
    rollup = Path("/proc/self/smaps_rollup").read_text()
    found["Pss"] = int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1)) / 1024
    return found


def repeated_vectors(source: np.ndarray, count: int, noise: float) -> np.ndarray:
    """`count` unit float32 rows: the source rows repeated, each copy with its own noise."""
    rng = np.random.default_rng(SEED)
    rows = np.empty((count, source.shape[1]), dtype=np.float32)
    for start in range(0, count, len(source)):
        block = source[: min(len(source), count - start)]
        jittered = block + rng.normal(scale=noise, size=block.shape).astype(np.float32)
        rows[start : start + len(block)] = jittered / np.linalg.norm(
            jittered, axis=1, keepdims=True
        )
    return rows


def published_ids(data_dir: Path, count: int) -> np.ndarray:
    with sqlite3.connect(data_dir / "cityhive.sqlite3") as db:
        rows = db.execute(
            "SELECT id FROM solutions_solution WHERE status = 'published' ORDER BY id LIMIT ?",
            (count,),
        ).fetchall()
    return np.array([row[0] for row in rows], dtype=np.int64)


def write_before_format(index_folder: Path, folder: Path, vectors: np.ndarray) -> None:
    """The same index as a folder of format 1: float32 rows, meta.json with whole digests."""
    folder.mkdir(parents=True)
    meta = json.loads((index_folder / META_FILE).read_text())
    for name in meta["files"]:
        if name != "vectors.npy":
            shutil.copyfile(index_folder / name, folder / name)
    np.save(folder / "vectors.npy", vectors, allow_pickle=False)
    meta["format"] = 1
    meta["files"] = {name: sha256(folder / name) for name in meta["files"]}
    body = {key: value for key, value in meta.items() if key != "checksum"}
    meta["checksum"] = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    (folder / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def evict(folder: Path) -> None:
    """Drop this folder's files from the page cache (only these files)."""
    for path in folder.iterdir():
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)


def old_index_class(folder: Path):
    """VectorIndex as it was at BEFORE_COMMIT (float32 rows and the graph read into memory)."""
    source = subprocess.run(
        ["git", "show", f"{BEFORE_COMMIT}:cityhive/embeddings/index.py"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path = folder / "index_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("index_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["index_before"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.VectorIndex


def barrier(folder: Path, name: str, peers: int) -> None:
    """Wait until `peers` workers reached this point (files in `folder`), at most a minute."""
    (folder / f"{name}-{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while len(list(folder.glob(f"{name}-*"))) < peers and time.monotonic() < deadline:
        time.sleep(0.05)


def search_worker(folder: Path, kind: str, queries_path: Path, out: Path, peers: int) -> None:
    """Load one index folder and time the searches a challenge's match makes; with peers,
    memory is read while all of them hold the index (so Pss shows what they share)."""
    result = {"kind": kind, "before_load": memory_mib()}
    cls = old_index_class(out.parent) if kind == "before" else VectorIndex
    begin = time.perf_counter()
    index = cls.load(folder)
    result["load_ms"] = (time.perf_counter() - begin) * 1000
    result["after_load"] = memory_mib()
    queries = np.load(queries_path)
    rng = np.random.default_rng(1)
    times = []
    for query in queries:
        scored = rng.choice(index.ids, size=SCORED, replace=False)
        begin = time.perf_counter()
        index.search(query, NEIGHBOURS)
        rows_scores(index, scored, query)
        times.append((time.perf_counter() - begin) * 1000)
    result["search_ms"] = times
    barrier(out.parent, f"searched-{kind}", peers)
    result["after_searches"] = memory_mib()
    barrier(out.parent, f"measured-{kind}", peers)
    out.write_text(json.dumps(result))


def rows_scores(index, ids: np.ndarray, query: np.ndarray) -> np.ndarray:
    """semantic_scores' read: the candidates' rows times the query (either code's index)."""
    if hasattr(index, "rows_of"):
        return index.rows_of(ids)[0] @ query
    positions = np.searchsorted(index.ids, ids).clip(0, len(index) - 1)
    return index.vectors[positions] @ query


def run_search_workers(
    folder: Path, kind: str, queries: Path, temp: Path, *, cold: bool, peers: int = 1
) -> list[dict]:
    """`peers` fresh search workers at once on one index folder."""
    if cold:
        evict(folder)
    work = Path(tempfile.mkdtemp(dir=temp))
    outs = [work / f"search-{n}.json" for n in range(peers)]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--search-worker",
                str(folder),
                "--kind",
                kind,
                "--queries",
                str(queries),
                "--out",
                str(out),
                "--peers",
                str(peers),
            ]
        )
        for out in outs
    ]
    for process in processes:
        if process.wait() != 0:
            sys.exit(f"a search worker on {folder} failed")
    results = [json.loads(out.read_text()) for out in outs]
    for result in results:
        result["cache"] = ("evicted" if cold else "in page cache") + (
            f", {peers} workers at once" if peers > 1 else ""
        )
    return results


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    rank95 = max(0, min(len(ordered) - 1, -(-95 * len(ordered) // 100) - 1))
    return {"p50": float(np.median(ordered)), "p95": ordered[rank95], "n": len(ordered)}


def match_runs(data_dir: Path, rounds: int, temp: Path) -> list[dict]:
    """bench/first_request.py's workers on the million-solution data folder, cold and warmed
    (as a served worker is), alternating, with the shipped MATCHING_DOCUMENT_CACHE."""
    sys.path.insert(0, str(ROOT / "bench"))
    import first_request

    runs = []
    for round_number in range(rounds):
        for mode in ("cold", "warm"):
            runs.append(
                first_request.run_worker(data_dir, mode, round_number, temp, DOCUMENT_CACHE)
            )
            log(f"matches at a million, round {round_number + 1}, {mode} done")
    return runs


def challenge_vectors(data_dir: Path) -> None:
    """Store the challenges' vectors in the data folder (as `cityhive index rebuild` does)."""
    code = (
        "from cityhive.challenges.models import Challenge;"
        "from cityhive.matching.semantic import challenge_vectors_update as u;"
        "print(u(challenge_ids=list(Challenge.objects.values_list('pk', flat=True))))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["CITYHIVE_DATA_DIR"] = str(data_dir)
    subprocess.run([str(ROOT / ".venv/bin/cityhive"), "shell", "-c", code], env=env, check=True)


def build(args: argparse.Namespace, temp: Path) -> tuple[Path, Path, Path, dict]:
    """Vectors, the published index, its format-1 twin and the query vectors."""
    source = np.asarray(np.load(args.source / "vectors.npy"), dtype=np.float32)
    figures: dict = {"source": str(args.source), "source_count": len(source)}
    ids = published_ids(args.data, args.size) if args.data else np.arange(1, args.size + 1)
    figures["count"] = len(ids)
    vectors = repeated_vectors(source, len(ids), args.noise)
    rng = np.random.default_rng(SEED + 1)
    queries = repeated_vectors(source[rng.choice(len(source), QUERIES)], QUERIES, args.noise)
    np.save(temp / "queries.npy", queries)
    store = IndexStore(
        args.store or (args.data / "indexes/solutions" if args.data else temp / "store")
    )
    log(f"building the HNSW index of {len(ids):,} vectors")
    begin = time.perf_counter()
    index = VectorIndex(dim=vectors.shape[1])
    index.build(ids, vectors)
    figures["build_s"] = time.perf_counter() - begin
    begin = time.perf_counter()
    version = store.publish(index)
    figures["publish_s"] = time.perf_counter() - begin
    begin = time.perf_counter()
    store.verify(version)
    figures["verify_s"] = time.perf_counter() - begin
    folder = store.folder(version)
    figures["files"] = {p.name: p.stat().st_size for p in folder.iterdir()}
    log(f"built in {figures['build_s']:.0f} s, published in {figures['publish_s']:.0f} s")
    before = temp / "before"
    write_before_format(folder, before, np.asarray(index.vectors, dtype=np.float32))
    figures["before_files"] = {p.name: p.stat().st_size for p in before.iterdir()}
    return folder, before, temp / "queries.npy", figures


def memory_growth(after: dict, before: dict) -> str:
    return " / ".join(f"{after[key] - before[key]:.0f}" for key in ("RssAnon", "RssFile", "Pss"))


def report(figures: dict, searches: list[dict], matches: list[dict]) -> None:
    print(f"load average at the end: {os.getloadavg()}")
    print(json.dumps({k: v for k, v in figures.items()}, indent=1))
    print("\n| index | page cache | load ms | first search ms | p50 ms | p95 ms | n |"
          " RssAnon / RssFile / Pss after load MiB | after searches MiB |")  # fmt: skip
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for run in searches:
        stats = percentiles(run["search_ms"])
        grown = [
            memory_growth(run[key], run["before_load"]) for key in ("after_load", "after_searches")
        ]
        print(
            f"| {run['kind']} | {run['cache']} | {run['load_ms']:.0f} | {run['search_ms'][0]:.1f} |"
            f" {stats['p50']:.2f} | {stats['p95']:.2f} | {stats['n']} | {grown[0]} | {grown[1]} |"
        )
    for mode in ("cold", "warm"):
        runs = [run for run in matches if run["mode"] == mode]
        if not runs:
            continue
        first = [t for run in runs for t in run["first_ms"]]
        very = [run["first_ms"][0] for run in runs]
        again = [t for run in runs for t in run["again_ms"]]
        print(f"\n`matches_for_challenge(top=10)`, semantic on, at a million solutions, {mode}:")
        for what, samples in (("each challenge new to the worker", first),
                              ("the process's very first request", very),
                              ("again", again)):  # fmt: skip
            stats = percentiles(samples)
            print(f"- {what}: p50 {stats['p50']:.1f} ms, p95 {stats['p95']:.1f} ms, n {stats['n']}")
        warm = [run["warm_s"] for run in runs if "warm_s" in run]
        if warm:
            print(f"- warm-up: {min(warm):.1f}-{max(warm):.1f} s")
    if matches:
        for run in matches:
            split = ", ".join(f"{k} {v:.0f}" for k, v in run["memory_after_mib"].items())
            print(f"- {run['mode']} worker after both passes: RSS {run['rss_after_mib']:.0f} MiB"
                  f" ({split} MiB)")  # fmt: skip
        print(f"- semantic signal on: {all(run['semantic'] for run in matches)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="an index version folder with real vectors")
    parser.add_argument("--data", type=Path, help="a data folder with a million solutions")
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--noise", type=float, default=0.01)
    parser.add_argument("--match-rounds", type=int, default=2)
    parser.add_argument("--store", type=Path, help="publish into this index store (kept)")
    parser.add_argument(
        "--matches-only", action="store_true", help="only the matches, on --data's own index"
    )
    parser.add_argument("--search-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--peers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.search_worker:
        search_worker(args.search_worker, args.kind, args.queries, args.out, args.peers)
        return
    if args.matches_only:
        if args.data is None:
            parser.error("--matches-only needs --data (its index published already)")
        with tempfile.TemporaryDirectory(prefix="million-index-", dir=args.data) as name:
            challenge_vectors(args.data)
            report({}, [], match_runs(args.data, args.match_rounds, Path(name)))
        return
    if args.source is None:
        parser.error("--source is required (an index folder with real vectors)")
    with tempfile.TemporaryDirectory(prefix="million-index-", dir=args.data) as name:
        temp = Path(name)
        folder, before, queries, figures = build(args, temp)
        searches = []
        for cold in (False, True):
            for kind, path in (("float16", folder), ("before", before)):
                searches += run_search_workers(path, kind, queries, temp, cold=cold)
                log(f"searches: {kind}, {'cold' if cold else 'warm'} done")
        for kind, path in (("float16", folder), ("before", before)):
            searches += run_search_workers(path, kind, queries, temp, cold=False, peers=2)
            log(f"searches: {kind}, two workers at once done")
        matches = []
        if args.data:
            challenge_vectors(args.data)
            matches = match_runs(args.data, args.match_rounds, temp)
        report(figures, searches, matches)


if __name__ == "__main__":
    main()
