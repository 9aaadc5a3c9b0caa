"""The demo content: imported through the exchange format, all marked demo, idempotent."""

import pytest

from cityhive.challenges.models import Challenge, NeedItem
from cityhive.directory.models import Organisation
from cityhive.directory.seeds import DEMO_CITIES, demo_world_seed
from cityhive.exchange.demo import CONFIRMED, demo_content_import
from cityhive.exchange.tests import helpers as h
from cityhive.places.tests.factories import PlaceFactory
from cityhive.solutions.models import Implementation, Solution

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world():
    for number, (name, country) in enumerate(DEMO_CITIES):
        PlaceFactory(geonames_id=8_000_000 + number, name=name, country=country)
    demo_world_seed()


def counts(reports) -> dict[str, list[str]]:
    return {name: report.summary() for name, report in reports}


def test_the_demo_content_is_imported_once_and_only_invented_content_marked_as_demo(demo_world):
    first = counts(demo_content_import())
    assert first == {
        "climate action library": [
            "organization: 3 created, 0 updated, 0 unchanged",
            "solution: 325 created, 0 updated, 0 unchanged",
        ],
        "demo offers, implementations, needs and challenges": [
            "solution: 9 created, 0 updated, 0 unchanged",
            "implementation: 8 created, 0 updated, 0 unchanged",
            "needs: 6 created, 0 updated, 0 unchanged",
            "challenge: 9 created, 0 updated, 0 unchanged",
        ],
    }
    # The climate action library is real data: its organisations and 325 actions are no demo.
    library = Solution.objects.filter(provider__external_id__startswith="lib-")
    assert (library.count(), library.filter(is_demo=True).count()) == (325, 0)
    assert list(
        Organisation.objects.filter(is_demo=False)
        .order_by("external_id")
        .values_list("external_id", flat=True)
    ) == ["lib-c40", "lib-icare", "lib-ipcc"]
    assert not Solution.objects.filter(is_demo=False).exclude(pk__in=library).exists()
    assert not Implementation.objects.filter(is_demo=False).exists()
    assert not Challenge.objects.filter(is_demo=False).exists()
    assert set(Challenge.objects.values_list("visibility", flat=True)) == {
        "partners",
        "private",
        "public",
    }
    assert set(NeedItem.objects.values_list("source", flat=True)) == {
        "climate_risk",
        "emissions_inventory",
    }
    confirmed = Implementation.objects.filter(confirmed_at__isnull=False)
    assert sorted(confirmed.values_list("external_id", flat=True)) == sorted(CONFIRMED)


def test_running_the_demo_import_twice_changes_nothing(demo_world):
    demo_content_import()
    before = h.snapshot()
    again = counts(demo_content_import())
    assert h.snapshot() == before
    assert all("0 created, 0 updated" in line for lines in again.values() for line in lines)


def test_demo_lines_of_a_city_that_was_not_seeded_are_left_out(demo_world):
    Organisation.objects.filter(name__contains="Pune").update(external_id="somewhere-else")
    reports = counts(demo_content_import())
    assert reports["demo offers, implementations, needs and challenges"] == [
        "solution: 9 created, 0 updated, 0 unchanged",
        "implementation: 7 created, 0 updated, 0 unchanged",
        "needs: 5 created, 0 updated, 0 unchanged",
        "challenge: 7 created, 0 updated, 0 unchanged",
    ]
