"""The committed OpenAPI schema is the API's contract: a change to the API must update it."""

import json
from pathlib import Path

from config.api import api

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def current_schema() -> str:
    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True) + "\n"


def test_the_committed_schema_matches_the_api():
    assert SNAPSHOT.read_text() == current_schema(), (
        "The API changed: review it, then update docs/openapi.json with `manage.py export_openapi`."
    )


def test_every_operation_has_an_id_and_a_summary():
    operations = [op for path in api.get_openapi_schema()["paths"].values() for op in path.values()]
    assert all(op.get("operationId") and op.get("summary") for op in operations)
