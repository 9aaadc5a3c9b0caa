"""Message attachments over the API: posted with a message as multipart, listed, downloaded with
the conversation's access checked on every request; a file breaking the upload rules refuses the
whole message and nothing is written."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cityhive.accounts.tests.sessions import sign_in
from cityhive.audit.models import ContactLogEntry
from cityhive.directory.models import Membership
from cityhive.engagement import selectors, services
from cityhive.engagement.models import Message, MessageAttachment


@pytest.fixture
def conversation(pair, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    subject, candidate = pair.items()
    interest = services.interest_create(
        actor=pair.company_member, subject=subject, candidate=candidate
    )
    services.interest_accept(actor=pair.city_member, interest=interest)
    return selectors.introduction_list_visible_to(actor=pair.city_member).get().conversation


def _pdf(name="offer.pdf", content=b"%PDF-1.4 offer"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _png(name="site.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _post(api, conversation, user, files, **fields):
    return api(
        "POST",
        f"/api/v1/engagement/conversations/{conversation.pk}/messages/with-attachments",
        user=user,
        data={"body": "Our offer and a photo.", **fields, "files": files},
    )


def _stored_files(tmp_path) -> list:
    return sorted(p.name for p in tmp_path.rglob("*") if p.is_file())


def test_files_are_posted_with_a_message_listed_and_downloaded(api, pair, conversation):
    posted = _post(
        api,
        conversation,
        pair.company_member,
        [_pdf(), _png()],
        titles=["Our offer", "The pilot site"],
    )
    message = Message.objects.get()
    first, second = MessageAttachment.objects.order_by("pk")

    listed = api(
        "GET",
        f"/api/v1/engagement/conversations/{conversation.pk}/attachments",
        user=pair.city_member,
    )
    download = api("GET", listed.json()[0]["download_url"], user=pair.city_member)

    assert posted.status_code == 201, posted.content
    assert [a["title"] for a in posted.json()["attachments"]] == ["Our offer", "The pilot site"]
    assert listed.json() == [
        {
            "id": first.pk,
            "title": "Our offer",
            "content_type": "application/pdf",
            "size": 14,
            "download_url": f"/api/v1/engagement/message-attachments/{first.pk}",
            "message_id": message.pk,
            "organisation_id": pair.company.pk,
            "created_at": listed.json()[0]["created_at"],
        },
        {
            "id": second.pk,
            "title": "The pilot site",
            "content_type": "image/png",
            "size": second.size,
            "download_url": f"/api/v1/engagement/message-attachments/{second.pk}",
            "message_id": message.pk,
            "organisation_id": pair.company.pk,
            "created_at": listed.json()[1]["created_at"],
        },
    ]
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 offer"
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        f'attachment; filename="message-attachment-{first.pk}.pdf"'
    )
    assert download["Cache-Control"] == "private, no-store"
    entry = ContactLogEntry.objects.filter(action="message_sent").get()
    assert entry.metadata["attachments"] == 2


def test_a_message_without_files_is_posted_through_the_multipart_operation_too(
    api, pair, conversation
):
    posted = _post(api, conversation, pair.city_member, [])

    assert posted.status_code == 201
    assert posted.json()["attachments"] == []


@pytest.mark.parametrize(
    ("files", "field", "detail"),
    [
        (
            [_pdf(), SimpleUploadedFile("notes.pdf", b"just text")],
            "files[1]",
            "The file is not a PDF, PNG, JPEG or WebP file.",
        ),
        ([_pdf(name=f"part{n}.pdf") for n in range(6)], "files", "Attach at most 5 files."),
        (
            [SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2048)],
            "files[0]",
            "The file is larger than 1 KB.",
        ),
    ],
    ids=["not-a-document", "too-many", "too-large"],
)
def test_a_bad_file_refuses_the_message_with_a_clear_problem_and_nothing_is_written(
    api, pair, conversation, settings, tmp_path, files, field, detail
):
    settings.SOLUTION_FILE_MAX_BYTES = 1024
    before = ContactLogEntry.objects.count()

    refused = _post(api, conversation, pair.company_member, files)

    assert refused.status_code == 422, refused.content
    assert refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert (problem["code"], problem["errors"]) == ("invalid", {field: [detail]})
    assert (Message.objects.count(), MessageAttachment.objects.count()) == (0, 0)
    assert ContactLogEntry.objects.count() == before
    assert _stored_files(tmp_path) == []


def test_a_non_participant_organisation_is_refused_everywhere(api, pair, conversation):
    services.message_post(
        actor=pair.company_member, conversation=conversation, body="Offer.", uploads=[_pdf()]
    )
    attachment = MessageAttachment.objects.get()

    posted = _post(api, conversation, pair.outsider, [_pdf()])
    listed = api(
        "GET",
        f"/api/v1/engagement/conversations/{conversation.pk}/attachments",
        user=pair.outsider,
    )
    download = api(
        "GET", f"/api/v1/engagement/message-attachments/{attachment.pk}", user=pair.outsider
    )
    anonymous = api("GET", f"/api/v1/engagement/message-attachments/{attachment.pk}")

    assert [r.status_code for r in (posted, listed, download, anonymous)] == [404, 404, 404, 401]
    assert download.json()["code"] == "conversation_not_found"
    assert Message.objects.count() == 1


def test_a_member_removed_from_the_organisation_is_refused_at_the_next_request(
    api, pair, conversation
):
    services.message_post(
        actor=pair.company_member, conversation=conversation, body="Offer.", uploads=[_pdf()]
    )
    attachment = MessageAttachment.objects.get()
    url = f"/api/v1/engagement/message-attachments/{attachment.pk}"
    allowed = api("GET", url, user=pair.city_member)

    Membership.objects.filter(user=pair.city_member, organisation=pair.city).delete()
    member = get_user_model().objects.get(pk=pair.city_member.pk)
    refused = api("GET", url, user=member)
    posted = _post(api, conversation, member, [_pdf()])

    assert (allowed.status_code, refused.status_code, posted.status_code) == (200, 404, 404)
    assert Message.objects.count() == 1


def test_the_page_s_download_is_not_kept_by_shared_caches_either(client, pair, conversation):
    services.message_post(
        actor=pair.company_member, conversation=conversation, body="Offer.", uploads=[_pdf()]
    )
    attachment = MessageAttachment.objects.get()
    sign_in(client, pair.city_member)

    download = client.get(reverse("message_attachment_download", args=[attachment.pk]))

    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
