"""Speed of the shipped int8 MiniLM encoder: sentences/s per batch size, one-sentence latency, RSS.

Run `.venv/bin/python bench/embeddings.py` from the repository root. The texts are made-up
smart-city sentences from cityhive.embeddings.samples (28 tokens each on average). For each batch
size it encodes all texts ROUNDS times after a warm-up and reports the median sentences/s; then it
times `encode([text])` for QUERIES single sentences (p50/p95). Peak RSS is the process's
ru_maxrss. `--model PATH` measures another .onnx file (with its tokenizer.json and SHA256SUMS).
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


def throughput(encoder: Encoder, texts: list[str], batch_size: int) -> float:
    """Median sentences/s over ROUNDS encodings of all texts."""
    encoder.encode(texts[:batch_size], batch_size=batch_size)
    rates = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        encoder.encode(texts, batch_size=batch_size)
        rates.append(len(texts) / (time.perf_counter() - started))
    return statistics.median(rates)


def latencies_ms(encoder: Encoder, texts: list[str]) -> list[float]:
    """Milliseconds of encode([text]) for each text."""
    times = []
    for text in texts:
        started = time.perf_counter()
        encoder.encode([text])
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    """Load the encoder, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--texts", type=int, default=512)
    parser.add_argument("--model", type=Path, default=None, help="default: the shipped model")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()}; nproc {os.cpu_count()}")
    before = rss_mib()
    started = time.perf_counter()
    encoder = Encoder.load(args.model, threads=args.threads)
    print(f"load (with checksum): {time.perf_counter() - started:.2f} s, ", end="")
    print(f"RSS {before:.0f} -> {rss_mib():.0f} MiB")
    texts = sample_sentences(args.texts, seed=11)
    pieces = [len(encoding.ids) for encoding in encoder.tokenizer.encode_batch(texts)]
    print(f"{len(texts)} texts, {statistics.mean(pieces):.1f} tokens each on average")
    for batch_size in BATCH_SIZES:
        rate = throughput(encoder, texts, batch_size)
        print(f"batch {batch_size:>3}: {rate:6.0f} sentences/s")
    single = latencies_ms(encoder, sample_sentences(QUERIES, seed=12))
    p50, p95 = percentile(single, 0.5), percentile(single, 0.95)
    print(f"one sentence: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB; load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
