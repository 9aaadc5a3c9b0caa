"""Checking uploaded files by their content (never by their name) and serving them safely."""

import uuid
from dataclasses import dataclass

from django.http import FileResponse
from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

from cityhive.core.errors import ValidationFailed

IMAGE_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
MAX_IMAGE_SIDE = 4096
PDF = ("pdf", "application/pdf")
CONTENT_TYPES = {
    extension: content_type for extension, content_type in [*IMAGE_FORMATS.values(), PDF]
}


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str


def _check_size(upload, *, field: str, max_bytes: int) -> None:
    if upload.size > max_bytes:
        raise ValidationFailed(
            {field: [gettext("The file is larger than %(size)s KB.") % {"size": max_bytes // 1024}]}
        )


def document_check(upload, *, field: str, max_bytes: int) -> CheckedFile:
    """Accept a PDF (by its leading bytes) or an image, no larger than `max_bytes`."""
    _check_size(upload, field=field, max_bytes=max_bytes)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return CheckedFile(extension=PDF[0], content_type=PDF[1])
    try:
        return image_check(upload, field=field, max_bytes=max_bytes)
    except ValidationFailed as error:
        raise ValidationFailed(
            {field: [gettext("The file is not a PDF, PNG, JPEG or WebP file.")]}
        ) from error


def image_check(upload, *, field: str, max_bytes: int) -> CheckedFile:
    """Accept a PNG, JPEG or WebP image no larger than `max_bytes`, judged by its content."""
    _check_size(upload, field=field, max_bytes=max_bytes)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise ValidationFailed(
            {field: [gettext("The file is not a PNG, JPEG or WebP image.")]}
        ) from error
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationFailed({field: [gettext("The file is not a PNG, JPEG or WebP image.")]})
    if max(width, height) > MAX_IMAGE_SIDE:
        raise ValidationFailed(
            {
                field: [
                    gettext("Images may be at most %(pixels)s pixels wide.")
                    % {"pixels": MAX_IMAGE_SIDE}
                ]
            }
        )
    extension, content_type = IMAGE_FORMATS[image_format]
    return CheckedFile(extension=extension, content_type=content_type)


def stored_name(extension: str) -> str:
    """A random file name, so an upload never chooses its own path."""
    return f"{uuid.uuid4().hex}.{extension}"


def file_response(field_file, *, filename: str) -> FileResponse:
    """Stream a stored upload with a fixed type, a download name and no sniffing or scripts."""
    extension = field_file.name.rsplit(".", 1)[-1].lower()
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    disposition = "inline" if content_type.startswith("image/") else "attachment"
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response
