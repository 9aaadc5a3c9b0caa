"""The exchange format over the API: upload an import file, stream an export."""

import io
import json
import re
import tempfile

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from ninja import Field, Query, Schema

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.core.api import PROBLEM_CONTENT_TYPE, Router
from cityhive.core.errors import DomainError, ValidationFailed
from cityhive.exchange.errors import ImportInvalid
from cityhive.exchange.exporter import exchange_export, export_types_parse
from cityhive.exchange.importer import exchange_import
from cityhive.exchange.reader import Unreadable, json_document_parse
from cityhive.exchange.registry import all_types

router = Router(auth=token_auth, tags=["exchange"])
JSONL_CONTENT_TYPE = "application/x-ndjson"
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
CHUNK = 1 << 16


class TypeCountsOut(Schema):
    created: int
    updated: int
    unchanged: int


class ImportReportOut(Schema):
    lines: int
    counts: dict[str, TypeCountsOut]


class UploadTooLarge(DomainError):
    status = 413
    title = "Upload too large"


def _types_pattern() -> str:
    """Comma-separated type names (the API's router is built after every app registered)."""
    one = f"({'|'.join(all_types())})"
    return f"({one}(,{one})*)?"


class ExportQuery(Schema):
    types: str = Field(
        "",
        description="Comma-separated types to export, e.g. `organization,solution` (default: all).",
        json_schema_extra={
            "pattern": f"^{_types_pattern()}$"
        },  # documented; the selector words errors
    )


IMPORT_PROBLEM_SCHEMA = {
    "title": "ImportProblem",
    "type": "object",
    "required": ["type", "title", "status", "detail", "code", "errors"],
    "properties": {
        **{name: {"type": "string"} for name in ("type", "title", "detail")},
        "status": {"type": "integer"},
        "code": {"type": "string", "enum": ["import_invalid"]},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["line", "path", "message"],
                "properties": {
                    "line": {"type": "integer"},
                    "path": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}
IMPORT_PROBLEM = {
    "description": (
        "The file was refused and nothing was imported (`import_invalid`: every error, by "
        "line), or the request itself was invalid (e.g. no `file`)"
    ),
    "content": {
        PROBLEM_CONTENT_TYPE: {
            "schema": {"oneOf": [IMPORT_PROBLEM_SCHEMA, {"$ref": "#/components/schemas/Problem"}]}
        }
    },
}
IMPORT_BODY = {
    "description": (
        "The exchange file, as a multipart form field `file`, as a JSON Lines body "
        f"(`{JSONL_CONTENT_TYPE}`), or as a JSON object whose `lines` lists the objects "
        "(line N is the list's Nth object)."
    ),
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        JSONL_CONTENT_TYPE: {"schema": {"type": "string"}},
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"lines": {"type": "array", "items": {"type": "object"}}},
            }
        },
    },
}


@router.post(
    "/exchange/import",
    response={200: ImportReportOut},
    operation_id="exchange_import",
    openapi_extra={"requestBody": IMPORT_BODY, "responses": {400: IMPORT_PROBLEM}},
)
def exchange_import_upload(request: HttpRequest):
    """Import an exchange file, all-or-nothing (admins: their organisations' data)"""
    source = _upload(request)
    try:
        report = exchange_import(actor=request.auth, source=source)
    except ImportInvalid as invalid:
        return _invalid(request, invalid)
    finally:
        source.close()
    return report.as_dict()


@router.get(
    "/exchange/export",
    auth=public_auth,
    operation_id="exchange_export",
    openapi_extra={
        "responses": {
            200: {
                "description": "One exchange object per line, by type then id.",
                "content": {JSONL_CONTENT_TYPE: {"schema": {"type": "string"}}},
            }
        },
    },
)
def exchange_export_stream(request: HttpRequest, params: Query[ExportQuery]):
    """Export what you may see in the exchange format (JSON Lines, streamed)"""
    kinds = export_types_parse(params.types)  # unknown names are worded here
    if not re.fullmatch(_types_pattern(), params.types):  # the documented pattern
        raise ValidationFailed({"types": ["separate types by commas only: organization,solution"]})
    response = StreamingHttpResponse(
        exchange_export(actor=request.auth, types=kinds), content_type=JSONL_CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="cityhive-export.jsonl"'
    return response


def _upload(request: HttpRequest):
    """The uploaded file as a seekable binary stream."""
    content_type = request.content_type or ""
    if content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed({"file": ["is required: send the .jsonl file as `file`"]})
        if upload.size > MAX_UPLOAD_BYTES:
            raise UploadTooLarge(f"Upload at most {MAX_UPLOAD_BYTES // 2**20} MiB.")
        return upload
    if content_type == "application/json":
        return _json_lines(request.body)
    return _spooled(request)


def _json_lines(body: bytes) -> io.BytesIO:
    """A JSON body `{"lines": [...]}` as JSON Lines (line N is the Nth object)."""
    try:
        document = json_document_parse(body or b"{}")
    except Unreadable as error:
        raise ValidationFailed({"lines": [f"the body {error}"]}) from error
    lines = document.get("lines", [])
    if not isinstance(lines, list):
        raise ValidationFailed({"lines": ["must be a list of exchange objects"]})
    encoded = io.BytesIO()
    for value in lines:  # ASCII escapes keep unpaired surrogates for the line check to report
        encoded.write(json.dumps(value, separators=(",", ":")).encode() + b"\n")
    encoded.seek(0)
    return encoded


def _spooled(request: HttpRequest):
    copy = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller
    size = 0
    while chunk := request.read(CHUNK):
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            copy.close()
            raise UploadTooLarge(f"Upload at most {MAX_UPLOAD_BYTES // 2**20} MiB.")
        copy.write(chunk)
    copy.seek(0)
    return copy


def _invalid(request: HttpRequest, invalid: ImportInvalid) -> JsonResponse:
    body = {
        "type": f"https://cityhive.example/problems/{invalid.code}",
        "title": invalid.title,
        "status": invalid.status,
        "detail": invalid.message,
        "code": invalid.code,
        "instance": request.path,
        "errors": [error.as_dict() for error in invalid.errors],
    }
    return JsonResponse(body, status=invalid.status, content_type=PROBLEM_CONTENT_TYPE)
