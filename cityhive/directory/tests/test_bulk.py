"""Slugs for new organisations: one allocation for the single create and the bulk upsert."""

import pytest

from cityhive.directory.bulk import SlugAllocator, organisation_slug_new
from cityhive.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_new_slug_skips_stored_and_taken_ones():
    OrganisationFactory(slug="acme-water")
    assert organisation_slug_new("Acme Water") == "acme-water-2"
    assert organisation_slug_new("Acme Water", taken={"acme-water-2"}) == "acme-water-3"
    assert organisation_slug_new("!!!") == "organisation"


def test_an_allocator_never_gives_a_reserved_slug_or_one_twice():
    slugs = SlugAllocator(frozenset({"acme"}))
    assert [slugs.take("Acme"), slugs.take("Acme"), slugs.take("Beta")] == [
        "acme-2",
        "acme-3",
        "beta",
    ]
