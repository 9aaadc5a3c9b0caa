"""Documents built from plain rows equal those built from model instances, as they were."""

import pytest
from django.utils import timezone

from cityhive.directory.tests.factories import CityFactory, OrganisationFactory
from cityhive.matching.documents import built_solution_docs
from cityhive.matching.engine import Evidence, SolutionDoc
from cityhive.solutions.models import Solution
from cityhive.solutions.tests.factories import ImplementationFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def from_models(solution: Solution) -> SolutionDoc:
    """The document as it was built from model instances (the reference)."""
    evidence = tuple(
        Evidence(
            city_id=str(i.city.pk),
            city_name=i.city.place.name if i.city.place_id else i.city.name,
            country=i.city.country.code or "",
            continent=i.city.place.continent if i.city.place_id else "",
            population=i.city.population,
            biome=(i.city.context or {}).get("biome", ""),
            confirmed=i.confirmed_at is not None,
            status=i.status,
            year=i.year,
        )
        for i in solution.implementations.all()
    )
    return SolutionDoc(
        id=str(solution.pk),
        title=solution.title,
        summary=solution.summary,
        description=solution.description,
        tags=tuple(solution.tags),
        provider_id=str(solution.provider_id),
        provider_country=solution.provider.country.code or "",
        regions_served=tuple(solution.regions_served),
        languages=tuple(solution.languages),
        population_min=solution.population_min,
        population_max=solution.population_max,
        cost_level=solution.cost_level,
        maturity=solution.maturity,
        timeline=solution.timeline,
        cobenefits=dict(solution.cobenefits),
        addresses={(a["facet"], str(a["value"])): float(a["strength"]) for a in solution.addresses},
        categories=tuple(solution.categories),
        sdg_targets=tuple(solution.sdg_targets),
        kpis=tuple(solution.kpis),
        implementations=evidence,
    )


def test_row_built_documents_equal_model_built_ones():
    unplaced = CityFactory(place=None, name="Unplaced town", country="KE", context={})
    placed = CityFactory(population=820_000, context={"biome": "savanna"})
    stateless = OrganisationFactory(country="")
    rich = SolutionFactory(
        tags=["flood", "sensors"],
        regions_served=["global", "BR-SP"],
        languages=["pt", "en"],
        population_min=10_000,
        population_max=None,
        cobenefits={"health": 1.5},
        addresses=[{"facet": "hazard", "value": "floods", "strength": 0.9}],
        categories=["environment/water"],
        sdg_targets=["11.5"],
        kpis=["EC: I: T: 1C"],
    )
    plain = SolutionFactory(provider=stateless)
    ImplementationFactory(solution=rich, city=placed, confirmed_at=timezone.now(), year=2023)
    ImplementationFactory(solution=rich, city=unplaced, status="pilot", year=2021)

    built = built_solution_docs(Solution.objects.filter(pk__in=[rich.pk, plain.pk]).order_by("pk"))

    assert built == [from_models(rich), from_models(plain)]
    assert [(e.city_name, e.biome, e.confirmed) for e in built[0].implementations] == [
        (placed.place.name, "savanna", True),
        ("Unplaced town", "", False),
    ]
    assert (built[1].provider_country, built[0].provider_country) == ("", "DE")
