"""Sentence embeddings and vector search, pure Python (no Django): int8 MiniLM, exact/HNSW index.

onnxruntime is imported here, before any module of this package can import usearch: the usearch
2.26 wheel links libstdc++ statically and exports its symbols, and onnxruntime imported after it
crashes the process (SIGSEGV in std::codecvt). Imported first, both work. Import usearch nowhere
else before this package.
"""

import onnxruntime  # noqa: F401 - must load before usearch, see above
