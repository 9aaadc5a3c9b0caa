"""The small vocabularies must hold the values of the exchange format's "Vocabularies" table."""

import pytest

from cityhive.core.errors import NotFound
from cityhive.taxonomy.selectors import facet_code_set, facet_terms

# Copied from the exchange format, version 1 (docs: "Vocabularies (facets)").
EXCHANGE_HAZARDS = [
    "floods", "heatwaves", "droughts", "storms", "landslides", "sea-level-rise", "diseases",
    "wildfires",
]  # fmt: skip
EXCHANGE_EMISSION_SECTORS = ["stationary_energy", "transportation", "waste", "ippu", "afolu"]
EXCHANGE_IMPACT_SECTORS = [
    "water_resources", "food_security", "public_health", "biodiversity", "infrastructure",
    "energy_security",
]  # fmt: skip
EXCHANGE_CATEGORIES = ["mobility", "environment", "government", "economy", "living", "people"]


def test_hazards_are_exactly_the_exchange_list_in_order(reference_data):
    assert [t.code for t in facet_terms(facet="hazard")] == EXCHANGE_HAZARDS


def test_emission_sectors_are_the_gpc_sectors(reference_data):
    terms = [(t.code, t.label) for t in facet_terms(facet="emission_sector")]

    assert terms == [
        ("stationary_energy", "Stationary energy"),
        ("transportation", "Transportation"),
        ("waste", "Waste"),
        ("ippu", "Industrial processes and product use (IPPU)"),
        ("afolu", "Agriculture, forestry and other land use (AFOLU)"),
    ]
    assert [code for code, _ in terms] == EXCHANGE_EMISSION_SECTORS


def test_impact_sectors_extend_the_exchange_list(reference_data):
    codes = [t.code for t in facet_terms(facet="impact_sector")]

    assert codes == [
        *EXCHANGE_IMPACT_SECTORS, "geo-hydrological_disasters", "road_infrastructure",
    ]  # fmt: skip


def test_categories_are_the_six_domains_with_their_sub_categories(reference_data):
    terms = list(facet_terms(facet="category"))
    top = [t.code for t in terms if t.parent is None]
    subs = [t for t in terms if t.parent is not None]

    assert top == EXCHANGE_CATEGORIES
    assert all(t.code.startswith(f"{t.parent.code}/") for t in subs)
    assert {t.parent.code for t in subs} == set(EXCHANGE_CATEGORIES)
    assert {
        "mobility/parking", "mobility/public_transport", "environment/energy", "environment/water",
        "environment/waste", "government/open_data", "living/health", "living/safety",
        "people/education", "economy/innovation",
    } <= {t.code for t in subs}  # fmt: skip
    assert len(terms) == 37


def test_facet_code_set_is_the_set_of_codes(reference_data):
    assert facet_code_set(facet="emission_sector") == frozenset(EXCHANGE_EMISSION_SECTORS)
    assert "mobility/parking" in facet_code_set(facet="category")


def test_unknown_facet_is_not_found(reference_data):
    with pytest.raises(NotFound):
        facet_terms(facet="colour")
    with pytest.raises(NotFound):
        facet_code_set(facet="colour")
