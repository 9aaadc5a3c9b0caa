import math

import pytest

from cityhive.matching.engine import Evidence
from cityhive.matching.engine.evidence import (
    city_similarity,
    combined,
    evidence_text,
    size_similarity,
    supports,
)
from cityhive.matching.engine.tests.catalogue import FORTALEZA, NAIROBI, RECIFE, SALVADOR


def test_size_similarity_is_one_minus_log10_ratio():
    assert size_similarity(1_000, 1_000) == 1.0
    assert size_similarity(1_000, 100) == 0.0
    assert size_similarity(2_000, 1_000) == pytest.approx(1 - math.log10(2))
    assert size_similarity(None, 1_000) == 0.0


def test_similarity_weighs_size_place_and_climate():
    recife = city_similarity(RECIFE, SALVADOR)
    assert recife.value == pytest.approx(0.4 * (1 - math.log10(2.4 / 1.65)) + 0.4 + 0.2)
    assert recife.reasons == ("similar in size", "in the same country", "with the same climate")
    nairobi = city_similarity(NAIROBI, SALVADOR)
    assert nairobi.value == pytest.approx(0.4 * (1 - math.log10(4.4 / 2.4)))
    assert nairobi.reasons == ("similar in size",)


def test_only_confirmed_implementations_support_and_they_combine_as_noisy_or():
    unconfirmed = Evidence("x", "X", "BR", confirmed=False)
    found = supports((RECIFE, unconfirmed, FORTALEZA), SALVADOR)
    assert [s.evidence.city_id for s in found] == ["fortaleza", "recife"]
    similarity = city_similarity(RECIFE, SALVADOR).value
    assert found[1].value == pytest.approx(0.85 * (0.3 + 0.7 * similarity))
    assert combined(found) == pytest.approx(1 - (1 - found[0].value) * (1 - found[1].value))
    assert combined([]) == 0.0


def test_evidence_text_names_two_cities_and_what_they_share():
    found = supports((RECIFE, FORTALEZA, NAIROBI), SALVADOR)
    assert evidence_text(found) == (
        "scaled up in Fortaleza and Recife (and 1 more city), "
        "similar in size, in the same country, with the same climate"
    )
