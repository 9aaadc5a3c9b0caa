"""The demo seed gives one demo city two assessments, and running it twice changes nothing."""

import datetime

import pytest

from cityhive.assessment.models import Assessment, DerivedNeed, KpiValueChange
from cityhive.assessment.seeds import DEMO_KPIS, assessment_demo_seed
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_demo_city_gets_two_years_and_a_second_run_changes_nothing():
    city = CityFactory(is_demo=True, external_id="demo:city:Recife")
    MembershipFactory(organisation=city, role=MembershipRole.ADMIN)
    assessment_demo_seed()
    changes = KpiValueChange.objects.count()
    assessment_demo_seed()
    year = datetime.date.today().year
    assessments = list(Assessment.objects.filter(city=city).values_list("year", "status"))
    assert sorted(assessments) == [(year - 1, "submitted"), (year, "draft")]
    assert KpiValueChange.objects.count() == changes == 2 * len(DEMO_KPIS)
    assert (
        DerivedNeed.objects.filter(city=city, facet="hazard", value="floods").get().weight == 0.82
    )


def test_without_a_demo_city_nothing_is_seeded():
    assert assessment_demo_seed() is None
    assert Assessment.objects.count() == 0
