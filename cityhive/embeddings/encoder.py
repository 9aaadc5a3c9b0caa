"""Sentence embeddings from the shipped int8 all-MiniLM-L6-v2 ONNX model (onnxruntime, no torch).

The model file is made by scripts/export_minilm_onnx.py and checked against SHA256SUMS at load.
Vectors are the mean of the token states over the attention mask, L2-normalised, as
sentence-transformers computes them. The model reads at most MAX_TOKENS word pieces at a time, the
length all-MiniLM-L6-v2 was fine-tuned on: a longer text is truncated there by default. With
`max_windows` above 1 it is cut instead into up to that many windows of equal length within the
cap, and its vector is the normalised mean of the windows' vectors; on a 130-word solution that
costs 1.5 times as much and did not tag SDGs better (docs/benchmarks.md), so it is off. Windows
are sorted by length before batching, so padding stays small. An empty or whitespace-only text
gets the zero vector, so it scores 0 against everything rather than matching every other empty
text. Activations are quantised at run time with one scale per batch, so a text's vector moves a
little with the texts batched with it (cosine above 0.99 in the tests); compare scores, not bits.
A call runs on one session with `threads` intra-op threads. A call with `side_by_side` (the
index's embedding, in task workers) runs its batches side by side on `threads` single-threaded
sessions instead, opened on first use (about 70 MiB more): onnxruntime releases the GIL while it
runs, and whole batches in parallel keep both cores busy where intra-op threads wait for each
other between operators (above all when another process holds one core).
"""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from cityhive.embeddings.files import file_sha256

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "minilm-l6-v2-int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
CHECKSUMS_FILE = "SHA256SUMS"
DIMENSIONS = 384
MAX_TOKENS = 128  # the sequence length all-MiniLM-L6-v2 was fine-tuned on
MAX_WINDOWS = 1  # 1: truncate at MAX_TOKENS; n: embed the first n windows of a longer text
BATCH_SIZE = 8  # windows per model run: larger batches were slower per CPU-second
MIN_COSINE = 0.98  # the least cosine of shipped vectors with fp32 ones (export and tests check)
# onnxruntime 1.32's SkipLayerNormalization CPU kernel took 2.0 ms where the Add, Add and
# LayerNormalization it replaces took 0.36 ms (batch 8 x 128 x 384): the model keeps them apart.
DISABLED_OPTIMIZERS = ["SkipLayerNormFusion"]
PAD_ID = 0
CLS_TOKEN = "[CLS]"  # noqa: S105 - a vocabulary token, not a password
SEP_TOKEN = "[SEP]"  # noqa: S105 - a vocabulary token, not a password


class ModelFileError(RuntimeError):
    """The model files are missing, or do not match their SHA256SUMS."""


def read_checksums(path: Path) -> dict[str, str]:
    """File name -> hex digest from a `sha256sum`-style file."""
    sums = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.lstrip("*")] = digest
    return sums


def verify_model_files(folder: Path, names: tuple[str, ...]) -> None:
    """Raise ModelFileError unless every named file matches folder/SHA256SUMS."""
    sums_path = folder / CHECKSUMS_FILE
    if not sums_path.is_file():
        raise ModelFileError(f"{sums_path} is missing: cannot check the model files")
    sums = read_checksums(sums_path)
    for name in names:
        path = folder / name
        if name not in sums or not path.is_file():
            raise ModelFileError(f"{path} is missing or not listed in {sums_path}")
        actual = file_sha256(path)
        if actual != sums[name]:
            raise ModelFileError(
                f"{path} is corrupt: sha256 {actual}, expected {sums[name]} from {sums_path}. "
                "Restore it from git or re-run scripts/export_minilm_onnx.py."
            )


def session_options(threads: int) -> ort.SessionOptions:
    """Sequential CPU execution on `threads` intra-op threads, all graph optimisations."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return options


def load_tokenizer(path: Path) -> Tokenizer:
    """The word-piece tokenizer without truncation or padding: the encoder windows and pads."""
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def mean_pool(states: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """L2-normalised mean of the token states where the mask is 1."""
    weights = mask[..., None].astype(np.float32)
    summed = (states * weights).sum(axis=1)
    pooled = summed / np.maximum(weights.sum(axis=1), 1e-9)
    return normalised(pooled)


def normalised(rows: np.ndarray) -> np.ndarray:
    """Each row divided by its L2 norm (zero rows stay zero), as float32."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.maximum(norms, 1e-12)).astype(np.float32)


def split_evenly(pieces: list[int], size: int, limit: int) -> list[list[int]]:
    """At most `limit` consecutive runs of at most `size` pieces, as equal in length as can be."""
    pieces = pieces[: size * limit]
    count = max(1, -(-len(pieces) // size))
    bounds = np.linspace(0, len(pieces), count + 1).round().astype(int)
    return [pieces[a:b] for a, b in itertools.pairwise(bounds)]


def padded(windows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention mask of windows, right-padded with PAD_ID to the longest."""
    width = max(len(window) for window in windows)
    ids = np.full((len(windows), width), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(windows), width), dtype=np.int64)
    for row, window in enumerate(windows):
        ids[row, : len(window)] = window
        mask[row, : len(window)] = 1
    return ids, mask


class Encoder:
    """Turns texts into 384-dimensional unit vectors with the int8 MiniLM model."""

    def __init__(
        self,
        session: ort.InferenceSession,
        tokenizer: Tokenizer,
        *,
        max_tokens: int = MAX_TOKENS,
        max_windows: int = MAX_WINDOWS,
    ):
        self.session = session
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.max_windows = max_windows
        self.input_names = {node.name for node in session.get_inputs()}
        self.open_session = None  # threads -> a new session of the same model (set by `load`)
        self.threads = 1
        self._bulk: list[ort.InferenceSession] | None = None
        self._bulk_lock = threading.Lock()
        self.cls_id = tokenizer.token_to_id(CLS_TOKEN)
        self.sep_id = tokenizer.token_to_id(SEP_TOKEN)

    @classmethod
    def load(
        cls,
        path: Path | str | None = None,
        *,
        threads: int = 2,
        max_tokens: int = MAX_TOKENS,
        max_windows: int = MAX_WINDOWS,
    ) -> Encoder:
        """The encoder for the .onnx file at `path` (default: the shipped one), checksum-checked."""
        model_path = Path(path) if path is not None else MODEL_DIR / MODEL_FILE
        verify_model_files(model_path.parent, (model_path.name, TOKENIZER_FILE))
        ort.disable_telemetry_events()

        def open_session(session_threads: int) -> ort.InferenceSession:
            return ort.InferenceSession(
                str(model_path),
                session_options(session_threads),
                providers=["CPUExecutionProvider"],
                disabled_optimizers=DISABLED_OPTIMIZERS,
            )

        tokenizer = load_tokenizer(model_path.parent / TOKENIZER_FILE)
        encoder = cls(
            open_session(threads), tokenizer, max_tokens=max_tokens, max_windows=max_windows
        )
        encoder.open_session, encoder.threads = open_session, threads
        return encoder

    def windows(self, text: str) -> list[list[int]]:
        """The token ids the model reads for a text: [CLS] piece... [SEP], one list per window."""
        pieces = self.tokenizer.encode(text, add_special_tokens=False).ids
        runs = split_evenly(pieces, self.max_tokens - 2, self.max_windows)
        return [[self.cls_id, *run, self.sep_id] for run in runs]

    def encode(
        self, texts: list[str], batch_size: int = BATCH_SIZE, *, side_by_side: bool = False
    ) -> np.ndarray:
        """One float32 unit vector per text, shape (len(texts), 384); zeros for empty texts.
        With `side_by_side`, batches run in parallel on single-threaded sessions."""
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        filled = [i for i, text in enumerate(texts) if text.strip()]
        if not filled:
            return vectors
        per_text = [self.windows(texts[i]) for i in filled]
        windows = [window for text_windows in per_text for window in text_windows]
        owners = np.repeat(filled, [len(text_windows) for text_windows in per_text])
        window_vectors = self._encode_windows(windows, batch_size, side_by_side)
        np.add.at(vectors, owners, window_vectors)
        return normalised(vectors)

    def _encode_windows(
        self, windows: list[list[int]], batch_size: int, side_by_side: bool = False
    ) -> np.ndarray:
        """One unit vector per window, batching windows of similar length to keep padding small."""
        found = np.empty((len(windows), DIMENSIONS), dtype=np.float32)
        order = np.argsort([len(window) for window in windows], kind="stable")
        batches = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
        sessions = self._bulk_sessions() if side_by_side and len(batches) > 1 else [self.session]

        def run_share(share: int) -> None:
            # Batches are sorted by length, so every n-th one gives each session a like share.
            for rows in batches[share :: len(sessions)]:
                found[rows] = self._encode_batch([windows[i] for i in rows], sessions[share])

        if len(sessions) == 1:
            run_share(0)
        else:
            with ThreadPoolExecutor(len(sessions), thread_name_prefix="encoder") as pool:
                list(pool.map(run_share, range(len(sessions))))
        return found

    def _bulk_sessions(self) -> list[ort.InferenceSession]:
        """`threads` single-threaded sessions for long calls (the query session when 1)."""
        if self.threads < 2 or self.open_session is None:
            return [self.session]
        with self._bulk_lock:
            if self._bulk is None:
                self._bulk = [self.open_session(1) for _ in range(self.threads)]
        return self._bulk

    def _encode_batch(
        self, windows: list[list[int]], session: ort.InferenceSession | None = None
    ) -> np.ndarray:
        """Unit vectors for a batch of windows of token ids."""
        ids, mask = padded(windows)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        feeds = {name: value for name, value in feeds.items() if name in self.input_names}
        (states,) = (session or self.session).run(["last_hidden_state"], feeds)
        return mean_pool(states, mask)
