"""Shared test helpers: solutions addressing hazards, created through the service."""

from cityhive.solutions import services as solution_services


def hazard_solution(world, title, hazards, *, provider=None, publish=True, summary=None):
    """A solution by the manager for org B (or `provider`); hazards: [(code, strength), ...]."""
    return solution_services.solution_create(
        actor=world.manager,
        provider=provider or world.org_b,
        publish=publish,
        fields={
            "title": title,
            "summary": title if summary is None else summary,
            "addresses": [
                {"facet": "hazard", "value": hazard, "strength": strength}
                for hazard, strength in hazards
            ],
        },
    )
