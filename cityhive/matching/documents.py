"""Turning models into the matching engine's dataclasses (the engine itself knows no Django)."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from cityhive.challenges.models import Challenge, NeedItem
from cityhive.directory.models import Organisation
from cityhive.matching.engine import ChallengeDoc, Evidence, NeedsProfile, SolutionDoc
from cityhive.solutions.models import Implementation, Solution
from cityhive.taxonomy.models import FacetTerm, Kpi, SdgGoal, SdgTarget

# Budget bands in the challenge's own currency; approximate, as no exchange rates are kept.
BUDGET_BANDS = ((Decimal(250_000), "low"), (Decimal(2_500_000), "medium"))


def facet_labels() -> dict[tuple[str, str], str]:
    """Readable names of facet values (hazards, sectors, categories, KPIs, SDGs), in English."""
    labels = {(t.facet, t.code): t.label for t in FacetTerm.objects.all()}
    labels.update({("kpi", k.code): k.definition for k in Kpi.objects.all()})
    labels.update({("sdg_target", t.code): t.title for t in SdgTarget.objects.all()})
    labels.update({("sdg_goal", str(g.number)): g.short_title for g in SdgGoal.objects.all()})
    return labels


def _continent(organisation: Organisation) -> str:
    return organisation.place.continent if organisation.place_id else ""


def evidence_doc(implementation: Implementation) -> Evidence:
    """An implementation and its city, as evidence for a solution."""
    city = implementation.city
    return Evidence(
        city_id=str(city.pk),
        city_name=city.place.name if city.place_id else city.name,
        country=city.country.code or "",
        continent=_continent(city),
        population=city.population,
        biome=(city.context or {}).get("biome", ""),
        confirmed=implementation.confirmed_at is not None,
        status=implementation.status,
        year=implementation.year,
    )


def solution_doc(solution: Solution, implementations: Iterable[Implementation] = ()) -> SolutionDoc:
    """A solution with its provider and implementations, as the engine sees it."""
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
        implementations=tuple(evidence_doc(i) for i in implementations),
    )


def solution_docs(solutions) -> list[SolutionDoc]:
    """Many solutions with their implementations, in three queries."""
    solutions = list(solutions.select_related("provider"))
    by_solution: dict[int, list[Implementation]] = defaultdict(list)
    implementations = Implementation.objects.filter(solution__in=[s.pk for s in solutions])
    for implementation in implementations.select_related("city", "city__place"):
        by_solution[implementation.solution_id].append(implementation)
    return [solution_doc(s, by_solution[s.pk]) for s in solutions]


def needs_profile(city: Organisation, items: Iterable[NeedItem] | None = None) -> NeedsProfile:
    """A city organisation and its needs items."""
    items = city.need_items.all() if items is None else items
    needs = {(item.facet, item.value): item.weight for item in items}
    labels = facet_labels()
    return NeedsProfile(
        city_id=str(city.pk),
        name=city.place.name if city.place_id else city.name,
        country=city.country.code or "",
        region=city.region,
        continent=_continent(city),
        population=city.population,
        biome=(city.context or {}).get("biome", ""),
        languages=tuple(city.languages),
        items=needs,
        labels={key: labels[key] for key in needs if key in labels},
    )


def needs_profiles(cities) -> list[NeedsProfile]:
    """Many cities with their needs, in two queries."""
    cities = list(cities.select_related("place"))
    items: dict[int, list[NeedItem]] = defaultdict(list)
    for item in NeedItem.objects.filter(city__in=[c.pk for c in cities]):
        items[item.city_id].append(item)
    return [needs_profile(city, items[city.pk]) for city in cities]


def budget_level(challenge: Challenge) -> str:
    """low / medium / high from the challenge's maximum budget ('' when it has none)."""
    amount = challenge.budget_max or challenge.budget_min
    if amount is None:
        return ""
    return next((level for limit, level in BUDGET_BANDS if amount < limit), "high")


def challenge_doc(challenge: Challenge, profile: NeedsProfile) -> ChallengeDoc:
    """A challenge with its city's profile."""
    return ChallengeDoc(
        id=str(challenge.pk),
        city=profile,
        title=challenge.title,
        text=challenge.description,
        addresses={
            (a["facet"], str(a["value"])): float(a["strength"]) for a in challenge.addresses
        },
        budget_level=budget_level(challenge),
    )
