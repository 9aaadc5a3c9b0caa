"""Sentence embeddings from the shipped int8 all-MiniLM-L6-v2 ONNX model (onnxruntime, no torch).

The model file is made by scripts/export_minilm_onnx.py and checked against SHA256SUMS at load.
Vectors are the mean of the token states over the attention mask, L2-normalised, as
sentence-transformers computes them. Texts longer than MAX_TOKENS word pieces are truncated (the
limit sentence-transformers uses for this model). An empty or whitespace-only text gets the zero
vector, so it scores 0 against everything rather than matching every other empty text.
Activations are quantised at run time with one scale per batch, so a text's vector moves a little
with the texts batched with it (cosine above 0.99 in the tests); compare scores, not bits.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "minilm-l6-v2-int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
CHECKSUMS_FILE = "SHA256SUMS"
DIMENSIONS = 384
MAX_TOKENS = 256
PAD_ID = 0
PAD_TOKEN = "[PAD]"  # noqa: S105 - a vocabulary token, not a password


class ModelFileError(RuntimeError):
    """The model files are missing, or do not match their SHA256SUMS."""


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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
    """The word-piece tokenizer, truncating at MAX_TOKENS and padding to the batch's longest."""
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=PAD_ID, pad_token=PAD_TOKEN)
    return tokenizer


def mean_pool(states: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """L2-normalised mean of the token states where the mask is 1."""
    weights = mask[..., None].astype(np.float32)
    summed = (states * weights).sum(axis=1)
    pooled = summed / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


class Encoder:
    """Turns texts into 384-dimensional unit vectors with the int8 MiniLM model."""

    def __init__(self, session: ort.InferenceSession, tokenizer: Tokenizer):
        self.session = session
        self.tokenizer = tokenizer
        self.input_names = {node.name for node in session.get_inputs()}

    @classmethod
    def load(cls, path: Path | str | None = None, *, threads: int = 2) -> Encoder:
        """The encoder for the .onnx file at `path` (default: the shipped one), checksum-checked."""
        model_path = Path(path) if path is not None else MODEL_DIR / MODEL_FILE
        verify_model_files(model_path.parent, (model_path.name, TOKENIZER_FILE))
        ort.disable_telemetry_events()
        session = ort.InferenceSession(
            str(model_path), session_options(threads), providers=["CPUExecutionProvider"]
        )
        return cls(session, load_tokenizer(model_path.parent / TOKENIZER_FILE))

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """One float32 unit vector per text, shape (len(texts), 384); zeros for empty texts."""
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        filled = [i for i, text in enumerate(texts) if text.strip()]
        # Batching texts of similar length keeps padding, and so wasted work, small.
        lengths = [len(texts[i]) for i in filled]
        ordered = [filled[j] for j in np.argsort(lengths, kind="stable")]
        for start in range(0, len(ordered), batch_size):
            rows = ordered[start : start + batch_size]
            vectors[rows] = self._encode_batch([texts[i] for i in rows])
        return vectors

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for a batch of non-empty texts."""
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([encoding.ids for encoding in encodings], dtype=np.int64)
        mask = np.array([encoding.attention_mask for encoding in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        feeds = {name: value for name, value in feeds.items() if name in self.input_names}
        (states,) = self.session.run(["last_hidden_state"], feeds)
        return mean_pool(states, mask)
