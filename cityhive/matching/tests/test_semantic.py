import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from cityhive.core.events import WorkerStarted, deliver
from cityhive.matching import semantic, subscriptions
from cityhive.solutions import services
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enabled(settings, tmp_path):
    """The semantic signal on, with an index folder of this test's own."""
    settings.MATCHING_SEMANTIC = True
    settings.DATA_DIR = tmp_path
    semantic.solution_index_store.cache_clear()
    semantic._current.cache_clear()
    yield tmp_path
    semantic.solution_index_store.cache_clear()
    semantic._current.cache_clear()


def test_a_missing_index_is_not_served_and_a_starting_worker_rebuilds_it(enabled, world):
    flood = SolutionFactory(
        title="River flood early warning", summary="Sirens before rivers overflow"
    )
    flooding = semantic.query_vector("flooding")
    assert semantic.semantic_scores(vector=flooding, solution_ids=[flood.pk]) is None
    assert semantic.solution_index_store().current_version() is None  # reads queue nothing
    # A worker starts: the rebuild is queued (the test task backend runs it at once).
    deliver(WorkerStarted(worker_id="w1"))
    assert semantic.solution_index_store().current_version() == 1
    [score] = semantic.semantic_scores(vector=flooding, solution_ids=[flood.pk])
    assert score > 0.3


def test_a_starting_worker_queues_vectors_only_for_challenges_without_one(
    enabled, world, monkeypatch
):
    semantic.solution_index_rebuild()
    done = open_challenge(world, "River floods", "Homes flood every rainy season")
    semantic.challenge_vectors_update(challenge_ids=[done.pk])
    missing = open_challenge(world, "Downtown parking", "Drivers circle for free parking bays")
    queued = []

    class Task:
        def enqueue(self, **kwargs):
            queued.append(kwargs)

    monkeypatch.setattr(subscriptions, "challenge_vectors_update_task", Task())
    assert subscriptions.semantic_upkeep(WorkerStarted(worker_id="w1")) == (False, 1)
    assert queued == [{"challenge_ids": [missing.pk]}]


def test_scores_follow_meaning_and_unknown_ids_score_zero(enabled, world):
    flood = SolutionFactory(
        title="River flood early warning", summary="Sirens before rivers overflow"
    )
    parking = SolutionFactory(
        title="Smart parking guidance", summary="Sensors show free parking bays"
    )
    semantic.solution_index_rebuild()
    flood_score, parking_score, missing = semantic.semantic_scores(
        vector=semantic.query_vector("protect homes from flooding rivers"),
        solution_ids=[flood.pk, parking.pk, 10**9],
    )
    assert flood_score > parking_score and missing == 0.0


def test_a_damaged_index_is_never_served(enabled, world):
    SolutionFactory()
    version = semantic.solution_index_rebuild()
    folder = Path(enabled) / "indexes" / "solutions" / f"v{version}"
    for path in folder.iterdir():
        if path.suffix != ".json":
            path.write_bytes(b"garbage")
    semantic._current.cache_clear()
    semantic.solution_index_store.cache_clear()
    assert semantic.solution_index_store().load_current() is None


def test_a_saved_solution_is_indexed_after_commit(
    enabled, world, django_capture_on_commit_callbacks
):
    semantic.solution_index_rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        created = services.solution_create(
            actor=world.member_b,
            provider=world.org_b,
            publish=True,
            fields={"title": "Heat-wave cooling centres", "summary": "Cool rooms for hot days"},
        )
    index = semantic.solution_index_store().load_current()
    assert created.pk in set(index.ids.tolist())


def test_imported_solutions_are_indexed_after_commit(
    enabled, world, django_capture_on_commit_callbacks
):
    from cityhive.exchange.importer import exchange_import
    from cityhive.exchange.lookups import exchange_id_of
    from cityhive.exchange.permissions import OPERATOR
    from cityhive.solutions.models import Solution

    semantic.solution_index_rebuild()
    provider = exchange_id_of("organization", world.org_b)
    lines = [
        {"type": "solution", "id": "sol-cool", "provider": provider, "title": "Cooling centres",
         "summary": "Cool rooms for hot days", "status": "published"},
    ]  # fmt: skip
    source = io.BytesIO("".join(json.dumps(line) + "\n" for line in lines).encode())
    with django_capture_on_commit_callbacks(execute=True):
        exchange_import(actor=OPERATOR, source=source)
    index = semantic.solution_index_store().load_current()
    assert Solution.objects.get(external_id="sol-cool").pk in set(index.ids.tolist())


def test_index_rebuild_command(enabled, world):
    SolutionFactory.create_batch(3)
    out = io.StringIO()
    call_command("index", "rebuild", stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines() == [
        "Published index version 1 with 3 solutions.",
        "Embedded 0 of 0 challenges (others unchanged).",
    ]


def open_challenge(world, title, description):
    from cityhive.challenges import services as challenge_services

    return challenge_services.challenge_create(
        actor=world.member_a,
        city=world.org_a,
        fields={"title": title, "description": description, "status": "open"},
    )


def test_a_saved_challenge_gets_its_vector_and_a_changed_text_a_new_one(
    enabled, world, django_capture_on_commit_callbacks
):
    from cityhive.challenges import services as challenge_services
    from cityhive.matching.models import ChallengeVector

    with django_capture_on_commit_callbacks(execute=True):
        challenge = open_challenge(world, "River floods", "Homes flood every rainy season")
    first = ChallengeVector.objects.get(challenge=challenge)
    assert semantic.challenge_vectors_update(challenge_ids=[challenge.pk]) == 0  # unchanged

    with django_capture_on_commit_callbacks(execute=True):
        challenge_services.challenge_update(
            actor=world.member_a,
            challenge=challenge,
            version=challenge.version,
            fields={"description": "Parking is scarce downtown"},
        )
    second = ChallengeVector.objects.get(challenge=challenge)
    assert second.text_sha256 != first.text_sha256
    assert bytes(second.vector) != bytes(first.vector)


def test_matching_a_challenge_uses_its_stored_vector(enabled, world, monkeypatch):
    from cityhive.matching import selectors

    SolutionFactory(title="River flood early warning", summary="Sirens before rivers overflow")
    semantic.solution_index_rebuild()
    challenge = open_challenge(world, "River floods", "Homes flood every rainy season")
    semantic.challenge_vectors_update(challenge_ids=[challenge.pk])

    def no_encoding(text):
        raise AssertionError("the challenge was encoded again")

    monkeypatch.setattr(semantic, "query_vector", no_encoding)
    [match] = selectors.matches_for_challenge(actor=world.member_a, challenge=challenge)
    assert "semantic" in {factor.name for factor in match.result.factors}


def test_a_stale_vector_is_not_used_and_reading_queues_nothing(enabled, world, monkeypatch):
    challenge = open_challenge(world, "River floods", "Homes flood every rainy season")
    semantic.challenge_vectors_update(challenge_ids=[challenge.pk])
    challenge.description = "Parking is scarce downtown"  # saved without its task running
    challenge.save()
    queued = []

    class Task:
        def enqueue(self, **kwargs):
            queued.append(kwargs)

    monkeypatch.setattr(subscriptions, "challenge_vectors_update_task", Task())
    assert semantic.challenge_vectors([challenge]) == {}
    assert queued == []


def test_opportunities_weigh_meaning_when_vectors_exist(enabled, world):
    from cityhive.matching import selectors

    flood = SolutionFactory(
        provider=world.org_b,
        title="River flood early warning",
        summary="Sirens before rivers overflow",
        regions_served=["global"],
    )
    semantic.solution_index_rebuild()
    floods = open_challenge(world, "Rivers overflow", "Homes are flooded when the river rises")
    parking = open_challenge(world, "Downtown parking", "Drivers circle for free parking bays")
    semantic.challenge_vectors_update(challenge_ids=[floods.pk, parking.pk])

    matches = selectors.opportunities_for_solution(actor=world.member_b, solution=flood)
    similarity = {
        m.item.pk: next(f.contribution for f in m.result.factors if f.name == "semantic")
        for m in matches
    }
    assert similarity[floods.pk] > similarity[parking.pk]
    assert matches[0].item.pk == floods.pk


class CountingEncoder:
    """A stand-in encoder that records how many texts each call embeds."""

    def __init__(self):
        self.calls: list[int] = []

    def encode(self, texts, side_by_side=False):
        import numpy as np

        self.calls.append(len(texts))
        return np.ones((len(texts), 384), dtype=np.float32)


def test_an_update_after_a_rebuild_embeds_only_changed_solutions(
    enabled, world, monkeypatch, settings
):
    from cityhive.solutions.models import Solution

    counting = CountingEncoder()
    monkeypatch.setattr(semantic, "encoder", lambda: counting)
    settings.MATCHING_EMBED_BATCH = 2
    solutions = SolutionFactory.create_batch(5)
    ids = [s.pk for s in solutions]

    first = semantic.solution_index_rebuild()  # as `cityhive index rebuild` after an import
    assert counting.calls == [2, 2, 1]
    assert semantic.solution_index_update(solution_ids=ids) == first  # the import's queued update
    assert counting.calls == [2, 2, 1]

    Solution.objects.filter(pk=ids[0]).update(title="Retitled")
    Solution.objects.filter(pk=ids[1]).update(status="draft")
    second = semantic.solution_index_update(solution_ids=ids)
    index = semantic.solution_index_store().load_current()
    assert (second, counting.calls, index.ids.tolist()) == (
        first + 1,
        [2, 2, 1, 1],
        [ids[0], *ids[2:]],
    )


def test_background_embedding_steps_aside_before_every_encoder_call(
    enabled, world, settings, monkeypatch
):
    """In a task worker, the index rebuild and the challenge vectors both wait for the web
    (core.activity) before each call of MATCHING_EMBED_BATCH texts, and never inside one."""
    settings.MATCHING_EMBED_BATCH = 2
    calls = []
    encode = semantic.encoder().encode
    monkeypatch.setattr(semantic, "yield_to_web", lambda: calls.append("wait") or 0.0)
    monkeypatch.setattr(
        semantic.encoder(), "encode", lambda texts, **kw: calls.append(len(texts)) or encode(texts)
    )
    for n in range(5):
        SolutionFactory(title=f"Flood sensor {n}", summary="Sirens before rivers overflow")
    semantic.solution_index_rebuild(fresh=True)
    challenges = [open_challenge(world, f"Floods {n}", "Homes flood each season") for n in range(3)]
    semantic.challenge_vectors_update(challenge_ids=[c.pk for c in challenges])
    solutions = semantic.solution_list_published().count()
    expected = []
    for total in (solutions, 3):
        expected += [x for start in range(0, total, 2) for x in ("wait", min(2, total - start))]
    assert calls[-len(expected) :] == expected
