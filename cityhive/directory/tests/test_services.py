import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cityhive.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from cityhive.directory import services
from cityhive.directory.models import Membership, MembershipRole, Organisation
from cityhive.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def png_upload(name="logo.png", size=(8, 8), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_creator_becomes_the_first_admin(world):
    organisation = services.organisation_create(
        actor=world.outsider, kind="company", name="  Gamma Energy ", country="FR", languages=["fr"]
    )
    assert organisation.name == "Gamma Energy"
    assert organisation.slug == "gamma-energy"
    assert list(organisation.memberships.values_list("user_id", "role")) == [
        (world.outsider.pk, MembershipRole.ADMIN)
    ]


def test_slugs_stay_unique(world):
    first = services.organisation_create(
        actor=world.outsider, kind="ngo", name="Same", country="FR"
    )
    second = services.organisation_create(
        actor=world.outsider, kind="ngo", name="Same", country="FR"
    )
    assert (first.slug, second.slug) == ("same", "same-2")


def test_a_city_takes_its_country_and_population_from_geonames(world):
    place = PlaceFactory(name="Recife", country="BR", population=1_478_098)
    city = services.organisation_create(
        actor=world.outsider, kind="city", name="Prefeitura do Recife", geonames_id=place.pk
    )
    assert (city.place_id, city.country.code, city.population) == (place.pk, "BR", 1_478_098)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "city", "name": "No place", "country": "BR"}, "place"),
        ({"kind": "company", "name": "No country"}, "country"),
        (
            {"kind": "company", "name": "Bad langs", "country": "DE", "languages": ["xx"]},
            "languages",
        ),
        ({"kind": "spaceship", "name": "Bad kind", "country": "DE"}, "kind"),
        ({"kind": "company", "name": "", "country": "DE"}, "name"),
        ({"kind": "company", "name": "Web", "country": "DE", "website": "not a url"}, "website"),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(world, fields, field):
    before = Organisation.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        services.organisation_create(actor=world.outsider, **fields)
    assert field in caught.value.field_errors
    assert Organisation.objects.count() == before


def test_a_member_who_is_not_admin_cannot_edit(world):
    with pytest.raises(Forbidden):
        services.organisation_update(
            actor=world.member_a, organisation=world.org_a, version=1, name="Hijacked"
        )
    world.org_a.refresh_from_db()
    assert (world.org_a.name, world.org_a.version) == ("City of Alpha", 1)


def test_a_stale_edit_is_refused_and_keeps_the_newer_one(world):
    services.organisation_update(
        actor=world.admin_a, organisation=world.org_a, version=1, description="First"
    )
    with pytest.raises(Conflict):
        services.organisation_update(
            actor=world.admin_a, organisation=world.org_a, version=1, description="Second"
        )
    world.org_a.refresh_from_db()
    assert (world.org_a.description, world.org_a.version) == ("First", 2)


def test_only_programme_managers_verify(world):
    with pytest.raises(Forbidden):
        services.organisation_verify(actor=world.admin_a, organisation=world.org_a, verified=True)
    assert Organisation.objects.get(pk=world.org_a.pk).is_verified is False
    services.organisation_verify(actor=world.manager, organisation=world.org_a, verified=True)
    world.org_a.refresh_from_db()
    assert (world.org_a.is_verified, world.org_a.verified_by) == (True, world.manager)


def test_logo_is_checked_by_content(world):
    services.organisation_set_logo(
        actor=world.admin_a, organisation=world.org_a, upload=png_upload()
    )
    world.org_a.refresh_from_db()
    assert world.org_a.logo.name.startswith("logos/") and world.org_a.logo.name.endswith(".png")


def test_a_script_named_png_is_rejected(world):
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationFailed) as caught:
        services.organisation_set_logo(actor=world.admin_a, organisation=world.org_a, upload=fake)
    assert caught.value.field_errors == {"logo": ["The file is not a PNG, JPEG or WebP image."]}
    world.org_a.refresh_from_db()
    assert world.org_a.logo.name == ""


def test_an_oversized_logo_is_rejected(world, settings):
    settings.LOGO_MAX_BYTES = 100
    with pytest.raises(ValidationFailed) as caught:
        services.organisation_set_logo(
            actor=world.admin_a, organisation=world.org_a, upload=png_upload(size=(400, 400))
        )
    assert list(caught.value.field_errors) == ["logo"]


def test_an_invitation_is_mailed_and_accepted(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invitation_create(
            actor=world.admin_a, organisation=world.org_a, email=world.outsider.email.upper()
        )
    assert [m.to for m in mail.outbox] == [[world.outsider.email]]
    assert sent.accept_url in mail.outbox[0].body
    token = sent.accept_url.rstrip("/").rsplit("/", 1)[-1]
    membership = services.invitation_accept(actor=world.outsider, token=token)
    assert (membership.organisation, membership.role) == (world.org_a, MembershipRole.MEMBER)
    with pytest.raises(NotFound):
        services.invitation_accept(actor=world.outsider, token=token)


def test_an_invitation_is_only_for_its_address(world):
    sent = services.invitation_create(
        actor=world.admin_a, organisation=world.org_a, email="someone.else@example.org"
    )
    token = sent.accept_url.rstrip("/").rsplit("/", 1)[-1]
    with pytest.raises(ValidationFailed):
        services.invitation_accept(actor=world.outsider, token=token)
    assert not Membership.objects.filter(user=world.outsider).exists()


def test_members_cannot_invite(world):
    with pytest.raises(Forbidden):
        services.invitation_create(actor=world.member_a, organisation=world.org_a, email="x@y.org")
    assert world.org_a.invitations.count() == 0


def test_inviting_a_member_again_is_a_conflict(world):
    with pytest.raises(Conflict):
        services.invitation_create(
            actor=world.admin_a, organisation=world.org_a, email=world.member_a.email
        )


def test_the_last_admin_cannot_step_down_or_leave(world):
    admin_membership = Membership.objects.get(user=world.admin_a, organisation=world.org_a)
    with pytest.raises(Conflict):
        services.membership_change_role(
            actor=world.admin_a,
            organisation=world.org_a,
            membership_id=admin_membership.pk,
            role="member",
        )
    with pytest.raises(Conflict):
        services.membership_remove(
            actor=world.admin_a, organisation=world.org_a, membership_id=admin_membership.pk
        )
    assert Membership.objects.get(pk=admin_membership.pk).role == MembershipRole.ADMIN


def test_a_member_may_leave_but_not_remove_others(world):
    own = Membership.objects.get(user=world.member_a, organisation=world.org_a)
    admin = Membership.objects.get(user=world.admin_a, organisation=world.org_a)
    with pytest.raises(Forbidden):
        services.membership_remove(
            actor=world.member_a, organisation=world.org_a, membership_id=admin.pk
        )
    services.membership_remove(actor=world.member_a, organisation=world.org_a, membership_id=own.pk)
    assert sorted(world.org_a.memberships.values_list("user_id", flat=True)) == [world.admin_a.pk]


def test_the_invitation_email_task_skips_a_withdrawn_invitation(
    world, django_capture_on_commit_callbacks
):
    from cityhive.directory.tasks import invitation_email_send

    sent = services.invitation_create(
        actor=world.admin_a, organisation=world.org_a, email="x@y.org"
    )
    services.invitation_revoke(
        actor=world.admin_a, organisation=world.org_a, invitation_id=sent.invitation.pk
    )
    result = invitation_email_send.enqueue(
        invitation_id=sent.invitation.pk, accept_url=sent.accept_url
    )
    assert (result.return_value, mail.outbox) == (False, [])


def test_the_invitation_email_goes_out_once_when_the_task_runs_twice(world):
    from cityhive.directory.tasks import invitation_email_send

    sent = services.invitation_create(
        actor=world.admin_a, organisation=world.org_a, email="x@y.org"
    )
    first = invitation_email_send.enqueue(
        invitation_id=sent.invitation.pk, accept_url=sent.accept_url
    )
    again = invitation_email_send.enqueue(
        invitation_id=sent.invitation.pk, accept_url=sent.accept_url
    )
    sent.invitation.refresh_from_db()
    assert (first.return_value, again.return_value) == (True, False)
    assert [message.to for message in mail.outbox] == [["x@y.org"]]
    assert sent.invitation.emailed_at is not None
