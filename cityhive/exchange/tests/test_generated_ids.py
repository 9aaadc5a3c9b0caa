"""Generated ids belong to the platform: an import never gives a new row one it could allocate."""

import json

import pytest

from cityhive.accounts.tests.factories import UserFactory
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.models import Organisation
from cityhive.directory.services import organisation_create
from cityhive.directory.tests.factories import CityFactory, OrganisationFactory
from cityhive.exchange.errors import ImportInvalid
from cityhive.exchange.tests import helpers as h
from cityhive.solutions.models import Solution
from cityhive.solutions.tests.factories import ImplementationFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def ids_of(data: bytes) -> list[tuple[str, str]]:
    lines = [json.loads(line) for line in data.splitlines()]
    return [(line["type"], line.get("id", line.get("city"))) for line in lines]


def errors_of(data: bytes, **options) -> list[str]:
    with pytest.raises(ImportInvalid) as raised:
        h.run_import(data, **options)
    return [str(error) for error in raised.value.errors]


def assert_round_trip(first: bytes) -> None:
    """Re-importing changes nothing; an empty platform exports the same bytes."""
    before = h.snapshot()
    report = h.run_import(first)
    assert {c.created + c.updated for c in report.counts.values()} == {0}
    assert h.snapshot() == before
    h.wipe()
    h.run_import(first)
    assert h.export() == first


def test_an_imported_solution_id_of_the_generated_form_keeps_the_number_it_names():
    # Given a solution numbered n on the platform, and a file naming solution n + 2
    provider = OrganisationFactory(slug="acme")
    taken = SolutionFactory(provider=provider).pk
    squat = f"solution-{taken + 2}"
    h.run_import(h.jsonl(h.solution(squat, provider="org-acme")))
    # When the platform creates two more solutions
    SolutionFactory(provider=provider)
    SolutionFactory(provider=provider)
    # Then the imported solution is number n + 2, and no export id occurs twice
    imported = Solution.objects.get(pk=taken + 2)
    assert (imported.external_id, imported.title) == (None, "Flood sensors")
    first = h.export()
    solutions = [ident for kind, ident in ids_of(first) if kind == "solution"]
    assert solutions == sorted(
        f"solution-{pk}" for pk in Solution.objects.values_list("pk", flat=True)
    )
    assert len(set(solutions)) == 4
    assert_round_trip(first)


def test_an_imported_organization_id_of_the_generated_form_keeps_the_slug_it_names():
    # Given a file naming org-acme-water for an organisation called differently
    h.run_import(h.jsonl(h.organization("org-acme-water", name="Other Co")))
    # When a member creates "Acme Water" on the platform
    created = organisation_create(
        actor=UserFactory(), kind="company", name="Acme Water", country="NL"
    )
    # Then the imported one holds the slug acme-water, the new one another; ids stay unique
    imported = Organisation.objects.get(name="Other Co")
    assert (imported.slug, imported.external_id) == ("acme-water", None)
    assert created.slug == "acme-water-2"
    assert ids_of(h.export(types=["organization"])) == [
        ("organization", "org-acme-water"),
        ("organization", "org-acme-water-2"),
    ]
    assert_round_trip(h.export())


def test_a_new_organisation_of_the_same_file_does_not_take_a_slug_the_file_names():
    data = h.jsonl(
        h.organization("acme-ext", name="Acme Water"),
        h.organization("org-acme-water", name="Acme Water"),
    )
    h.run_import(data)
    assert sorted(Organisation.objects.values_list("slug", "external_id")) == [
        ("acme-water", None),
        ("acme-water-2", "acme-ext"),
    ]


@pytest.mark.parametrize(
    ("ident", "why"),
    [
        ("solution-0352", "not a number the platform writes"),
        ("solution-x", "not a number"),
        ("solution-", "no number"),
    ],
)
def test_a_generated_form_id_the_platform_would_never_write_is_refused(ident, why):
    OrganisationFactory(slug="acme")
    before = h.row_counts()
    assert errors_of(h.jsonl(h.solution(ident, provider="org-acme"))) == [
        f"line 1: solution.id: {ident!r} names no solution on the platform, and ids "
        "beginning with 'solution-' are the platform's own"
    ], why
    assert h.row_counts() == before


def test_a_generated_id_whose_number_is_held_under_another_id_is_refused():
    # Given solution n, which was imported with its own id "partner-1"
    held = SolutionFactory(provider=OrganisationFactory(slug="acme"), external_id="partner-1")
    before = h.snapshot()
    # When a file names solution-n as a new solution, then it is refused and nothing changes
    assert errors_of(h.jsonl(h.solution(f"solution-{held.pk}", provider="org-acme"))) == [
        f"line 1: solution.id: 'solution-{held.pk}' names no solution on the platform, and ids "
        "beginning with 'solution-' are the platform's own"
    ]
    assert h.snapshot() == before


def test_an_organization_id_naming_a_slug_held_under_another_id_is_refused():
    OrganisationFactory(slug="acme", external_id="acme-partner")
    before = h.snapshot()
    assert errors_of(h.jsonl(h.organization("org-acme"))) == [
        "line 1: organization.id: 'org-acme' names no organization on the platform, and ids "
        "beginning with 'org-' are the platform's own"
    ]
    assert h.snapshot() == before


def test_a_stored_id_of_the_generated_form_never_doubles_an_export_id():
    # Given a row stored with an external id of the generated form (before it was refused)
    provider = OrganisationFactory(slug="acme")
    owner = SolutionFactory(provider=provider)
    squatter = SolutionFactory(provider=provider, external_id=f"solution-{owner.pk}")
    # Then each row is exported under its own generated id, and the file round-trips
    first = h.export()
    assert [ident for kind, ident in ids_of(first) if kind == "solution"] == sorted(
        [f"solution-{owner.pk}", f"solution-{squatter.pk}"]
    )
    assert_round_trip(first)


def test_generated_ids_of_every_type_round_trip_after_the_platform_creates_more():
    city = CityFactory(slug="recife")
    provider = OrganisationFactory(slug="acme")
    base = SolutionFactory(provider=provider)
    challenge = ChallengeFactory(city=city)
    implementation = ImplementationFactory(solution=base, city=city)
    data = h.jsonl(
        h.solution(f"solution-{base.pk + 1}", provider="org-acme"),
        h.implementation(
            f"implementation-{implementation.pk + 1}", f"solution-{base.pk + 1}", "org-recife"
        ),
        h.challenge(f"challenge-{challenge.pk + 1}", "org-recife"),
    )
    h.run_import(data)
    SolutionFactory(provider=provider)
    ChallengeFactory(city=city)
    ImplementationFactory(solution=base, city=city)
    first = h.export()
    assert len(ids_of(first)) == len(set(ids_of(first))) == 11
    assert_round_trip(first)
