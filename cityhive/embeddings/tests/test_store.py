"""IndexStore: versioned folders, atomic pointer, pruning, damaged versions never served."""

import numpy as np
import pytest

from cityhive.embeddings import store as store_module
from cityhive.embeddings.files import VECTORS_FILE
from cityhive.embeddings.index import VectorIndex
from cityhive.embeddings.store import CurrentIndex, IndexStore


def index_of(count: int) -> VectorIndex:
    index = VectorIndex(dim=4)
    index.build(range(count), np.random.default_rng(count).normal(size=(count, 4)))
    return index


def damage(path):
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


def test_an_empty_store_has_no_current_index(tmp_path):
    store = IndexStore(tmp_path / "missing")

    assert store.current_version() is None
    assert store.load_current() is None


def test_publish_numbers_versions_points_at_the_last_and_keeps_two(tmp_path):
    store = IndexStore(tmp_path)

    published = [store.publish(index_of(count)) for count in (3, 4, 5)]

    assert published == [1, 2, 3]
    assert (tmp_path / "current").read_text() == "v3\n"
    assert store.versions() == [2, 3]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".publish.lock",
        "current",
        "v2",
        "v3",
    ]
    loaded = store.load_current()
    assert (loaded.version, len(loaded)) == (3, 5)


def test_a_damaged_current_version_is_not_served(tmp_path):
    store = IndexStore(tmp_path)
    store.publish(index_of(3))
    damage(tmp_path / "v1" / VECTORS_FILE)

    assert store.current_version() == 1
    assert store.load_current() is None


def test_a_missing_current_folder_is_not_served(tmp_path):
    store = IndexStore(tmp_path)
    store.publish(index_of(3))
    (tmp_path / "current").write_text("v9\n")

    assert store.load_current() is None


def test_a_garbled_pointer_means_no_version(tmp_path):
    store = IndexStore(tmp_path)
    store.publish(index_of(3))
    (tmp_path / "current").write_text("v1; rm -rf /")

    assert store.current_version() is None


def test_a_publish_that_fails_before_the_pointer_moves_leaves_the_old_version(
    tmp_path, monkeypatch
):
    store = IndexStore(tmp_path)
    store.publish(index_of(3))

    def broken_replace(source, target):
        raise OSError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(store_module.os, "replace", broken_replace)
        with pytest.raises(OSError, match="disk full"):
            store.publish(index_of(4))

    assert store.current_version() == 1
    assert len(store.load_current()) == 3
    assert store.publish(index_of(5)) == 3
    assert not list(tmp_path.glob(".tmp-*"))


def test_leftovers_of_a_crashed_publisher_are_removed(tmp_path):
    (tmp_path / ".tmp-crashed").mkdir(parents=True)
    (tmp_path / ".tmp-crashed" / VECTORS_FILE).write_bytes(b"half")

    IndexStore(tmp_path).publish(index_of(3))

    assert sorted(path.name for path in tmp_path.iterdir()) == [".publish.lock", "current", "v1"]


def test_a_worker_reloads_only_when_the_version_changes(tmp_path, monkeypatch):
    store = IndexStore(tmp_path)
    worker = CurrentIndex(store)
    loads = []
    real_load = store.load_version
    monkeypatch.setattr(store, "load_version", lambda v: loads.append(v) or real_load(v))

    assert worker.get() is None
    store.publish(index_of(3))
    first = worker.get()
    assert worker.get() is first
    store.publish(index_of(4))
    second = worker.get()

    assert (first.version, second.version, len(second)) == (1, 2, 4)
    assert loads == [1, 2]


def test_a_worker_does_not_reread_a_damaged_version_on_every_call(tmp_path, monkeypatch):
    store = IndexStore(tmp_path)
    store.publish(index_of(3))
    damage(tmp_path / "v1" / VECTORS_FILE)
    worker = CurrentIndex(store)
    loads = []
    real_load = store.load_version
    monkeypatch.setattr(store, "load_version", lambda v: loads.append(v) or real_load(v))

    assert [worker.get(), worker.get()] == [None, None]
    store.publish(index_of(4))
    assert len(worker.get()) == 4
    assert loads == [1, 2]
