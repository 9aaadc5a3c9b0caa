"""Engine documents from models, and the worker's cache of them: reused only while current."""

import pytest

from cityhive.matching.documents import DocumentCache, document_cache, solution_docs
from cityhive.solutions import services as solution_services
from cityhive.solutions.selectors import solution_list_published
from cityhive.taxonomy.models import FacetTerm, Kpi, SdgTarget
from cityhive.taxonomy.selectors import facet_labels

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world):
    made = [
        solution_services.solution_create(
            actor=world.manager,
            provider=world.org_b,
            publish=True,
            fields={"title": title, "summary": f"{title} for cities", "regions_served": ["global"]},
        )
        for title in ("Flood sensors", "Cool roofs", "Bike sharing")
    ]
    return made


def titles() -> list[str]:
    return [doc.title for doc in solution_docs(solution_list_published())]


def test_unchanged_solutions_come_from_the_cache(world, catalogue, django_assert_num_queries):
    assert titles() == ["Flood sensors", "Cool roofs", "Bike sharing"]  # built: three queries
    assert len(document_cache().entries) == 3

    with django_assert_num_queries(1):  # only the stamps
        assert titles() == ["Flood sensors", "Cool roofs", "Bike sharing"]


def test_an_edited_solution_is_rebuilt_the_others_reused(
    world, catalogue, django_assert_num_queries
):
    titles()
    flood = catalogue[0]
    solution_services.solution_update(
        actor=world.manager, solution=flood, version=flood.version, fields={"title": "Flood radar"}
    )

    with django_assert_num_queries(3):  # stamps, then the one solution and its implementations
        assert titles() == ["Flood radar", "Cool roofs", "Bike sharing"]


def test_a_new_or_confirmed_implementation_changes_the_evidence(world, catalogue):
    roofs = catalogue[1]
    [before] = solution_docs(solution_list_published().filter(pk=roofs.pk))
    implementation = solution_services.implementation_create(
        actor=world.admin_b,
        solution=roofs,
        city=world.org_a,
        fields={"year": 2024, "status": "deployed"},
    )
    [added] = solution_docs(solution_list_published().filter(pk=roofs.pk))
    solution_services.implementation_confirm(actor=world.admin_a, implementation=implementation)
    [confirmed] = solution_docs(solution_list_published().filter(pk=roofs.pk))

    assert before.implementations == ()
    assert [item.confirmed for item in added.implementations] == [False]
    assert [item.confirmed for item in confirmed.implementations] == [True]


def test_a_changed_implementing_city_changes_the_evidence(world, catalogue):
    roofs = catalogue[1]
    solution_services.implementation_create(
        actor=world.admin_b,
        solution=roofs,
        city=world.org_a,
        fields={"year": 2024, "status": "deployed"},
    )
    [before] = solution_docs(solution_list_published().filter(pk=roofs.pk))
    world.org_a.population = 2_500_000
    world.org_a.save()
    [after] = solution_docs(solution_list_published().filter(pk=roofs.pk))

    assert before.implementations[0].population != 2_500_000
    assert after.implementations[0].population == 2_500_000


def test_unpublished_solutions_drop_out_even_when_cached(world, catalogue):
    titles()
    solution_services.solution_publish(actor=world.manager, solution=catalogue[2], published=False)
    assert titles() == ["Flood sensors", "Cool roofs"]


def test_the_cache_keeps_the_most_recently_used():
    cache = DocumentCache(size=2)
    docs = {pk: object() for pk in (1, 2, 3)}
    stamps = {pk: ("t",) for pk in docs}

    cache.keep(stamps, {1: docs[1], 2: docs[2]})
    cache.fresh({1: ("t",)})  # 1 is now the most recent
    cache.keep(stamps, {3: docs[3]})

    assert list(cache.entries) == [1, 3]
    assert cache.fresh({1: ("t",), 3: ("other",)}) == {1: docs[1]}


def test_without_a_cache_documents_are_built_every_time(world, catalogue, settings):
    settings.MATCHING_DOCUMENT_CACHE = 0
    document_cache.cache_clear()
    try:
        assert titles() == ["Flood sensors", "Cool roofs", "Bike sharing"]
        assert document_cache().entries == {}
    finally:
        document_cache.cache_clear()


def test_labels_are_read_for_the_needs_asked_only():
    hazard = FacetTerm.objects.filter(facet="hazard").first()
    kpi = Kpi.objects.first()
    target = SdgTarget.objects.get(code="13.1")
    asked = [("hazard", hazard.code), ("kpi", kpi.code), ("sdg_target", "13.1")]
    labels = facet_labels([*asked, ("sdg_goal", "13"), ("x", "y")])
    assert labels == {
        ("hazard", hazard.code): hazard.label,
        ("kpi", kpi.code): kpi.definition,
        ("sdg_target", "13.1"): target.title,
        ("sdg_goal", "13"): "Climate action",
    }
