"""Comparisons read only what each city shared with the viewer."""

import pytest

from cityhive.assessment import selectors
from cityhive.assessment.scorecards import size_class_of, targets_for
from cityhive.assessment.tests.factories import (
    AssessmentFactory,
    KpiTargetFactory,
    KpiValueFactory,
)
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.taxonomy.models import Kpi

pytestmark = pytest.mark.django_db

INTERNET = "EC: ICT: ICT: 1C"


def _scored(city, year, value, **fields):
    assessment = AssessmentFactory(city=city, year=year, **fields)
    KpiValueFactory(assessment=assessment, kpi=Kpi.objects.get(code=INTERNET), value=value)
    return assessment


def test_peers_are_other_cities_that_shared_the_same_year():
    KpiTargetFactory(kpi=Kpi.objects.get(code=INTERNET), target=80)
    recife = CityFactory(name="Recife")
    mine = _scored(recife, 2025, 40)
    _scored(recife, 2024, 20, status="submitted", visibility="private")
    olinda = _scored(CityFactory(name="Olinda"), 2025, 60, status="submitted", visibility="public")
    _scored(CityFactory(name="Hidden"), 2025, 80, status="submitted", visibility="private")
    _scored(CityFactory(name="Drafting"), 2025, 80, visibility="public")
    _scored(CityFactory(name="Earlier"), 2024, 80, status="submitted", visibility="public")
    member = MembershipFactory(organisation=recife).user
    peers = selectors.peer_results(actor=member, assessment=mine)
    assert [(city.name, results["Economy"]) for city, results in peers] == [
        (olinda.city.name, 75.0)
    ]
    assert selectors.previous_years(actor=member, assessment=mine) == [
        (2024, {"Economy": 25.0, "Environment": None, "Society and Culture": None})
    ]
    # a visitor sees neither the private earlier year nor the draft
    assert selectors.previous_years(actor=None, assessment=mine) == []


def test_a_size_class_target_wins_over_the_general_one():
    kpi = Kpi.objects.get(code=INTERNET)
    KpiTargetFactory(kpi=kpi, target=80)
    KpiTargetFactory(kpi=kpi, target=90, size_class="small")
    assert targets_for("small")[kpi.pk] == 90.0
    assert targets_for("large")[kpi.pk] == 80.0
    assert size_class_of(CityFactory(population=50_000)) == "small"
    assert size_class_of(CityFactory(population=500_000)) == "medium"
    assert size_class_of(CityFactory(population=5_000_000)) == "large"
