"""A project's confidential documents over the API: for its city, its active consortium members
and programme managers, checked on every request."""

from datetime import datetime

from ninja import Field, File, Form, Schema, Status, UploadedFile

from cityhive.accounts.auth import token_auth
from cityhive.content.api import clean_text
from cityhive.core.api import Router, file_download_schema
from cityhive.core.uploads import CONTENT_TYPES
from cityhive.projects import documents, selectors

router = Router(auth=token_auth, tags=["projects"])
DOCUMENT_TYPES = sorted(set(CONTENT_TYPES.values()))


class DocumentIn(Schema):
    title: str = Field("", max_length=200, description="Empty: the file's name")


class DocumentOut(Schema):
    id: int
    title: str
    content_type: str
    size: int
    organisation: str | None = Field(None, alias="organisation.slug")
    uploaded_at: datetime


@router.get(
    "/projects/{project_id}/documents",
    response=list[DocumentOut],
    operation_id="project_document_list",
)
def document_list(request, project_id: int):
    """A project's confidential documents (its city and active consortium members)"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    return list(documents.document_list_for(actor=request.auth, project=project)[:500])


@router.post(
    "/projects/{project_id}/documents",
    response={201: DocumentOut},
    operation_id="project_document_upload",
    description="A PDF, PNG, JPEG or WebP file, judged by its content, at most 10 MB.",
)
def document_upload(request, project_id: int, payload: Form[DocumentIn], file: File[UploadedFile]):
    """Upload a confidential document (multipart/form-data: `title`, `file`)"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    document = documents.document_upload(
        actor=request.auth, project=project, upload=file, title=clean_text(payload.title)
    )
    return Status(201, document)


@router.get(
    "/project-documents/{document_id}",
    operation_id="project_document_get",
    description="Access is checked on every request: a withdrawn member's people get 404.",
    openapi_extra=file_download_schema(DOCUMENT_TYPES),
)
def document_get(request, document_id: int):
    """Download a confidential document of a project"""
    document = documents.document_get_visible_to(actor=request.auth, document_id=document_id)
    return documents.document_response(document)


@router.delete(
    "/project-documents/{document_id}", response={204: None}, operation_id="project_document_remove"
)
def document_remove(request, document_id: int):
    """Delete a document (the project's city, or the organisation that uploaded it)"""
    document = documents.document_get_visible_to(actor=request.auth, document_id=document_id)
    documents.document_remove(actor=request.auth, document=document)
    return Status(204, None)
