"""Recall@10 of the HNSW index against exact search at 100,000 vectors, with build and query times.

Run `.venv/bin/python bench/ann_recall.py` from the repository root. Data: the shipped encoder
embeds SENTENCES distinct made-up smart-city sentences (cityhive.embeddings.samples); each of the
SIZE indexed vectors, and each of the QUERIES query vectors (drawn apart from them), is a random
mix a*s_i + (1-a)*s_j of two sentence vectors (a uniform in 0.5-1) plus gaussian noise
(sigma NOISE per dimension), normalised. So the vectors sit in the sentence model's own subspace
and form dense, overlapping topic regions, like a catalogue of similar project descriptions,
rather than the isotropic gaussian blobs that favour or punish HNSW unrealistically.
The mean cosine of the exact 1st and 10th neighbours is printed to show how close they are.
Recall@10 is |ANN top-10 ∩ exact top-10| / 10, averaged over the queries, for several values of
expansion_search. Latency is one query per `VectorIndex.search` call (p50/p95), for the HNSW index
and for exact search over the same vectors. Results and method: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cityhive.embeddings.encoder import Encoder  # noqa: E402
from cityhive.embeddings.index import HnswParams, VectorIndex  # noqa: E402
from cityhive.embeddings.samples import sample_sentences  # noqa: E402

SIZE = 100_000
SENTENCES = 5_000
QUERIES = 1_000
NOISE = 0.02
K = 10
EXPANSIONS = (32, 64, 128)


def sentence_vectors(count: int) -> np.ndarray:
    """Vectors of up to `count` distinct made-up sentences from the shipped encoder."""
    texts = sorted(set(sample_sentences(count, seed=21)))
    started = time.perf_counter()
    vectors = Encoder.load().encode(texts, batch_size=64)
    print(f"encoded {len(texts)} distinct sentences in {time.perf_counter() - started:.1f} s")
    return vectors


def mixtures(base: np.ndarray, count: int, rng: np.random.Generator, noise: float) -> np.ndarray:
    """`count` unit vectors, each a noisy mix of two random base vectors."""
    first, second = rng.integers(len(base), size=(2, count))
    weight = rng.uniform(0.5, 1.0, size=(count, 1)).astype(np.float32)
    mixed = weight * base[first] + (1 - weight) * base[second]
    mixed += rng.normal(scale=noise, size=mixed.shape).astype(np.float32)
    return mixed / np.linalg.norm(mixed, axis=1, keepdims=True)


def timed_queries(index: VectorIndex, queries: np.ndarray) -> tuple[float, float]:
    """p50 and p95 milliseconds of one-query searches."""
    times = []
    for query in queries:
        started = time.perf_counter()
        index.search(query, K)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(0.95 * (len(times) - 1))]


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean share of the true top-k ids found, per query."""
    hits = [len(set(a) & set(b)) for a, b in zip(found, truth, strict=True)]
    return statistics.mean(hits) / truth.shape[1]


def main(argv: list[str] | None = None) -> int:
    """Make the data, build both indexes, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--sentences", type=int, default=SENTENCES)
    parser.add_argument("--connectivity", type=int, default=HnswParams().connectivity)
    parser.add_argument("--expansion-add", type=int, default=HnswParams().expansion_add)
    parser.add_argument("--dtype", default=HnswParams().dtype)
    parser.add_argument("--noise", type=float, default=NOISE)
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()}; nproc {os.cpu_count()}")
    rng = np.random.default_rng(5)
    base = sentence_vectors(args.sentences)
    vectors = mixtures(base, args.size, rng, args.noise)
    queries = mixtures(base, QUERIES, rng, args.noise)
    ids = np.arange(args.size) * 7 + 3  # sparse, like database keys
    exact = VectorIndex(exact_threshold=args.size + 1)
    exact.build(ids, vectors)
    truth, scores = exact.search(queries, K)
    print(f"{args.size} vectors; exact neighbours: mean cosine of 1st {scores[:, 0].mean():.3f},")
    print(f"  of 10th {scores[:, -1].mean():.3f}")
    params = HnswParams(
        connectivity=args.connectivity, expansion_add=args.expansion_add, dtype=args.dtype
    )
    hnsw = VectorIndex(hnsw=params)
    started = time.perf_counter()
    hnsw.build(ids, vectors)
    print(f"HNSW {params}: built in {time.perf_counter() - started:.1f} s")
    for expansion in EXPANSIONS:
        hnsw.graph.expansion_search = expansion
        found = hnsw.search(queries, K)[0]
        p50, p95 = timed_queries(hnsw, queries)
        print(f"  expansion_search {expansion:>3}: recall@10 {recall(found, truth):.4f}, ", end="")
        print(f"one query p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    p50, p95 = timed_queries(exact, queries)
    print(f"exact search over {args.size}: one query p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB; load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
