"""VectorIndex on disk: float16 rows memory-mapped, the graph a view, cheap and full checks."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cityhive.embeddings.files import (
    EDGE_BYTES,
    GRAPH_FILE,
    META_FILE,
    VECTORS_FILE,
    IndexCorruptError,
    file_sha256,
    meta_checksum,
    verify_folder,
)
from cityhive.embeddings.index import VectorIndex
from cityhive.embeddings.tests.test_index import clustered


def saved(folder: Path, count: int, *, dim: int = 32, threshold: int = 1000) -> VectorIndex:
    index = VectorIndex(dim=dim, exact_threshold=threshold)
    index.build(range(count), clustered(count, dim=dim))
    index.save(folder, version=1)
    return index


# Run in a fresh interpreter, as a starting worker: memory freed earlier in the test process
# would otherwise be reused and hide a copy.
LOAD_IN_A_NEW_PROCESS = """
import re, sys
from pathlib import Path
from cityhive.embeddings.index import VectorIndex

def anonymous_kib():
    return int(re.search(r"RssAnon:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))

before = anonymous_kib()
index = VectorIndex.load(sys.argv[1], mmap=sys.argv[2] == "mmap")
rows, known = index.rows_of([3, 39_999, 50_000])
assert known.tolist() == [True, True, False] and rows.shape == (3, 384)
print(anonymous_kib() - before)
"""


def growth_on_load_kib(folder: Path, mode: str) -> int:
    """How much a new process's own (anonymous) memory grows when it loads the index."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD_IN_A_NEW_PROCESS, str(folder), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_a_loaded_index_maps_its_files_and_searches_as_before(tmp_path):
    index = saved(tmp_path, 1500)

    loaded = VectorIndex.load(tmp_path)

    assert isinstance(loaded.vectors, np.memmap)
    assert isinstance(loaded.ids, np.memmap)
    assert (loaded.vectors.dtype, loaded.graph_file) == (np.float16, tmp_path / GRAPH_FILE)
    queries = clustered(30, seed=5)
    ids, scores = index.search(queries, 10)
    found_ids, found_scores = loaded.search(queries, 10)
    assert np.array_equal(found_ids, ids)
    assert np.array_equal(found_scores, scores)


def test_a_mapped_index_changes_in_memory_and_leaves_its_files_alone(tmp_path):
    saved(tmp_path, 1500)
    before = {path.name: file_sha256(path) for path in tmp_path.iterdir()}
    loaded = VectorIndex.load(tmp_path)
    vectors = clustered(1500)

    loaded.remove([5])
    loaded.add([7, 2000], np.stack([vectors[8], vectors[9]]))

    assert (len(loaded), len(loaded.graph), loaded.graph_file) == (1500, 1500, None)
    assert sorted(loaded.search(vectors[8], k=2)[0][0].tolist()) == [7, 8]
    assert loaded.search(vectors[9], k=2)[0][0].tolist() in ([9, 2000], [2000, 9])
    assert {path.name: file_sha256(path) for path in tmp_path.iterdir()} == before
    assert VectorIndex.load(tmp_path).ids.tolist() == list(range(1500))


def test_loading_does_not_copy_the_vectors_into_the_worker(tmp_path):
    count, dim = 40_000, 384  # 30 MiB of float16 rows
    index = VectorIndex(dim=dim, exact_threshold=10**9)
    index.build(range(count), np.random.default_rng(1).normal(size=(count, dim)))
    index.save(tmp_path)

    mapped = growth_on_load_kib(tmp_path, "mmap")
    copied = growth_on_load_kib(tmp_path, "copy")

    assert mapped < 4 * 1024  # KiB: the rows stay in the page cache, shared by the workers
    assert copied >= 29 * 1024  # read into memory, each worker would hold its own 30 MiB


def test_load_checks_sizes_and_edges_and_verify_every_byte(tmp_path):
    saved(tmp_path, 1500)
    path = tmp_path / GRAPH_FILE
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * EDGE_BYTES
    middle = len(data) // 2
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))

    assert len(VectorIndex.load(tmp_path)) == 1500  # the middle of a large file is not read
    with pytest.raises(IndexCorruptError, match=r"checksum mismatch in \['hnsw\.usearch'\]"):
        verify_folder(tmp_path)
    path.write_bytes(bytes(data[:-1]))
    with pytest.raises(IndexCorruptError, match=r"checksum mismatch in \['hnsw\.usearch'\]"):
        VectorIndex.load(tmp_path)


def test_a_folder_of_the_first_format_still_loads(tmp_path):
    index = saved(tmp_path, 1500)
    # Format 1: float32 rows, and meta.json's files map a name to its whole digest.
    np.save(tmp_path / VECTORS_FILE, np.asarray(index.vectors, dtype=np.float32))
    meta = json.loads((tmp_path / META_FILE).read_text())
    meta["format"] = 1
    meta["files"] = {name: file_sha256(tmp_path / name) for name in meta["files"]}
    meta["checksum"] = meta_checksum(meta)
    (tmp_path / META_FILE).write_text(json.dumps(meta))

    loaded = VectorIndex.load(tmp_path)

    assert (loaded.vectors.dtype, len(loaded), loaded.uses_ann) == (np.float16, 1500, True)
    queries = clustered(10, seed=3)
    assert np.array_equal(loaded.search(queries, 5)[0], index.search(queries, 5)[0])
    np.save(tmp_path / VECTORS_FILE, np.zeros((1500, 32), dtype=np.float32))
    with pytest.raises(IndexCorruptError, match=r"checksum mismatch in \['vectors\.npy'\]"):
        VectorIndex.load(tmp_path)


def test_rows_are_half_precision_unit_vectors_and_zero_stays_zero():
    index = VectorIndex(dim=3)
    index.build([1, 2], np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0]]))

    rows, known = index.rows_of([1, 2, 3])

    assert index.vectors.dtype == np.float16
    assert known.tolist() == [True, True, False]
    np.testing.assert_allclose(rows, [[0.6, 0.8, 0.0], [0, 0, 0], [0, 0, 0]], atol=3e-4)
    assert index.search(np.array([0.0, 0.0, 1.0]), k=2)[1].tolist() == [[0.0, 0.0]]


def test_warming_prepares_the_rows_of_exact_search_only():
    exact, graph = VectorIndex(dim=32), VectorIndex(dim=32, exact_threshold=100)
    exact.build(range(50), clustered(50))
    graph.build(range(150), clustered(150))

    exact.warm()
    graph.warm()

    assert exact._dense is not None and exact._dense.dtype == np.float32
    assert graph._dense is None  # the graph's search reads candidate rows only
