"""The committed OpenAPI schema is the API's contract: a change to the API must update it."""

import json
from pathlib import Path

from cityhive.core.api import Router
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


def test_no_operation_is_summarised_by_its_function_name():
    """Every operation says what it does in its docstring (or names its summary)."""
    unsummarised = [
        operation.view_func.__name__
        for _, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
        if operation.summary == operation.view_func.__name__.title().replace("_", " ")
    ]
    assert unsummarised == []


def _operation(router: Router, view):
    router.get("/thing")(view)
    return router.path_operations["/thing"].operations[-1]


def test_a_docstring_gives_the_summary_and_its_body_the_description():
    def thing_get(request):
        """One thing, as its
        owner sees it

        Others see its public fields only.
        """

    operation = _operation(Router(), thing_get)
    assert operation.summary == "One thing, as its owner sees it"
    assert operation.description == "Others see its public fields only."


def test_a_one_line_docstring_gives_no_description():
    def thing_get(request):
        """One thing"""

    operation = _operation(Router(), thing_get)
    assert (operation.summary, operation.description) == ("One thing", None)


def test_a_named_summary_and_description_win_over_the_docstring():
    def thing_get(request):
        """One thing

        Its body.
        """

    router = Router()
    router.get("/thing", summary="Named", description="Described")(thing_get)
    operation = router.path_operations["/thing"].operations[-1]
    assert (operation.summary, operation.description) == ("Named", "Described")
