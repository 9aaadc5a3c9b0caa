import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cityhive.core.errors import Forbidden, ValidationFailed
from cityhive.solutions import services
from cityhive.solutions.models import SolutionFile
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue())


def test_a_pdf_and_an_image_are_attached(world):
    solution = SolutionFactory(provider=world.org_b)
    pdf = services.solution_file_add(
        actor=world.member_b,
        solution=solution,
        title="Brochure",
        kind="document",
        upload=SimpleUploadedFile("x.bin", b"%PDF-1.7\n..."),
    )
    image = services.solution_file_add(
        actor=world.member_b, solution=solution, title="Sensor", kind="image", upload=png()
    )
    assert (pdf.content_type, image.content_type) == ("application/pdf", "image/png")
    assert pdf.file.name.endswith(".pdf") and image.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("document", b"<html><script>alert(1)</script>"),
        ("image", b"%PDF-1.7"),
        ("document", b"MZ\x90\x00"),
    ],
)
def test_files_are_judged_by_content_not_name(world, kind, content):
    solution = SolutionFactory(provider=world.org_b)
    with pytest.raises(ValidationFailed) as caught:
        services.solution_file_add(
            actor=world.member_b,
            solution=solution,
            title="Bad",
            kind=kind,
            upload=SimpleUploadedFile("fine.pdf", content),
        )
    assert list(caught.value.field_errors) == ["file"]
    assert SolutionFile.objects.count() == 0


def test_too_large_files_are_refused(world, settings):
    settings.SOLUTION_FILE_MAX_BYTES = 10
    solution = SolutionFactory(provider=world.org_b)
    with pytest.raises(ValidationFailed):
        services.solution_file_add(
            actor=world.member_b,
            solution=solution,
            title="Big",
            kind="document",
            upload=SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 100),
        )
    assert SolutionFile.objects.count() == 0


def test_only_the_provider_attaches_and_removes(world):
    solution = SolutionFactory(provider=world.org_b)
    with pytest.raises(Forbidden):
        services.solution_file_add(
            actor=world.member_a, solution=solution, title="X", kind="image", upload=png()
        )
    attached = services.solution_file_add(
        actor=world.member_b, solution=solution, title="X", kind="image", upload=png()
    )
    with pytest.raises(Forbidden):
        services.solution_file_remove(actor=world.member_a, solution=solution, file_id=attached.pk)
    services.solution_file_remove(actor=world.member_b, solution=solution, file_id=attached.pk)
    assert SolutionFile.objects.count() == 0


def test_the_provider_attaches_in_the_browser_form_and_anyone_downloads_safely(client, world):
    solution = SolutionFactory(provider=world.org_b)
    client.force_login(world.member_b)
    response = client.post(
        f"/solutions/{solution.pk}/files/",
        {
            "title": "Brochure",
            "kind": "document",
            "file": SimpleUploadedFile("b.pdf", b"%PDF-1.4 x"),
        },
    )
    assert response.status_code == 302
    attached = SolutionFile.objects.get()
    client.logout()
    download = client.get(f"/solutions/{solution.pk}/files/{attached.pk}/")
    assert (download["Content-Type"], download["X-Content-Type-Options"]) == (
        "application/pdf",
        "nosniff",
    )
    assert (
        download["Content-Disposition"]
        == f'attachment; filename="solution-{solution.pk}-{attached.pk}.pdf"'
    )


def test_a_rejected_upload_shows_the_reason(client, world):
    solution = SolutionFactory(provider=world.org_b)
    client.force_login(world.member_b)
    response = client.post(
        f"/solutions/{solution.pk}/files/",
        {"title": "Fake", "kind": "image", "file": SimpleUploadedFile("a.png", b"not an image")},
    )
    assert response.status_code == 400
    assert b"not a PNG, JPEG or WebP image" in response.content
    assert SolutionFile.objects.count() == 0
