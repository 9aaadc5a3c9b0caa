import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from cityhive.matching import semantic
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


def test_a_missing_index_is_not_served_and_gets_rebuilt(enabled, world):
    flood = SolutionFactory(
        title="River flood early warning", summary="Sirens before rivers overflow"
    )
    assert semantic.semantic_scores(query="flooding", solution_ids=[flood.pk]) is None
    # The rebuild was queued (the test task backend runs it at once): now scores come back.
    assert semantic.solution_index_store().current_version() == 1
    [score] = semantic.semantic_scores(query="flooding", solution_ids=[flood.pk])
    assert score > 0.3


def test_scores_follow_meaning_and_unknown_ids_score_zero(enabled, world):
    flood = SolutionFactory(
        title="River flood early warning", summary="Sirens before rivers overflow"
    )
    parking = SolutionFactory(
        title="Smart parking guidance", summary="Sensors show free parking bays"
    )
    semantic.solution_index_rebuild()
    flood_score, parking_score, missing = semantic.semantic_scores(
        query="protect homes from flooding rivers", solution_ids=[flood.pk, parking.pk, 10**9]
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
    assert out.getvalue().strip() == "Published index version 1 with 3 solutions."
