"""The solution index's rebuild: checkpointed in chunks, resumed after a kill, the current
version served meanwhile, unchanged texts not encoded again, edits made meanwhile caught up."""

import hashlib
import io

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cityhive.core.events import WorkerStarted
from cityhive.embeddings.files import GRAPH_FILE
from cityhive.embeddings.index import VectorIndex
from cityhive.embeddings.store import IndexBuild
from cityhive.matching import semantic, subscriptions
from cityhive.matching.models import ChallengeVector
from cityhive.matching.tests.test_semantic import enabled  # noqa: F401 (fixture)
from cityhive.solutions.models import Solution
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db
PLAIN_APPEND = IndexBuild.append


class TextEncoder:
    """A stand-in encoder: the same text always gives the same vector; records batch sizes."""

    def __init__(self):
        self.calls: list[int] = []

    def encode(self, texts, side_by_side=False):
        self.calls.append(len(texts))
        seeds = [int.from_bytes(hashlib.sha256(t.encode()).digest()[:8], "little") for t in texts]
        return np.array([np.random.default_rng(s).normal(size=384) for s in seeds], np.float32)


class Killed(Exception):
    pass


@pytest.fixture
def encoder(enabled, monkeypatch, settings):  # noqa: F811
    """Batches of 2 texts, checkpoints every 4 solutions, and the stand-in encoder."""
    settings.MATCHING_EMBED_BATCH = 2
    monkeypatch.setattr(semantic, "REBUILD_CHUNK", 4)
    fake = TextEncoder()
    monkeypatch.setattr(semantic, "encoder", lambda: fake)
    return fake


def killed_after(monkeypatch, chunks: int, then=None) -> None:
    """Make the build die while writing chunk number `chunks + 1` (after `then`, if given)."""
    written = []

    def dying(self, *arrays):
        if len(written) == chunks:
            raise Killed
        PLAIN_APPEND(self, *arrays)
        written.append(1)
        if then is not None:
            then(len(written))

    monkeypatch.setattr(IndexBuild, "append", dying)


def arrays(index: VectorIndex) -> tuple:
    return (index.ids.tolist(), np.asarray(index.vectors).tolist(), index.digests.tolist())


def test_a_killed_rebuild_resumes_and_publishes_what_an_uninterrupted_one_does(
    world, encoder, monkeypatch
):
    SolutionFactory.create_batch(10)
    store = semantic.solution_index_store()
    killed_after(monkeypatch, 2)

    with pytest.raises(Killed):
        semantic.solution_index_rebuild()

    # Chunks of 4, 4 and 2 solutions: the third was encoded, then the process died.
    assert (encoder.calls, store.current_version(), store.build_pending()) == (
        [2, 2, 2, 2, 2],
        None,
        True,
    )
    monkeypatch.setattr(IndexBuild, "append", PLAIN_APPEND)  # the process starts again
    assert semantic.solution_index_rebuild() == 1
    assert (encoder.calls[5:], store.build_pending()) == ([2], False)
    resumed = store.load_current()
    assert semantic.solution_index_rebuild(fresh=True) == 2
    assert encoder.calls[6:] == [2, 2, 2, 2, 2]
    assert arrays(store.load_current()) == arrays(resumed)
    assert len(resumed) == 10


def test_the_current_version_serves_while_a_rebuild_is_stopped_and_unchanged_texts_are_reused(
    world, encoder, monkeypatch
):
    solutions = SolutionFactory.create_batch(6)
    first = semantic.solution_index_rebuild()
    Solution.objects.filter(pk=solutions[5].pk).update(title="Rooftop solar for schools")
    encoder.calls.clear()
    killed_after(monkeypatch, 1)

    with pytest.raises(Killed):
        semantic.solution_index_rebuild()

    query = np.ones(384, dtype=np.float32)
    store = semantic.solution_index_store()
    assert store.current_version() == first
    assert semantic.semantic_scores(vector=query, solution_ids=[solutions[0].pk]) is not None
    monkeypatch.setattr(IndexBuild, "append", PLAIN_APPEND)
    assert semantic.solution_index_rebuild() == first + 1
    # Only the retitled solution was encoded (twice: the killed run reached its chunk too).
    assert encoder.calls == [1, 1]
    index = store.load_current()
    text = semantic.solution_text(Solution.objects.get(pk=solutions[5].pk))
    assert index.digests_of([solutions[5].pk])[0].tolist() == semantic._digests([text])[0].tolist()


def test_edits_made_while_the_rebuild_runs_are_in_the_version_it_publishes(
    world, encoder, monkeypatch
):
    solutions = SolutionFactory.create_batch(6)
    ids = [s.pk for s in solutions]

    def edit(written: int) -> None:
        if written == 1:  # both are in the chunk already written
            Solution.objects.filter(pk=ids[0]).update(title="Edited", updated_at=timezone.now())
            Solution.objects.filter(pk=ids[1]).update(status="draft")

    killed_after(monkeypatch, 99, then=edit)
    version = semantic.solution_index_rebuild()

    index = semantic.solution_index_store().load_current()
    edited = semantic.solution_text(Solution.objects.get(pk=ids[0]))
    assert (version, index.ids.tolist()) == (1, [ids[0], *ids[2:]])
    assert index.digests_of([ids[0]])[0].tolist() == semantic._digests([edited])[0].tolist()
    expected = encoder.encode([edited])[0]
    np.testing.assert_allclose(
        index.rows_of([ids[0]])[0][0], expected / np.linalg.norm(expected), atol=1e-3
    )


def test_a_starting_worker_resumes_a_stopped_rebuild_even_with_a_current_version(
    world, encoder, monkeypatch
):
    SolutionFactory.create_batch(6)
    semantic.solution_index_rebuild()
    killed_after(monkeypatch, 1)
    with pytest.raises(Killed):
        semantic.solution_index_rebuild()
    queued = []

    class Task:
        def enqueue(self, **kwargs):
            queued.append(kwargs)

    monkeypatch.setattr(subscriptions, "solution_index_rebuild_task", Task())
    assert subscriptions.semantic_upkeep(WorkerStarted(worker_id="w1")) == (True, 0)
    assert queued == [{}]


def test_index_verify_reads_every_byte_of_the_current_version(world, encoder, settings):
    store = semantic.solution_index_store()
    index = VectorIndex(dim=384, exact_threshold=10)
    index.build(range(400), np.random.default_rng(2).normal(size=(400, 384)))
    version = store.publish(index)
    out = io.StringIO()

    call_command("index", "verify", stdout=out)

    assert out.getvalue() == f"Index version {version} is intact (400 vectors).\n"
    path = store.folder(version) / GRAPH_FILE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert store.load_current() is not None  # the cheap check at load does not read it all
    with pytest.raises(CommandError, match=f"Index version {version} is damaged"):
        call_command("index", "verify", stdout=io.StringIO())


def test_warming_opens_the_current_index_when_there_is_one(world, encoder):
    assert semantic.solution_index_warm() is False
    SolutionFactory.create_batch(3)
    semantic.solution_index_rebuild()

    assert semantic.solution_index_warm() is True
    assert semantic._current().get()._dense is not None  # exact search's rows, ready


def test_a_rebuild_after_the_encoder_changed_encodes_every_text_again(world, encoder, monkeypatch):
    SolutionFactory.create_batch(3)
    semantic.solution_index_rebuild()
    semantic.solution_index_rebuild()
    assert encoder.calls == [2, 1]  # the second rebuild reused every vector

    monkeypatch.setattr(semantic, "encoder_fingerprint", lambda: b"another model")
    semantic.solution_index_rebuild()

    assert encoder.calls == [2, 1, 2, 1]


def test_a_stopped_rebuild_of_another_encoder_starts_over(world, encoder, monkeypatch):
    SolutionFactory.create_batch(6)
    killed_after(monkeypatch, 1)
    with pytest.raises(Killed):
        semantic.solution_index_rebuild()
    monkeypatch.setattr(IndexBuild, "append", PLAIN_APPEND)
    monkeypatch.setattr(semantic, "encoder_fingerprint", lambda: b"another model")

    semantic.solution_index_rebuild()

    # Chunks of 4 and 2: the killed run encoded both; the new encoder encodes all 6 again.
    assert encoder.calls == [2, 2, 2, 2, 2, 2]


def test_a_starting_worker_queues_challenges_whose_vector_another_encoder_made(
    world, encoder, monkeypatch
):
    from cityhive.matching.tests.test_semantic import open_challenge

    semantic.solution_index_rebuild()
    kept = open_challenge(world, "River floods", "Homes flood every rainy season")
    stale = open_challenge(world, "Downtown parking", "Drivers circle for free parking bays")
    semantic.challenge_vectors_update(challenge_ids=[kept.pk, stale.pk])
    ChallengeVector.objects.filter(challenge=stale).update(text_sha256="0" * 64)
    queued = []

    class Task:
        def enqueue(self, **kwargs):
            queued.append(kwargs)

    monkeypatch.setattr(subscriptions, "challenge_vectors_update_task", Task())
    assert subscriptions.semantic_upkeep(WorkerStarted(worker_id="w1")) == (False, 1)
    assert queued == [{"challenge_ids": [stale.pk]}]
