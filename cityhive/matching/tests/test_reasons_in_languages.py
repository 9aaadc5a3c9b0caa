"""Match explanations read in the interface language: the engine gives reasons (keys with
values) and matching/wording.py words them, on pages, in the API and in meeting suggestions."""

from dataclasses import replace

import pytest
from django.utils import translation

from cityhive.challenges import services as challenge_services
from cityhive.matching.engine import (
    NeedsProfile,
    SolutionDoc,
    rank_peer_cities,
    rank_solutions_for_challenge,
)
from cityhive.matching.engine.reasons import Reason, english
from cityhive.matching.engine.tests.catalogue import (
    CATALOGUE,
    FLOOD_CHALLENGE,
    RECIFE,
    SALVADOR,
)
from cityhive.matching.wording import factor_sentence, reason_text
from cityhive.solutions import services as solution_services

# Words of the engine's English sentences that must not show in another language.
ENGLISH = (
    "addresses",
    "your highest",
    "deployed in",
    "scaled up",
    "similar in size",
    "same country",
    "co-benefits",
    "mentions",
    "offered in",
    "within budget",
    "delivers",
    " and ",
    "solved",
    "shares your needs",
)
LABELS = {
    ("hazard", "floods"): "Floods",
    ("hazard", "heatwaves"): "Heatwaves",
    ("emission_sector", "transportation"): "Transportation",
}
CITY = replace(SALVADOR, labels=LABELS, language_names={"pt": "Portuguese"})
CHALLENGE = replace(FLOOD_CHALLENGE, city=CITY)


def _sentences(result, language: str) -> dict[str, str]:
    with translation.override(language):
        return {factor.name: factor_sentence(factor) for factor in result.factors}


def _english_in(sentences: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (name, word) for name, text in sentences.items() for word in ENGLISH if word in text.lower()
    ]


def test_every_factor_of_a_challenge_match_reads_in_french_and_spanish():
    best = rank_solutions_for_challenge(CHALLENGE, CATALOGUE)[0]

    french, spanish = _sentences(best, "fr"), _sentences(best, "es")

    assert french["coverage"] == "répond à Inondations, votre principal risque climatique (1,00)"
    assert french["evidence"] == (
        "déployée à grande échelle à Fortaleza et Recife, de taille similaire,"
        " dans le même pays, au même climat"
    )
    assert french["cobenefits"] == "co-bénéfices : Santé publique (+1)"
    assert french["lexical"] == "mentionne flood, warning, drainage"
    assert spanish["coverage"] == "responde a Inundaciones, su mayor riesgo climático (1,00)"
    assert spanish["cobenefits"] == "cobeneficios: Salud pública (+1)"
    assert _english_in(french) == [] and _english_in(spanish) == []


def test_the_english_sentences_stay_the_engines():
    best = rank_solutions_for_challenge(CHALLENGE, CATALOGUE)[0]

    shown = _sentences(best, "en")

    assert (
        shown["coverage"]
        == best.factors[0].text
        == ("addresses Floods, your highest climate risk (1.00)")
    )
    assert shown["evidence"] == (
        "scaled up in Fortaleza and Recife, similar in size, in the same country,"
        " with the same climate"
    )


def test_a_providers_view_of_a_city_and_a_second_need_read_in_french():
    with translation.override("fr"):
        first = reason_text(
            Reason(
                "addresses",
                {
                    "subject": "Capteurs",
                    "need": "Transportation",
                    "facet": "emission_sector",
                    "highest": True,
                    "viewer": "provider",
                    "weight": 0.4,
                },
            )
        )
        second = reason_text(Reason("also", {"need": "Floods", "facet": "category", "weight": 0.5}))
        waiting = reason_text(
            Reason(
                "implemented_in", {"status": "pilot", "cities": ["Recife"], "more": 3, "traits": []}
            )
        )

    assert first == "Capteurs répond à Transports, sa principale source d'émissions (0,40)"
    assert second == "aussi Inondations comme priorité (0,50)"
    assert waiting == "testée en pilote à Recife (et 3 autres villes)"


def test_peer_city_reasons_read_in_spanish():
    peer = NeedsProfile(
        "recife",
        "Recife",
        country="BR",
        continent="SA",
        population=1_650_000,
        biome="tropical_rainforest",
        items={("hazard", "floods"): 0.8},
    )
    used = SolutionDoc(
        "s",
        title="Sensores",
        addresses={("hazard", "floods"): 1.0},
        implementations=(replace(RECIFE, city_id="recife"),),
    )

    (result,) = rank_peer_cities(CITY, [peer], [used])
    shown = _sentences(result, "es")

    assert shown["solved"] == "resolvió Inundaciones con Sensores"
    assert shown["similarity"] == "de tamaño similar, en el mismo país, con el mismo clima"
    assert shown["shared_needs"] == "comparte sus necesidades: Inundaciones"
    assert _english_in(shown) == []


def test_every_reason_key_has_a_wording_in_the_interface_language():
    from cityhive.matching.engine.reasons import FIXED, WORDED
    from cityhive.matching.wording import REASON_FIXED, REASON_WORDED

    assert set(REASON_FIXED) == set(FIXED)
    assert set(REASON_WORDED) == set(WORDED)
    assert english(Reason("no_words")) == "no words in common"
    with translation.override("pt"):
        assert reason_text(Reason("no_words")) != "no words in common"


@pytest.fixture
def scene(world):
    flood = solution_services.solution_create(
        actor=world.manager,
        provider=world.org_b,
        publish=True,
        fields={
            "title": "Flood early warning",
            "summary": "Warnings before rivers flood",
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 0.9}],
            "cobenefits": {"public_health": 2},
        },
    )
    challenge = challenge_services.challenge_create(
        actor=world.member_a,
        city=world.org_a,
        fields={
            "title": "Warn residents of floods",
            "description": "Floods every year.",
            "status": "open",
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
        },
    )
    return {"flood": flood, "challenge": challenge}


@pytest.mark.django_db
def test_the_matches_page_reads_in_french(client, scene):
    response = client.get(
        f"/challenges/{scene['challenge'].pk}/matches/", HTTP_ACCEPT_LANGUAGE="fr"
    )

    page = response.content.decode()
    assert "co-bénéfices : Santé publique (+2)" in page
    assert "votre principal" in page or "répond à" in page
    assert "co-benefits" not in page and "your highest" not in page


@pytest.mark.django_db
def test_the_api_reasons_follow_accept_language(api, world, scene):
    path = f"/api/v1/challenges/{scene['challenge'].pk}/matches"

    spanish = api("GET", path, user=world.member_a, HTTP_ACCEPT_LANGUAGE="es").json()
    english_body = api("GET", path, user=world.member_a).json()

    texts = {r["factor"]: r["text"] for r in spanish["results"][0]["reasons"]}
    assert texts["cobenefits"] == "cobeneficios: Salud pública (+2)"
    assert not [t for t in texts.values() if "co-benefits" in t or "addresses" in t]
    english_texts = {r["factor"]: r["text"] for r in english_body["results"][0]["reasons"]}
    assert english_texts["cobenefits"] == "co-benefits: Public health (+2)"
    assert [r["factor"] for r in spanish["results"][0]["reasons"]] == list(english_texts)
