"""A project's confidential documents: uploaded, listed and downloaded by the project's circle —
its city's members, the members of active consortium organisations — and programme managers.

The access is the policy `PROJECT_MEMBER` (`projects.view_project_confidential`), read on every
request: a withdrawn member's people lose the documents at once. A file is checked by its content
(`core.uploads.document_check`: a PDF or an image, as for solution files and message
attachments), stored under a random name outside any served folder, and only ever sent by the
download view after the check.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhive.core.errors import ValidationFailed
from cityhive.core.permissions import first_visible_to, require
from cityhive.core.storable import storable_check
from cityhive.core.uploads import document_check, file_response, stored_name
from cityhive.directory.models import Organisation
from cityhive.directory.permissions import organisation_roles
from cityhive.projects.errors import ProjectErrorCode
from cityhive.projects.models import ConsortiumMember, MemberStatus, Project, ProjectDocument
from cityhive.projects.services import user_or_none

SEE = "projects.view_project_confidential"


def document_list_for(*, actor, project: Project) -> QuerySet[ProjectDocument]:
    """The project's documents, newest first, for the actor (Forbidden outside the circle)."""
    require(actor, SEE, project)
    return project.documents.select_related("organisation", "uploaded_by")


def document_get_visible_to(*, actor, document_id: int) -> ProjectDocument:
    """One document of a project in the actor's circle; NotFound otherwise (also when hidden)."""
    document = ProjectDocument.objects.select_related("project").filter(pk=document_id).first()
    first_visible_to(
        Project.objects.filter(pk=getattr(document, "project_id", None)),
        actor=actor,
        permission=SEE,
        code=ProjectErrorCode.DOCUMENT_NOT_FOUND,
    )
    return document


def _uploader_organisation(actor, project: Project) -> Organisation | None:
    """The organisation the actor uploads for: the city, else their active member organisation."""
    own = organisation_roles(actor)
    if project.city_id in own:
        return project.city
    member = ConsortiumMember.objects.filter(
        project=project, status=MemberStatus.ACTIVE, organisation_id__in=list(own)
    ).first()
    return member.organisation if member else None


def document_upload(*, actor, project: Project, upload, title: str = "") -> ProjectDocument:
    """Store a confidential document of the project (a PDF or an image, checked by content)."""
    require(actor, SEE, project)
    title = (title or getattr(upload, "name", "") or "").strip()
    errors = storable_check(ProjectDocument, {"title": title})
    if not title:
        errors.setdefault("title", []).append(_("Give the document a title."))
    if errors:
        raise ValidationFailed(errors)
    kind = document_check(upload, field="file", max_bytes=settings.SOLUTION_FILE_MAX_BYTES)
    with transaction.atomic():
        document = ProjectDocument(
            project=project,
            title=title,
            content_type=kind.content_type,
            size=upload.size,
            organisation=_uploader_organisation(actor, project),
            uploaded_by=user_or_none(actor),
            uploaded_at=timezone.now(),
        )
        document.file.save(stored_name(kind.extension), upload, save=False)
        document.save()
    return document


def document_remove(*, actor, document: ProjectDocument) -> None:
    """Delete a document and its file: the project's city, or the organisation that uploaded it."""
    project = document.project
    require(actor, SEE, project)
    own = organisation_roles(actor)
    if not (project.city_id in own or document.organisation_id in own):
        require(actor, "projects.change_project", project)  # programme managers
    document.file.delete(save=False)
    document.delete()


def document_response(document: ProjectDocument) -> FileResponse:
    """The file as a download that no shared cache keeps: access is checked on every request,
    so a withdrawn member cannot fetch it again from a proxy or the browser's cache."""
    response = file_response(document.file, filename=f"project-document-{document.pk}")
    response["Cache-Control"] = "private, no-store"
    return response
