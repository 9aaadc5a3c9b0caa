"""Confidential documents: uploaded and read by the city and active consortium members only,
checked by content, served with access checked on every request; a withdrawn member's people
lose them at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cityhive.accounts.tests.sessions import sign_in
from cityhive.core.errors import Forbidden, NotFound, ValidationFailed
from cityhive.projects import consortium, documents
from cityhive.projects.models import MemberStatus, ProjectDocument
from cityhive.projects.tests.factories import (
    ConsortiumMemberFactory,
    ProjectDocumentFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 feasibility study"


def _pdf(name: str = "study.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _project_with_b(world, status=MemberStatus.ACTIVE):
    project = ProjectFactory(city=world.org_a, visibility="public")
    member = ConsortiumMemberFactory(project=project, organisation=world.org_b, status=status)
    return project, member


def test_an_active_member_uploads_and_the_city_reads_it(world):
    project, _member = _project_with_b(world)

    document = documents.document_upload(
        actor=world.member_b, project=project, upload=_pdf(), title=" Site survey "
    )

    listed = documents.document_list_for(actor=world.member_a, project=project)
    assert [(d.title, d.organisation, d.uploaded_by) for d in listed] == [
        ("Site survey", world.org_b, world.member_b)
    ]
    assert (document.content_type, document.size) == ("application/pdf", len(PDF))
    assert document.file.name.startswith("projects/documents/")
    assert "study" not in document.file.name  # a random name, never the upload's


def test_a_file_that_is_not_a_pdf_or_image_is_refused_and_nothing_stored(world):
    project = ProjectFactory(city=world.org_a)

    with pytest.raises(ValidationFailed) as refused:
        documents.document_upload(
            actor=world.member_a,
            project=project,
            upload=_pdf("plan.pdf", b"<script>alert(1)</script>"),
        )

    assert refused.value.field_errors == {
        "file": ["The file is not a PDF, PNG, JPEG or WebP file."]
    }
    assert ProjectDocument.objects.count() == 0


def test_an_invited_member_and_a_public_reader_see_no_documents(world):
    project, _invited = _project_with_b(world, status=MemberStatus.INVITED)
    document = ProjectDocumentFactory(project=project)

    with pytest.raises(Forbidden):
        documents.document_list_for(actor=world.member_b, project=project)
    with pytest.raises(NotFound):
        documents.document_get_visible_to(actor=world.member_b, document_id=document.pk)
    with pytest.raises(NotFound):
        documents.document_get_visible_to(actor=world.outsider, document_id=document.pk)
    with pytest.raises(Forbidden):
        documents.document_upload(actor=world.member_b, project=project, upload=_pdf())
    assert ProjectDocument.objects.count() == 1


def test_a_withdrawn_member_loses_the_documents_at_once(client, world):
    project, member = _project_with_b(world)
    document = ProjectDocumentFactory(project=project, title="Term sheet")
    sign_in(client, world.member_b)
    before = client.get(f"/projects/documents/{document.pk}/")

    consortium.member_withdraw(actor=world.admin_a, member=member)
    after = client.get(f"/projects/documents/{document.pk}/")
    listing = client.get(f"/projects/{project.pk}/documents/")

    assert before.status_code == 200
    assert b"".join(before.streaming_content) == b"%PDF-1.4 feasibility"
    assert before["Cache-Control"] == "private, no-store"
    assert before["Content-Disposition"] == (
        f'attachment; filename="project-document-{document.pk}.pdf"'
    )
    assert (after.status_code, listing.status_code) == (404, 403)


def test_the_documents_page_uploads_and_lists(client, world, django_assert_max_num_queries):
    project = ProjectFactory(city=world.org_a)
    ProjectDocumentFactory.create_batch(3, project=project, organisation=world.org_a)
    sign_in(client, world.member_a)
    url = f"/projects/{project.pk}/documents/"

    uploaded = client.post(url, {"title": "Tariff model", "file": _pdf()})
    with django_assert_max_num_queries(12):
        page = client.get(url)

    assert uploaded.status_code == 302
    text = page.content.decode()
    assert text.count("/projects/documents/") == 8  # 4 downloads and 4 delete forms
    assert "Tariff model" in text


def test_the_uploading_company_removes_its_own_document_but_not_the_citys(world):
    project, _member = _project_with_b(world)
    own = ProjectDocumentFactory(project=project, organisation=world.org_b)
    citys = ProjectDocumentFactory(project=project, organisation=world.org_a)

    documents.document_remove(actor=world.member_b, document=own)
    with pytest.raises(Forbidden):
        documents.document_remove(actor=world.member_b, document=citys)

    assert list(ProjectDocument.objects.values_list("pk", flat=True)) == [citys.pk]


def test_the_api_refuses_a_withdrawn_members_token(api, world):
    project, member = _project_with_b(world)
    document = ProjectDocumentFactory(project=project)
    url = f"/api/v1/project-documents/{document.pk}"

    allowed = api("GET", url, user=world.member_b)
    consortium.member_withdraw(actor=world.admin_b, member=member)
    refused = api("GET", url, user=world.member_b)
    listing = api("GET", f"/api/v1/projects/{project.pk}/documents", user=world.member_b)

    assert (allowed.status_code, refused.status_code, listing.status_code) == (200, 404, 403)
    assert refused.json()["code"] == "project_document_not_found"


def test_the_api_uploads_and_lists_documents(api, world):
    project = ProjectFactory(city=world.org_a)
    ProjectDocumentFactory(project=project, title="Older", organisation=None)

    created = api(
        "POST",
        f"/api/v1/projects/{project.pk}/documents",
        user=world.member_a,
        data={"title": "Tariff model", "file": _pdf()},
    )
    listing = api("GET", f"/api/v1/projects/{project.pk}/documents", user=world.member_a)

    assert created.status_code == 201
    assert [(d["title"], d["organisation"], d["size"]) for d in listing.json()] == [
        ("Tariff model", "city-of-alpha", len(PDF)),
        ("Older", None, 20),
    ]
