"""Importing exchange files: all-or-nothing, every error with its line, references, upserts."""

import json

import pytest

from cityhive.challenges.models import Challenge, ChallengeTag, NeedItem, NeedsProfile
from cityhive.directory.models import Organisation
from cityhive.exchange.errors import ImportInvalid
from cityhive.exchange.tests import helpers as h
from cityhive.places.models import Place
from cityhive.places.tests.factories import PlaceFactory
from cityhive.solutions.models import Implementation, Solution, SolutionTag

pytestmark = pytest.mark.django_db


def errors_of(data: bytes, **options) -> list[str]:
    with pytest.raises(ImportInvalid) as raised:
        h.run_import(data, **options)
    return [str(error) for error in raised.value.errors]


@pytest.fixture
def place():
    return PlaceFactory(geonames_id=3390760, name="Recife", country="BR")


def test_a_file_with_every_type_creates_the_rows_in_any_line_order(place):
    # Given lines that name organizations and a solution defined further down the file
    data = h.jsonl(
        h.implementation(
            "i1", "s1", "recife", kpi_changes=[{"kpi": "EC: I: WS: 3C", "before": 40}]
        ),
        h.needs("recife"),
        h.challenge(
            "c1", "recife", addresses=[{"facet": "hazard", "value": "floods", "strength": 1}]
        ),
        h.solution("s1"),
        h.organization("acme"),
        h.city("recife", place.pk),
    )
    # When it is imported
    report = h.run_import(data)
    # Then every object exists, linked by the file's ids
    assert report.as_dict()["counts"]["organization"] == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    solution = Solution.objects.get(external_id="s1")
    assert (solution.provider.external_id, solution.status, solution.title) == (
        "acme",
        "published",
        "Flood sensors",
    )
    assert sorted(SolutionTag.objects.filter(solution=solution).values_list("facet", "value")) == [
        ("category", "environment"),
        ("category", "environment/water"),
        ("emission_sector", "transportation"),
        ("hazard", "floods"),
        ("kpi", "EC: I: WS: 3C"),
        ("sdg_goal", "11"),
        ("sdg_target", "11.5"),
    ]
    implementation = Implementation.objects.get(external_id="i1")
    assert (implementation.solution_id, implementation.city.place_id) == (solution.pk, place.pk)
    challenge = Challenge.objects.get(external_id="c1")
    assert list(
        ChallengeTag.objects.filter(challenge=challenge).values_list("value", "strength")
    ) == [("floods", 1.0)]
    assert list(NeedItem.objects.order_by("-weight").values_list("value", "weight", "source")) == [
        ("floods", 0.9, "climate_risk"),
        ("waste", 0.4, "emissions_inventory"),
    ]


def test_one_bad_line_among_many_writes_nothing_and_names_its_line():
    # Given 40 valid solutions and one whose second address is out of range, on line 38
    lines = [h.organization("acme")] + [h.solution(f"s{n}") for n in range(40)]
    lines[37]["addresses"][1]["strength"] = 1.5
    before = h.row_counts()
    # When it is imported, then it is refused with that one error, and nothing was written
    assert errors_of(h.jsonl(*lines)) == [
        "line 38: solution.addresses[1].strength: must be between 0 and 1"
    ]
    assert h.row_counts() == before


def test_every_error_of_every_line_is_reported():
    data = (
        h.jsonl(
            h.organization("acme", country="XX"),
            h.solution("s1", kpis=["NOPE"], cost_level="cheap", maturity=12),
            {"type": "invoice", "id": "x"},
            h.solution("s1", title=""),
        )
        + b"{not json\n"
    )
    assert errors_of(data) == [
        "line 1: organization.country: unknown country code 'XX'",
        "line 2: solution.cost_level: must be one of low, medium, high",
        "line 2: solution.kpis[0]: unknown kpi 'NOPE'",
        "line 2: solution.maturity: must be a whole number between 1 and 9",
        "line 3: type: unknown type 'invoice': must be one of organization, solution, "
        "implementation, needs, challenge, assessment, project",
        "line 4: solution.id: repeats the id 's1' of line 2",
        "line 4: solution.title: is required",
        "line 5: is not valid JSON (Expecting property name enclosed in double quotes at column 2)",
    ]
    assert h.row_counts()["Organisation"] == 0


def test_a_reference_to_a_missing_organization_is_an_error_naming_the_line():
    data = h.jsonl(h.organization("acme"), h.solution("s1", provider="ghost"))
    assert errors_of(data) == [
        "line 2: solution.provider: unknown organization 'ghost': it is neither in this file "
        "nor on the platform"
    ]
    assert Organisation.objects.count() == 0


def test_references_resolve_to_organisations_already_on_the_platform(place):
    h.run_import(h.jsonl(h.organization("acme"), h.city("recife", place.pk)))
    report = h.run_import(h.jsonl(h.solution("s1"), h.challenge("c1", "recife")))
    assert report.summary() == [
        "solution: 1 created, 0 updated, 0 unchanged",
        "challenge: 1 created, 0 updated, 0 unchanged",
    ]


def test_a_city_reference_must_name_a_city():
    data = h.jsonl(h.organization("acme"), h.challenge("c1", "acme"), h.needs("acme"))
    assert errors_of(data) == [
        "line 2: challenge.city: must name a city; 'acme' is of kind 'company'",
        "line 3: needs.city: must name a city; 'acme' is of kind 'company'",
    ]


def test_an_implementation_needs_its_solution_in_the_file_or_on_the_platform(place):
    data = h.jsonl(h.city("recife", place.pk), h.implementation("i1", "nowhere", "recife"))
    assert errors_of(data) == [
        "line 2: implementation.solution: unknown solution 'nowhere': it is neither in this "
        "file nor on the platform"
    ]


def test_a_missing_geonames_city_is_an_error():
    PlaceFactory()
    data = h.jsonl(h.city("recife", 1))
    assert errors_of(data) == ["line 1: organization.geonames_id: no GeoNames city has id 1"]


def test_the_places_are_loaded_when_a_city_is_imported_into_a_fresh_platform(monkeypatch):
    loads = []

    def fake_places_load():
        loads.append(1)
        return PlaceFactory(geonames_id=3390760).pk

    monkeypatch.setattr("cityhive.exchange.checker.places_load", fake_places_load)
    assert not Place.objects.exists()
    h.run_import(h.jsonl(h.city("recife", 3390760), h.city("olinda", 3390760)))
    assert loads == [1]
    assert Organisation.objects.get(external_id="recife").place_id == 3390760


def test_reimporting_the_same_file_changes_nothing(place):
    data = h.jsonl(
        h.organization("acme", context={"b": 1, "a": [1, {"y": 2, "x": 1}]}),
        h.city("recife", place.pk),
        h.solution("s1", population_range=[1000, 50000], cobenefits={"housing": -1}),
        h.implementation("i1", "s1", "recife"),
        h.needs("recife"),
        h.challenge("c1", "recife", budget={"min": 10.555, "max": 2000, "currency": "EUR"}),
    )
    h.run_import(data)
    before = h.snapshot()
    report = h.run_import(data)
    assert h.snapshot() == before
    assert {c["created"] + c["updated"] for c in report.as_dict()["counts"].values()} == {0}
    assert report.lines == 6


def test_a_changed_line_updates_its_row_and_bumps_the_version():
    h.run_import(h.jsonl(h.organization("acme"), h.solution("s1")))
    first = Solution.objects.get(external_id="s1")
    changed = h.solution("s1", title="River sensors", addresses=[], status="draft")
    report = h.run_import(h.jsonl(h.organization("acme"), changed))
    solution = Solution.objects.get(external_id="s1")
    assert report.summary() == [
        "organization: 0 created, 0 updated, 1 unchanged",
        "solution: 0 created, 1 updated, 0 unchanged",
    ]
    assert (solution.pk, solution.title, solution.version) == (first.pk, "River sensors", 2)
    assert (solution.status, solution.published_at) == ("draft", None)
    assert solution.updated_at > first.updated_at
    assert "hazard" not in set(
        SolutionTag.objects.filter(solution=solution).values_list("facet", flat=True)
    )


def test_a_later_needs_line_for_the_same_city_replaces_the_earlier_one(place):
    later = {"facet": "hazard", "value": "droughts", "weight": 0.7, "source": "manual"}
    data = h.jsonl(h.city("recife", place.pk), h.needs("recife"), h.needs("recife", items=[later]))
    h.run_import(data)
    assert list(NeedItem.objects.values_list("value", "weight", "source")) == [
        ("droughts", 0.7, "manual")
    ]
    before = h.snapshot()
    h.run_import(data)
    assert h.snapshot() == before


def test_unknown_fields_are_kept_and_exported_back(place):
    data = h.jsonl(
        h.organization("acme", crm_id=17),
        h.city("recife", place.pk),
        h.solution("s1", vendor={"sku": "F-1", "colour": "blue"}),
        h.implementation("i1", "s1", "recife", contract="2024/7"),
        h.needs("recife", assessed_by="Acme"),
        h.challenge("c1", "recife", portal_url="https://example.org/c1"),
    )
    h.run_import(data)
    assert Solution.objects.get().extra == {"vendor": {"sku": "F-1", "colour": "blue"}}
    assert Implementation.objects.get().extra == {"contract": "2024/7"}
    assert Challenge.objects.get().extra == {"portal_url": "https://example.org/c1"}
    lines = [json.loads(line) for line in h.export().splitlines()]
    kept = {line.get("id", line.get("city")): line for line in lines}
    assert kept["acme"]["crm_id"] == 17
    assert kept["s1"]["vendor"] == {"colour": "blue", "sku": "F-1"}
    assert kept["i1"]["contract"] == "2024/7"
    assert [line["assessed_by"] for line in lines if line["type"] == "needs"] == ["Acme"]
    assert kept["c1"]["portal_url"] == "https://example.org/c1"


def test_unknown_fields_inside_an_object_are_errors():
    data = h.jsonl(
        h.organization("acme"),
        h.solution("s1", addresses=[{"facet": "hazard", "value": "floods", "strenght": 0.5}]),
    )
    assert errors_of(data) == [
        "line 2: solution.addresses[0].strenght: unknown field",
        "line 2: solution.addresses[0].strength: is required",
    ]


def test_wrong_json_types_get_the_schemas_message_once():
    data = h.jsonl(h.organization("acme", languages="en", population="many"))
    assert errors_of(data) == [
        "line 1: organization.languages: must be a list",
        "line 1: organization.population: must be a whole number (or null)",
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b'{"type": "organization", "id": "a", "area_km2": 1e999}',
            "the number 1e999 is too large",
        ),
        (b'{"type": "organization", "id": "a", "area_km2": NaN}', "NaN is not a JSON number"),
        (b'{"type": "organization", "id": "a\\u0000"}', "contains a NUL character"),
        (b'{"type": "organization", "id": "\\ud800"}', "contains an unpaired UTF-16 surrogate"),
        (b'{"type": "organization", "id": "\xff"}', "is not valid UTF-8 (byte 33)"),
        (b"[1, 2]", 'must be a JSON object with a "type"'),
    ],
)
def test_unreadable_lines_are_errors(raw, message):
    (error,) = errors_of(raw + b"\n")
    assert error.startswith(f"line 1: {message}")


def test_blank_lines_are_skipped_but_counted():
    data = b"\n" + h.jsonl(h.organization("acme")) + b"   \n" + h.jsonl(h.solution("s1", title=""))
    assert errors_of(data) == ["line 4: solution.title: is required"]


def test_an_export_of_rows_without_external_ids_imports_back_onto_the_same_rows(place):
    # Given rows made on the platform (no external ids)
    h.run_import(h.jsonl(h.organization("acme"), h.city("recife", place.pk), h.solution("s1")))
    Organisation.objects.update(external_id=None)
    Solution.objects.update(external_id=None)
    exported = h.export()
    solution = Solution.objects.get()
    assert f'"id":"solution-{solution.pk}","provider":"org-acme-water"'.encode() in exported
    # When the export is imported, then it updates those rows rather than adding new ones
    before = h.snapshot()
    h.run_import(exported)
    assert h.snapshot() == before


def test_a_needs_line_says_who_sees_the_profile_and_absent_leaves_it(place):
    h.run_import(h.jsonl(h.city("recife", place.pk), h.needs("recife", visibility="private")))
    city = Organisation.objects.get(external_id="recife")
    assert NeedsProfile.objects.get(city=city).visibility == "private"
    report = h.run_import(h.jsonl(h.city("recife", place.pk), h.needs("recife")))
    assert (report.counts["needs"].unchanged, NeedsProfile.objects.get(city=city).visibility) == (
        1,
        "private",
    )
    exported = [line for line in h.export().splitlines() if b'"type":"needs"' in line]
    assert len(exported) == 1 and b'"visibility":"private"' in exported[0]


def test_an_unknown_needs_visibility_is_refused_and_nothing_is_written(place):
    data = h.jsonl(h.city("recife", place.pk), h.needs("recife", visibility="friends"))
    assert errors_of(data)[0].startswith("line 2: needs.visibility:")
    assert not NeedsProfile.objects.exists() and not NeedItem.objects.exists()


def test_an_organization_website_longer_than_its_column_is_refused_and_nothing_is_written():
    website = "https://example.org/" + "a" * 300
    data = h.jsonl(h.organization("acme", website=website))
    assert errors_of(data) == ["line 1: organization.website: must be at most 200 characters"]
    assert not Organisation.objects.filter(external_id="acme").exists()
