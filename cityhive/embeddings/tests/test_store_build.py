"""IndexBuild: a rebuild's chunks checkpointed in the store's build folder."""

import numpy as np
import pytest

from cityhive.embeddings.files import IndexCorruptError
from cityhive.embeddings.store import IndexStore


def chunk(ids: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ids = np.array(ids, dtype=np.int64)
    vectors = np.stack([np.full(4, float(i)) for i in ids]).astype(np.float16)
    digests = np.repeat(ids.astype(np.uint8)[:, None], 32, axis=1)
    return ids, vectors, digests


def test_chunks_are_kept_across_runs_until_discarded(tmp_path):
    store = IndexStore(tmp_path)
    with store.building() as build:
        assert (build.last_id, build.count) == (-1, 0)
        build.append(*chunk([1, 2, 5]))
        started = build.started

    assert store.build_pending() is True
    with store.building() as build:
        assert (build.last_id, build.count, build.started) == (5, 3, started)
        build.append(*chunk([7]))
        ids, vectors, digests = build.arrays()
        build.discard()

    assert ids.tolist() == [1, 2, 5, 7]
    assert vectors[:, 0].tolist() == [1.0, 2.0, 5.0, 7.0]
    assert digests[:, 0].tolist() == [1, 2, 5, 7]
    assert store.build_pending() is False
    assert list((tmp_path / ".build").glob("*.npy")) == []


def test_a_chunk_out_of_order_is_refused_and_changes_nothing(tmp_path):
    with IndexStore(tmp_path).building() as build:
        build.append(*chunk([3, 4]))
        with pytest.raises(ValueError, match="ascending"):
            build.append(*chunk([4, 6]))
        assert (build.last_id, build.count) == (4, 2)


def test_a_chunk_written_but_not_listed_is_ignored_on_resume(tmp_path):
    store = IndexStore(tmp_path)
    with store.building() as build:
        build.append(*chunk([1]))
    # A kill between writing a chunk's arrays and listing it leaves files the manifest lacks.
    np.save(tmp_path / ".build" / "000001.ids.npy", np.array([9]))

    with store.building() as build:
        assert (build.last_id, build.count) == (1, 1)
        build.append(*chunk([2]))
        assert build.arrays()[0].tolist() == [1, 2]


def test_a_damaged_chunk_is_refused(tmp_path):
    store = IndexStore(tmp_path)
    with store.building() as build:
        build.append(*chunk([1, 2]))
    np.save(tmp_path / ".build" / "000000.vectors.npy", np.zeros((2, 4), dtype=np.float16))

    with store.building() as build, pytest.raises(IndexCorruptError, match="checksum"):
        build.arrays()


def test_fresh_starts_over_and_a_second_builder_waits_its_turn(tmp_path):
    store = IndexStore(tmp_path)
    with store.building() as build:
        build.append(*chunk([1]))

    with store.building(fresh=True) as build:
        assert (build.last_id, build.count) == (-1, 0)
        with IndexStore(tmp_path).building() as other:
            assert other is None


def test_chunks_made_under_another_key_are_dropped(tmp_path):
    store = IndexStore(tmp_path)
    with store.building(key="model-a") as build:
        build.append(*chunk([1, 2]))

    with store.building(key="model-a") as build:
        assert build.count == 2
    with store.building(key="model-b") as build:
        assert (build.last_id, build.count) == (-1, 0)
        build.append(*chunk([4]))
        assert build.manifest["key"] == "model-b"
