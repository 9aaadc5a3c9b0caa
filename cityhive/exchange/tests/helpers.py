"""Building exchange lines, importing them and exporting, for the exchange tests."""

import io
import json

from cityhive.challenges.models import Challenge, ChallengeTag, NeedItem
from cityhive.directory.models import Membership, Organisation
from cityhive.exchange.exporter import exchange_export
from cityhive.exchange.importer import exchange_import
from cityhive.exchange.models import OrganisationExtra
from cityhive.exchange.permissions import OPERATOR
from cityhive.exchange.records import TYPES
from cityhive.solutions.models import Implementation, Solution, SolutionTag

MODELS = (Organisation, Solution, SolutionTag, Implementation, Challenge, ChallengeTag, NeedItem)


def jsonl(*records: dict) -> bytes:
    """Records as a JSON Lines file."""
    return b"".join(json.dumps(record).encode() + b"\n" for record in records)


def run_import(data: bytes, *, actor=OPERATOR, demo: bool = False):
    """Import a file's bytes (as the command line unless an actor is given)."""
    return exchange_import(actor=actor, source=io.BytesIO(data), demo=demo)


def export(*, actor=OPERATOR, types=TYPES) -> bytes:
    return b"".join(exchange_export(actor=actor, types=types))


def row_counts() -> dict[str, int]:
    """Rows per model, to show an import wrote nothing."""
    return {model.__name__: model.objects.count() for model in MODELS}


def snapshot() -> list[tuple]:
    """Every exchange row's table, pk, updated_at and version, to show nothing changed."""
    rows = []
    for model in (Organisation, Solution, Implementation, Challenge, NeedItem):
        fields = ["pk", "updated_at"] + (["version"] if hasattr(model, "version") else [])
        rows += [(model.__name__, *values) for values in model.objects.values_list(*fields)]
    return sorted(rows, key=lambda row: (row[0], row[1]))


def wipe() -> None:
    """Delete every row an import writes (an empty platform, keeping places and taxonomy)."""
    for model in (Implementation, Challenge, NeedItem, Solution, OrganisationExtra, Membership):
        model.objects.all().delete()
    Organisation.objects.all().delete()


def organization(ident: str = "acme", **fields) -> dict:
    return {
        "type": "organization",
        "id": ident,
        "kind": "company",
        "name": "Acme Water",
        "country": "NL",
        **fields,
    }


def city(ident: str, geonames_id: int, **fields) -> dict:
    return organization(
        ident, kind="city", name=f"City {ident}", country="BR", geonames_id=geonames_id, **fields
    )


def solution(ident: str = "s1", provider: str = "acme", **fields) -> dict:
    return {
        "type": "solution",
        "id": ident,
        "provider": provider,
        "title": "Flood sensors",
        "summary": "Sensors that warn before rivers flood.",
        "addresses": [
            {"facet": "hazard", "value": "floods", "strength": 0.9},
            {"facet": "emission_sector", "value": "transportation", "strength": 0.2},
        ],
        "categories": ["environment/water"],
        "sdg_targets": ["11.5"],
        "kpis": ["EC: I: WS: 3C"],
        **fields,
    }


def implementation(ident: str, solution_id: str, city_id: str, **fields) -> dict:
    return {
        "type": "implementation",
        "id": ident,
        "solution": solution_id,
        "city": city_id,
        "year": 2024,
        "status": "deployed",
        **fields,
    }


def challenge(ident: str, city_id: str, **fields) -> dict:
    return {
        "type": "challenge",
        "id": ident,
        "city": city_id,
        "title": "Riverside floods",
        "description": "Our riverside districts flood every rainy season.",
        "visibility": "public",
        "status": "open",
        **fields,
    }


def needs(city_id: str, **fields) -> dict:
    items = [
        {"facet": "hazard", "value": "floods", "weight": 0.9, "source": "climate_risk"},
        {
            "facet": "emission_sector",
            "value": "waste",
            "weight": 0.4,
            "source": "emissions_inventory",
        },
    ]
    return {"type": "needs", "city": city_id, "items": items, **fields}
