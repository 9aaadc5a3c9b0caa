"""Export, import into an empty platform, export again: the same bytes, for every type."""

import json
import re
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from cityhive.challenges.models import Visibility
from cityhive.challenges.tests.factories import ChallengeFactory, NeedItemFactory
from cityhive.directory.tests.factories import CityFactory, OrganisationFactory
from cityhive.exchange.models import OrganisationExtra
from cityhive.exchange.records import TYPES
from cityhive.exchange.tests import helpers as h
from cityhive.places.tests.factories import PlaceFactory
from cityhive.solutions.models import Solution, SolutionStatus
from cityhive.solutions.tests.factories import ImplementationFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def types_of(data: bytes) -> list[str]:
    return [json.loads(line)["type"] for line in data.splitlines()]


@pytest.fixture
def platform():
    """Rows made on the platform (no external ids), of every type and with optional fields."""
    company = OrganisationFactory(name="Acme", slug="acme", context={"sector": "water"})
    OrganisationExtra.objects.create(organisation=company, organization={"crm": 1})
    city = CityFactory(population=1_650_000, area_km2=218.4, region="BR-PE")
    solution = SolutionFactory(
        provider=company,
        addresses=[{"facet": "hazard", "value": "floods", "strength": 0.8}],
        population_min=1000,
        population_max=90000,
        cobenefits={"housing": -1, "air_quality": 2},
        extra={"sku": "F-1"},
    )
    SolutionFactory(provider=company, status=SolutionStatus.DRAFT, published_at=None)
    ImplementationFactory(
        solution=solution,
        city=city,
        kpi_changes=[
            {"year": 2024, "unit": "%", "kpi": "EC: I: WS: 3C", "after": 30, "before": 41.5}
        ],
    )
    ChallengeFactory(
        city=city,
        budget_min=Decimal("1000.50"),
        budget_max=Decimal("20000.00"),
        budget_currency="BRL",
        deadline=date(2027, 3, 31),
        visibility=Visibility.PRIVATE,
    )
    NeedItemFactory(city=city)
    NeedItemFactory(city=city, value="heatwaves", weight=0.3)
    return {"company": company, "city": city}


def test_export_import_into_an_empty_platform_export_gives_the_same_bytes(platform):
    first = h.export()
    assert sorted(set(types_of(first)), key=TYPES.index) == list(TYPES)
    h.wipe()
    report = h.run_import(first)
    assert report.lines == len(first.splitlines())
    assert h.export() == first


def test_every_type_round_trips_through_an_import(platform):
    for kind in TYPES:
        exported = h.export(types=[kind])
        assert exported and set(types_of(exported)) == {kind}
        before = h.snapshot()
        organizations = b"" if kind == "organization" else h.export(types=["organization"])
        h.run_import(organizations + exported)
        assert h.snapshot() == before, kind


def test_the_export_is_ordered_by_type_then_id(platform):
    lines = [json.loads(line) for line in h.export().splitlines()]
    keys = [(TYPES.index(line["type"]), line.get("id", line.get("city"))) for line in lines]
    assert keys == sorted(keys)
    solution = Solution.objects.filter(status=SolutionStatus.PUBLISHED).get()
    ids = [line["id"] for line in lines if line["type"] == "solution"]
    assert f"solution-{solution.pk}" in ids


def test_an_exported_line_has_every_field_in_a_fixed_order(platform):
    line = next(json.loads(raw) for raw in h.export(types=["implementation"]).splitlines())
    assert list(line) == [
        "type",
        "id",
        "solution",
        "city",
        "year",
        "status",
        "summary",
        "kpi_changes",
    ]
    assert list(line["kpi_changes"][0]) == ["kpi", "before", "after", "unit", "year"]


def test_the_climate_action_library_imports_and_exports_back_byte_for_byte():
    shipped = resources.files("cityhive.exchange").joinpath("data/climate_actions.jsonl")
    data = shipped.read_bytes()
    report = h.run_import(data)
    assert report.summary() == [
        "organization: 3 created, 0 updated, 0 unchanged",
        "solution: 325 created, 0 updated, 0 unchanged",
    ]
    assert h.export(types=["organization", "solution"]) == data


def _doc_block(language: str) -> bytes:
    text = (Path(__file__).resolve().parents[3] / "docs" / "exchange-format.md").read_text()
    return re.search(rf"^```{language}\n(.*?)```", text, re.DOTALL | re.MULTILINE).group(1).encode()


def test_the_documented_example_imports_and_exports_as_documented():
    PlaceFactory(geonames_id=3390760, name="Recife", country="BR")
    report = h.run_import(_doc_block("jsonl"))
    assert report.lines == 6
    assert [line.strip() for line in h.export(types=["solution"]).splitlines()] == [
        _doc_block("json").strip()
    ]
