"""Serving the files of conversations and responses: what only two organisations may read."""

from django.http import FileResponse

from cityhive.core.uploads import file_response


def attachment_response(attachment, *, name: str) -> FileResponse:
    """A stored attachment as a download that no shared cache keeps: access is checked on every
    request, so a member who left the organisation cannot fetch it again from a proxy."""
    response = file_response(attachment.file, filename=f"{name}-{attachment.pk}")
    response["Cache-Control"] = "private, no-store"
    return response
