"""Writes for organisations, memberships and invitations; each checks the actor's permission."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext

from cityhive.core.errors import Conflict, NotFound, ValidationFailed
from cityhive.core.links import site_url_of
from cityhive.core.locking import row_for_update
from cityhive.core.permissions import require
from cityhive.core.storable import instance_storable_require, storable_check
from cityhive.core.uploads import image_check, stored_name
from cityhive.directory.bulk import organisation_slug_new
from cityhive.directory.errors import DirectoryErrorCode
from cityhive.directory.models import (
    Invitation,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
)
from cityhive.directory.permissions import forget_organisation_roles
from cityhive.directory.tasks import invitation_email_send
from cityhive.places.models import Place

EDITABLE_FIELDS = (
    "name",
    "country",
    "region",
    "website",
    "description",
    "languages",
    "population",
    "area_km2",
    "context",
)


def _full_clean(organisation: Organisation) -> None:
    try:
        organisation.full_clean(exclude=["slug", "logo"])
    except ValidationError as error:
        raise ValidationFailed.from_django(error) from error
    instance_storable_require(organisation)


def _apply_place(organisation: Organisation, geonames_id: int | None) -> None:
    """Link a city to its GeoNames place, taking country and population from it."""
    if geonames_id is None:
        organisation.place = None
        return
    place = Place.objects.filter(pk=geonames_id).first()
    if place is None:
        raise ValidationFailed(
            {"place": [gettext("No GeoNames city has id %(id)s.") % {"id": geonames_id}]}
        )
    organisation.place = place
    organisation.country = organisation.country or place.country
    organisation.population = organisation.population or place.population


def organisation_create(
    *, actor, kind: str, name: str, geonames_id: int | None = None, is_demo: bool = False, **fields
) -> Organisation:
    """Create an organisation; its creator becomes its first admin."""
    require(actor, "directory.add_organisation")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed({field: [gettext("Unknown field.")] for field in sorted(unknown)})
    organisation = Organisation(kind=kind, name=name.strip(), is_demo=is_demo, **fields)
    if kind == OrganisationKind.CITY:
        _apply_place(organisation, geonames_id)
    _full_clean(organisation)
    with transaction.atomic():
        organisation.slug = organisation_slug_new(organisation.name)
        organisation.save()
        Membership.objects.create(user=actor, organisation=organisation, role=MembershipRole.ADMIN)
    forget_organisation_roles(actor)
    return organisation


def organisation_update(
    *, actor, organisation: Organisation, version: int, geonames_id: int | None = None, **changes
) -> Organisation:
    """Change an organisation's profile; refuses a stale `version` instead of overwriting."""
    require(actor, "directory.change_organisation", organisation)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            {field: [gettext("This field cannot be changed.")] for field in sorted(unknown)}
        )
    with transaction.atomic():
        current = row_for_update(
            Organisation,
            pk=organisation.pk,
            version=version,
            what=gettext("profile"),
            code=DirectoryErrorCode.STALE_VERSION,
        )
        for field, value in changes.items():
            setattr(current, field, value)
        if current.kind == OrganisationKind.CITY and geonames_id is not None:
            _apply_place(current, geonames_id)
        _full_clean(current)
        current.version += 1
        current.save()
    return current


def organisation_set_logo(*, actor, organisation: Organisation, upload) -> Organisation:
    """Replace the logo with an uploaded image, checked by content and size."""
    require(actor, "directory.change_organisation", organisation)
    checked = image_check(upload, field="logo", max_bytes=settings.LOGO_MAX_BYTES)
    old = organisation.logo.name if organisation.logo else ""
    with transaction.atomic():
        organisation.logo.save(stored_name(checked.extension), upload, save=False)
        organisation.version += 1
        organisation.save(update_fields=["logo", "version", "updated_at"])
        if old:
            storage = organisation.logo.storage
            transaction.on_commit(lambda: storage.delete(old))
    return organisation


def organisation_verify(*, actor, organisation: Organisation, verified: bool) -> Organisation:
    """Set or clear the verified badge (programme managers only)."""
    require(actor, "directory.verify_organisation", organisation)
    organisation.is_verified = verified
    organisation.verified_at = timezone.now() if verified else None
    organisation.verified_by = actor if verified else None
    organisation.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
    return organisation


def _invitation_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    accept_url: str


def invitation_create(
    *,
    actor,
    organisation: Organisation,
    email: str,
    role: str = MembershipRole.MEMBER,
    site_url: str | None = None,
) -> SentInvitation:
    """Invite someone by email to join the organisation; the email goes out after commit.

    `site_url` is the address the link points to (core.links.site_url_of the request).
    """
    require(actor, "directory.manage_members", organisation)
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [gettext("Enter a valid email address.")]
    storable_check(Invitation, {"email": email}, errors=errors)
    if role not in MembershipRole.values:
        errors["role"] = [_role_choice_message()]
    if errors:
        raise ValidationFailed(errors)
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise Conflict(f"{email} is already a member.", code=DirectoryErrorCode.ALREADY_MEMBER)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token_hash=_invitation_hash(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        accept_url = (site_url or site_url_of()) + reverse("invitation_accept", args=[token])
        language = get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(
            lambda: invitation_email_send.enqueue(
                invitation_id=invitation.pk, accept_url=accept_url, language=language
            )
        )
    return SentInvitation(invitation=invitation, accept_url=accept_url)


def invitation_find(*, token: str) -> Invitation:
    """The pending invitation a link's token names."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=_invitation_hash(token))
        .first()
    )
    if invitation is None or not invitation.is_pending:
        raise NotFound(
            gettext(
                "This invitation is not valid: it may have expired, been used or been withdrawn."
            ),
            code=DirectoryErrorCode.INVITATION_INVALID,
        )
    return invitation


def invitation_accept(*, actor, token: str) -> Membership:
    """Join the organisation as the invited member; the actor's verified email must match."""
    from allauth.account.models import EmailAddress

    require(actor, "directory.add_organisation")
    invitation = invitation_find(token=token)
    if not EmailAddress.objects.filter(
        user=actor, email__iexact=invitation.email, verified=True
    ).exists():
        raise ValidationFailed(
            {
                "email": [
                    gettext("This invitation is for %(email)s: sign in with that address.")
                    % {"email": invitation.email}
                ]
            }
        )
    with transaction.atomic():
        try:
            membership, _ = Membership.objects.get_or_create(
                user=actor, organisation=invitation.organisation, defaults={"role": invitation.role}
            )
        except IntegrityError as error:
            raise Conflict(
                gettext("You are already a member."), code=DirectoryErrorCode.ALREADY_MEMBER
            ) from error
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    forget_organisation_roles(actor)
    return membership


def invitation_revoke(*, actor, organisation: Organisation, invitation_id: int) -> Invitation:
    """Withdraw a pending invitation."""
    require(actor, "directory.manage_members", organisation)
    invitation = organisation.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound(code=DirectoryErrorCode.INVITATION_INVALID)
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation


def _membership_for_change(actor, organisation: Organisation, membership_id: int) -> Membership:
    membership = organisation.memberships.select_related("user").filter(pk=membership_id).first()
    if membership is None:
        raise NotFound()
    is_self = membership.user_id == actor.pk
    if not is_self:
        require(actor, "directory.manage_members", organisation)
    return membership


def _ensure_another_admin(membership: Membership) -> None:
    others = membership.organisation.memberships.filter(role=MembershipRole.ADMIN).exclude(
        pk=membership.pk
    )
    if membership.role == MembershipRole.ADMIN and not others.exists():
        raise Conflict(
            gettext("An organisation needs at least one admin: make someone else admin first."),
            code=DirectoryErrorCode.LAST_ADMIN,
        )


def membership_change_role(
    *, actor, organisation: Organisation, membership_id: int, role: str
) -> Membership:
    """Make a member an admin or an admin a member (an organisation keeps at least one admin)."""
    require(actor, "directory.manage_members", organisation)
    if role not in MembershipRole.values:
        raise ValidationFailed({"role": [_role_choice_message()]})
    with transaction.atomic():
        membership = _membership_for_change(actor, organisation, membership_id)
        if role != MembershipRole.ADMIN:
            _ensure_another_admin(membership)
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    forget_organisation_roles(actor)
    return membership


def membership_remove(*, actor, organisation: Organisation, membership_id: int) -> None:
    """Remove a member (admins), or leave the organisation (anyone, for themselves)."""
    require(actor, "directory.view_members", organisation)
    with transaction.atomic():
        membership = _membership_for_change(actor, organisation, membership_id)
        _ensure_another_admin(membership)
        membership.delete()
    forget_organisation_roles(actor)


def _role_choice_message() -> str:
    return gettext("Choose one of: %(roles)s.") % {"roles": ", ".join(MembershipRole.values)}
