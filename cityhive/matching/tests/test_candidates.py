"""Candidate generation for large catalogues: the strongest carriers of the asked facet values."""

import pytest

from cityhive.matching.tests.helpers import hazard_solution
from cityhive.solutions.selectors import solution_ids_by_facet_strength

pytestmark = pytest.mark.django_db


def solution(world, title, addresses, *, publish=True):
    return hazard_solution(world, title, addresses, publish=publish)


def test_strengths_add_up_over_the_values_and_drafts_never_count(world):
    both = solution(world, "Both", [("floods", 0.9), ("heatwaves", 0.9)])
    floods = solution(world, "Floods", [("floods", 0.9)])
    heat = solution(world, "Heat", [("heatwaves", 0.3)])
    solution(world, "Draft", [("floods", 1.0)], publish=False)
    keys = [("hazard", "floods"), ("hazard", "heatwaves"), ("hazard", "floods")]

    assert solution_ids_by_facet_strength(keys=keys, limit=3) == [both.pk, floods.pk, heat.pk]
    assert solution_ids_by_facet_strength(keys=keys, limit=2) == [both.pk, floods.pk]
    # Each value contributes its strongest carriers only (ties by id): floods -> Both, heat -> Both.
    assert solution_ids_by_facet_strength(keys=keys, limit=1) == [both.pk]
    assert solution_ids_by_facet_strength(keys=[("hazard", "droughts")], limit=5) == []
    assert solution_ids_by_facet_strength(keys=[], limit=5) == []


def test_a_draft_found_by_meaning_is_never_a_candidate(world, monkeypatch):
    from cityhive.matching import candidates

    floods = solution(world, "Floods", [("floods", 0.9)])
    solution(world, "Heat", [("heatwaves", 0.3)])
    draft = solution(world, "Draft", [("droughts", 1.0)], publish=False)
    nearest = solution(world, "Nearest", [("storms", 0.5)])
    monkeypatch.setattr(candidates, "MAX_CANDIDATES", 2)  # 3 published: pick candidates
    # The index may still hold a solution unpublished a moment ago.
    monkeypatch.setattr(candidates, "semantic_neighbours", lambda **kwargs: [draft.pk, nearest.pk])

    found = candidates.candidate_solutions(keys=[("hazard", "floods")], vector=object())
    assert sorted(found.values_list("pk", flat=True)) == [floods.pk, nearest.pk]
