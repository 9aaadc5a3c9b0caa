"""Warming a worker's documents as it starts: its first requests then build and stem nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityhive.core.actors import SYSTEM
from cityhive.matching import warm
from cityhive.matching.documents import (
    built_solution_docs,
    document_cache,
    solution_docs,
    solution_docs_warm,
)
from cityhive.matching.engine.lexical import term_counts
from cityhive.matching.selectors import matches_for_challenge
from cityhive.matching.tests.test_documents import catalogue  # noqa: F401 (fixture)
from cityhive.matching.tests.test_semantic import open_challenge
from cityhive.solutions.selectors import solution_list_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def cold(settings):
    """An empty document cache of `settings.MATCHING_DOCUMENT_CACHE` documents, as a worker
    that has just started."""
    document_cache.cache_clear()
    term_counts.cache_clear()
    yield
    document_cache.cache_clear()


def results(world, challenge) -> list[tuple[int, float, list[str]]]:
    matches = matches_for_challenge(actor=SYSTEM, challenge=challenge, top=10)
    return [(m.item.pk, m.result.score, [f.text for f in m.result.factors]) for m in matches]


def test_warming_builds_the_catalogues_documents_so_a_match_only_reads_their_stamps(
    world,
    catalogue,  # noqa: F811
    cold,
    django_assert_num_queries,
):
    challenge = open_challenge(world, "Flood warnings", "Sensors warn before rivers flood")
    document_cache.cache_clear()
    expected = results(world, challenge)
    document_cache.cache_clear()
    term_counts.cache_clear()

    assert solution_docs_warm() == 3

    assert term_counts.cache_info().currsize == 3
    with django_assert_num_queries(1):  # the stamps, nothing built
        docs = solution_docs(solution_list_published())
    assert docs == built_solution_docs(solution_list_published().order_by("pk"))
    assert results(world, challenge) == expected


def test_warming_takes_the_newest_up_to_the_cache_size(
    world,
    catalogue,  # noqa: F811
    settings,
):
    settings.MATCHING_DOCUMENT_CACHE = 2
    document_cache.cache_clear()
    try:
        assert solution_docs_warm() == 2
        assert sorted(document_cache().entries) == [s.pk for s in catalogue[1:]]
    finally:
        document_cache.cache_clear()


def test_without_a_cache_nothing_is_warmed(world, catalogue, settings):  # noqa: F811
    settings.MATCHING_DOCUMENT_CACHE = 0
    document_cache.cache_clear()
    try:
        assert (solution_docs_warm(), warm.matching_warm_start()) == (0, None)
    finally:
        document_cache.cache_clear()


def test_a_server_process_starts_warming_once_in_the_background(monkeypatch, cold, settings):
    settings.MATCHING_WARM = True
    calls = []
    monkeypatch.setattr(warm, "solution_docs_warm", lambda: calls.append("documents"))
    monkeypatch.setattr(warm, "matches_rehearse", lambda: calls.append("rehearsal"))
    monkeypatch.setattr(warm.MATCHING_WARMUP, "thread", None)

    thread = warm.matching_warm_start()
    thread.join(timeout=10)

    assert (thread.name, calls, warm.matching_warm_start()) == (
        "matching-warm",
        ["documents", "rehearsal"],
        None,
    )


def test_warming_at_start_is_off_when_turned_off(monkeypatch, cold, settings):
    settings.MATCHING_WARM = False  # as in the tests' settings
    monkeypatch.setattr(warm.MATCHING_WARMUP, "thread", None)

    assert warm.matching_warm_start() is None
    assert warm.MATCHING_WARMUP.thread is None


def test_the_rehearsal_computes_the_newest_challenges_matches_and_writes_nothing(
    world,
    catalogue,  # noqa: F811
    monkeypatch,
):
    assert warm.matches_rehearse() is False  # no challenge yet: nothing to rehearse
    open_challenge(world, "Floods", "Homes flood every rainy season")
    newest = open_challenge(world, "Parking", "Drivers circle for free parking bays")
    seen = []
    original = warm.matches_for_challenge
    monkeypatch.setattr(
        warm, "matches_for_challenge", lambda **kw: seen.append(kw["challenge"]) or original(**kw)
    )
    with CaptureQueriesContext(connection) as queries:
        assert warm.matches_rehearse() is True
    assert seen == [newest]
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)
