"""Solutions/s of the platform's embedding path on realistic 130- and 300-word solutions.

Run `.venv/bin/python bench/embedding_throughput.py` from the repository root. Texts: SOLUTIONS
made-up solutions per length, each recombined from real sentences shipped with the product (the
325 climate actions of cityhive/exchange/data/climate_actions.jsonl, SDG target titles and U4SSC
KPI definitions from cityhive/taxonomy/data): an action's title, its first sentence as the
summary, and a description of the action's text followed by sentences drawn at random until the
solution has about 130 or 300 words. Each text is `solution_text(solution)`, as the index embeds
it, and goes to `Encoder.encode` in calls of MATCHING_EMBED_BATCH texts (or --call).

Each variant is one way to embed: a model file, the token cap, the windows a long text is split
into (1: truncated at the cap), the encoder's batch size, and the texts per encoder call.
The variants are timed in turn, ROUNDS times, so that a shared machine's load hits them alike;
each figure is the median solutions/s, beside its ratio to the first variant and to the one
before. Peak RSS is the process's high-water mark while that variant encodes (reset before each,
/proc/self/clear_refs), so it includes every loaded model. `--model NAME=PATH` adds a model
(a folder holding the .onnx file with tokenizer.json and SHA256SUMS) that `--variant` can name;
`--git-model NAME=REVISION` the shipped one as of a git revision (e.g. the model before the
fused graph: `--git-model before=89238ac`); `shipped` is the one in cityhive/embeddings/model.
A variant is written `label|model|max_tokens|max_windows|batch|call` (call 0: the setting),
with `|intra` at the end to run each call on one session's intra-op threads instead of the
index's way, its batches side by side on single-threaded sessions.
Results and method: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from cityhive.embeddings.encoder import (  # noqa: E402
    BATCH_SIZE,
    CHECKSUMS_FILE,
    MAX_TOKENS,
    MAX_WINDOWS,
    MODEL_DIR,
    MODEL_FILE,
    TOKENIZER_FILE,
    Encoder,
)
from cityhive.matching.semantic import solution_text  # noqa: E402
from cityhive.solutions.models import Solution  # noqa: E402

ACTIONS = ROOT / "cityhive" / "exchange" / "data" / "climate_actions.jsonl"
TAXONOMY = ROOT / "cityhive" / "taxonomy" / "data"
LENGTHS = (130, 300)
SOLUTIONS = 256
ROUNDS = 3
DEFAULT_VARIANTS = (
    "cap 256, batch 32, intra-op threads|shipped|256|1|32|0|intra",
    "cap 128, batch 32, intra-op threads|shipped|128|1|32|0|intra",
    f"cap 128, batch 8, intra-op threads|shipped|{MAX_TOKENS}|{MAX_WINDOWS}|{BATCH_SIZE}|0|intra",
    f"shipped settings (side by side)|shipped|{MAX_TOKENS}|{MAX_WINDOWS}|{BATCH_SIZE}|0",
    f"cap 128, up to 8 windows averaged|shipped|128|8|{BATCH_SIZE}|0",
)
MODEL_FILES = (MODEL_FILE, TOKENIZER_FILE, CHECKSUMS_FILE)


@dataclass(frozen=True)
class Variant:
    label: str
    model: str
    max_tokens: int
    max_windows: int
    batch: int
    call: int
    side_by_side: bool = True

    @classmethod
    def parse(cls, spec: str) -> Variant:
        """A variant from `label|model|max_tokens|max_windows|batch|call[|intra]` (call 0: the
        setting; `intra`: one session's intra-op threads instead of sessions side by side)."""
        label, model, *fields = spec.split("|")
        intra = fields[4:] == ["intra"]
        tokens, windows, batch, call = (int(n) for n in fields[:4])
        call = call or settings.MATCHING_EMBED_BATCH
        return cls(label, model, tokens, windows, batch, call, side_by_side=not intra)


def sentences(text: str) -> list[str]:
    """A text cut into sentences at full stops followed by a space."""
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+", text) if part.strip()]


def action_rows() -> list[dict]:
    """The shipped climate actions (exchange lines of type solution)."""
    lines = ACTIONS.read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, lines) if row["type"] == "solution"]


def sentence_pool(actions: list[dict]) -> list[str]:
    """Real sentences: SDG target titles (English), U4SSC KPI definitions, actions' texts."""
    with open(TAXONOMY / "sdg_targets.csv", encoding="utf-8") as handle:
        pool = [row["title"] for row in csv.DictReader(handle) if row["lang"] == "en"]
    with open(TAXONOMY / "u4ssc_kpis.csv", encoding="utf-8") as handle:
        pool += [row["definition"] + "." for row in csv.DictReader(handle)]
    for action in actions:
        pool += sentences(action.get("equity_and_inclusion") or "")
        pool += [f"{text}." for text in action.get("kpi_texts") or []]
    return pool


def make_solution(action: dict, pool: list[str], words: int, rng: random.Random) -> Solution:
    """An unsaved solution of about `words` words built around one climate action."""
    own = sentences(action["description"])
    summary = own[0][:600]
    description = own[1:]
    while len(" ".join([action["title"], summary, *description]).split()) < words:
        description.append(rng.choice(pool))
    tags = list(action.get("action_type") or [])
    return Solution(
        title=action["title"], summary=summary, description=" ".join(description), tags=tags
    )


def solution_texts(words: int, count: int, seed: int) -> list[str]:
    """`count` texts of solutions of about `words` words, as the index embeds them."""
    rng = random.Random(seed)
    actions = action_rows()
    pool = sentence_pool(actions)
    chosen = [rng.choice(actions) for _ in range(count)]
    return [solution_text(make_solution(action, pool, words, rng)) for action in chosen]


PEAKS_MIB: list[float] = []  # VmHWM readings before each reset: the process's peak is their max


def peak_rss_reset() -> None:
    """Reset this process's peak RSS (VmHWM) so the next reading covers what follows."""
    PEAKS_MIB.append(peak_rss_mib())
    Path("/proc/self/clear_refs").write_text("5")


def peak_rss_mib() -> float:
    """This process's peak RSS (VmHWM) since the last reset, in MiB."""
    return rss_mib("VmHWM")


def rss_mib(field: str = "VmRSS") -> float:
    """A memory figure of this process from /proc/self/status, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def embed_all(encoder: Encoder, texts: list[str], variant: Variant) -> tuple[float, float]:
    """Wall and CPU seconds (all threads) to embed the texts in calls of `variant.call` texts,
    as the index does."""
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), variant.call):
        chunk = texts[start : start + variant.call]
        encoder.encode(chunk, batch_size=variant.batch, side_by_side=variant.side_by_side)
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(encoders: dict[Variant, Encoder], texts: list[str], rounds: int) -> dict:
    """Per variant: median solutions/s (wall clock and per CPU-second) and the growth of peak RSS
    over the RSS before its first round; the variants are timed in turn each round."""
    rates: dict[Variant, list[tuple[float, float]]] = {variant: [] for variant in encoders}
    growth: dict[Variant, float] = {}
    for _ in range(rounds):
        for variant, encoder in encoders.items():
            before = rss_mib()
            peak_rss_reset()
            wall, cpu = embed_all(encoder, texts, variant)
            rates[variant].append((len(texts) / wall, len(texts) / cpu))
            growth.setdefault(variant, peak_rss_mib() - before)
    return {
        variant: (
            statistics.median(wall for wall, _ in found),
            statistics.median(cpu for _, cpu in found),
            growth[variant],
        )
        for variant, found in rates.items()
    }


def token_counts(encoder: Encoder, texts: list[str]) -> tuple[float, int]:
    """Mean word pieces per text (with [CLS] and [SEP]) and how many exceed 128."""
    counts = [len(encoder.tokenizer.encode(text).ids) for text in texts]
    return statistics.mean(counts), sum(count > 128 for count in counts)


def load_encoders(variants: list[Variant], models: dict[str, Path | None], threads: int) -> dict:
    """One encoder per variant, sharing nothing (each its own session, as separate runs would)."""
    encoders = {}
    for variant in variants:
        started = time.perf_counter()
        encoders[variant] = Encoder.load(
            models[variant.model],
            threads=threads,
            max_tokens=variant.max_tokens,
            max_windows=variant.max_windows,
        )
        print(f"loaded {variant.label!r} in {time.perf_counter() - started:.2f} s; RSS ", end="")
        print(f"{rss_mib():.0f} MiB")
    return encoders


def report(words: int, texts: list[str], results: dict, encoder: Encoder) -> None:
    """Print one length's table: rate, ratio to the first and to the previous variant, RSS."""
    mean_tokens, long_texts = token_counts(encoder, texts)
    print(f"\n{len(texts)} solutions of ~{words} words: {mean_tokens:.0f} word pieces on average,")
    print(f"{long_texts} over 128; load average {os.getloadavg()}")
    first = previous = None
    for variant, (rate, per_cpu, growth) in results.items():
        first = first or rate
        step = f"{rate / previous:5.2f}x" if previous else "     -"
        print(
            f"{rate:6.1f}/s {rate / first:5.2f}x first {step} previous | {per_cpu:5.1f} per "
            f"CPU-s | RSS +{growth:3.0f} MiB | {variant.label} (batch {variant.batch}, "
            f"calls of {variant.call})"
        )
        previous = rate


def model_from_git(revision: str, folder: Path) -> Path:
    """The shipped model folder as of a git revision, written into `folder`; its .onnx path."""
    folder.mkdir(parents=True)
    for name in MODEL_FILES:
        path = f"{MODEL_DIR.relative_to(ROOT)}/{name}"
        shown = subprocess.run(
            ["git", "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True, check=True
        )
        (folder / name).write_bytes(shown.stdout)
    return folder / MODEL_FILE


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=settings.MATCHING_ENCODER_THREADS)
    parser.add_argument("--solutions", type=int, default=SOLUTIONS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--words", type=int, action="append", help=f"default: {LENGTHS}")
    parser.add_argument("--model", action="append", default=[], help="NAME=PATH")
    parser.add_argument("--git-model", action="append", default=[], help="NAME=REVISION")
    parser.add_argument(
        "--variant", action="append", help="label|model|tokens|windows|batch|call[|intra]"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build the texts, load one encoder per variant, time them in turn, print."""
    args = parse_args(argv)
    models: dict[str, Path | None] = {"shipped": None}
    models |= {name: Path(path) for name, path in (m.split("=", 1) for m in args.model)}
    scratch = Path(tempfile.mkdtemp(prefix="embedding-models-"))
    for name, revision in (m.split("=", 1) for m in args.git_model):
        models[name] = model_from_git(revision, scratch / name)
    variants = [Variant.parse(spec) for spec in args.variant or DEFAULT_VARIANTS]
    print(f"load average at start: {os.getloadavg()}; nproc {os.cpu_count()}; ", end="")
    print(f"threads {args.threads}; MATCHING_EMBED_BATCH {settings.MATCHING_EMBED_BATCH}")
    encoders = load_encoders(variants, models, args.threads)
    for words in args.words or LENGTHS:
        texts = solution_texts(words, args.solutions, seed=words)
        results = measure(encoders, texts, args.rounds)
        report(words, texts, results, next(iter(encoders.values())))
    peak = max([*PEAKS_MIB, peak_rss_mib()])  # ru_maxrss is reset with VmHWM
    shutil.rmtree(scratch)
    print(f"\npeak RSS of the process {peak:.0f} MiB; load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
