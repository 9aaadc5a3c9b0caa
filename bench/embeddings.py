"""Speed of the shipped int8 MiniLM encoder: sentences/s per batch size, one-sentence latency, RSS.

Run `.venv/bin/python bench/embeddings.py` from the repository root. The texts are made-up
smart-city sentences from cityhive.embeddings.samples (28 tokens each on average). For each batch
size it encodes all texts ROUNDS times after a warm-up and reports the median sentences/s; then it
times `encode([text])` for QUERIES single sentences (p50/p95). Peak RSS is the process's
ru_maxrss. `--model PATH` (repeatable) measures other .onnx files (each beside its tokenizer.json
and SHA256SUMS) instead, alternating between them so that a shared machine's load hits all alike.
Results and method: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cityhive.embeddings.encoder import Encoder  # noqa: E402
from cityhive.embeddings.samples import sample_sentences  # noqa: E402

BATCH_SIZES = (1, 8, 32, 64)
ROUNDS = 3
QUERIES = 300


def rss_mib(field: str = "VmRSS") -> float:
    """A memory figure of this process from /proc/self/status, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rates(encoders: dict[str, Encoder], texts: list[str], batch_size: int) -> dict[str, float]:
    """Median sentences/s per encoder over ROUNDS encodings of all texts, encoders alternating."""
    for encoder in encoders.values():
        encoder.encode(texts[:batch_size], batch_size=batch_size)
    found: dict[str, list[float]] = {name: [] for name in encoders}
    for _ in range(ROUNDS):
        for name, encoder in encoders.items():
            started = time.perf_counter()
            encoder.encode(texts, batch_size=batch_size)
            found[name].append(len(texts) / (time.perf_counter() - started))
    return {name: statistics.median(values) for name, values in found.items()}


def latencies_ms(encoders: dict[str, Encoder], texts: list[str]) -> dict[str, list[float]]:
    """Milliseconds of encode([text]) per encoder for each text, encoders alternating."""
    times: dict[str, list[float]] = {name: [] for name in encoders}
    for text in texts:
        for name, encoder in encoders.items():
            started = time.perf_counter()
            encoder.encode([text])
            times[name].append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    """Load the encoders, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--texts", type=int, default=512)
    parser.add_argument("--model", type=Path, action="append", help="default: the shipped one")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()}; nproc {os.cpu_count()}")
    encoders = {}
    for path in args.model or [None]:
        before, started = rss_mib(), time.perf_counter()
        name = "shipped" if path is None else str(path)
        encoders[name] = Encoder.load(path, threads=args.threads)
        print(f"{name}: load (with checksum) {time.perf_counter() - started:.2f} s, ", end="")
        print(f"RSS {before:.0f} -> {rss_mib():.0f} MiB")
    texts = sample_sentences(args.texts, seed=11)
    pieces = [len(item.ids) for item in next(iter(encoders.values())).tokenizer.encode_batch(texts)]
    print(f"{len(texts)} texts, {statistics.mean(pieces):.1f} tokens each on average")
    for batch_size in BATCH_SIZES:
        for name, rate in rates(encoders, texts, batch_size).items():
            print(f"batch {batch_size:>3}: {rate:6.0f} sentences/s  {name}")
    for name, single in latencies_ms(encoders, sample_sentences(QUERIES, seed=12)).items():
        p50, p95 = percentile(single, 0.5), percentile(single, 0.95)
        print(f"one sentence: p50 {p50:.1f} ms, p95 {p95:.1f} ms  {name}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB; load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
