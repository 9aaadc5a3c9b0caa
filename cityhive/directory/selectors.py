"""Reads of organisations, memberships and invitations, scoped to what the actor may see."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cityhive.core.permissions import first_visible_to, require
from cityhive.directory.errors import DirectoryErrorCode
from cityhive.directory.models import Invitation, Membership, Organisation, OrganisationKind


@dataclass(frozen=True)
class OrganisationFilters:
    query: str = ""
    kind: str = ""
    country: str = ""
    verified: bool | None = None


def organisation_list_visible_to(*, actor, filters: OrganisationFilters) -> QuerySet[Organisation]:
    """Organisation profiles (public) matching the directory's search and filters."""
    organisations = Organisation.objects.select_related("place")
    if filters.query:
        organisations = organisations.filter(
            Q(name__icontains=filters.query) | Q(description__icontains=filters.query)
        )
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.country:
        organisations = organisations.filter(country=filters.country.upper())
    if filters.verified is not None:
        organisations = organisations.filter(is_verified=filters.verified)
    return organisations.order_by("name", "pk")


def organisation_get_visible_to(*, actor, slug: str) -> Organisation:
    """One organisation profile by slug."""
    return first_visible_to(
        Organisation.objects.select_related("place").filter(slug=slug),
        actor=actor,
        permission="directory.view_organisation",
        code=DirectoryErrorCode.ORGANISATION_NOT_FOUND,
    )


def organisation_get_administered_by(*, actor, slug: str) -> Organisation:
    """One organisation whose profile, members and invitations the actor manages, or NotFound:
    the same answer as for a missing one."""
    return first_visible_to(
        Organisation.objects.select_related("place").filter(slug=slug),
        actor=actor,
        permission="directory.change_organisation",
        code=DirectoryErrorCode.ORGANISATION_NOT_FOUND,
    )


def membership_list_visible_to(*, actor, organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's members: only for its own members and programme managers."""
    require(actor, "directory.view_members", organisation)
    return organisation.memberships.select_related("user").order_by("user__email")


def invitation_list_visible_to(*, actor, organisation: Organisation) -> QuerySet[Invitation]:
    """The organisation's pending invitations: only for its admins and programme managers."""
    require(actor, "directory.manage_members", organisation)
    return organisation.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def membership_list_for(*, actor) -> QuerySet[Membership]:
    """The actor's own memberships, for the dashboard."""
    if not actor.is_authenticated:
        return Membership.objects.none()
    return actor.memberships.select_related("organisation").order_by("organisation__name")


def invitation_list_addressed_to(*, actor) -> QuerySet[Invitation]:
    """Pending invitations sent to one of the actor's verified email addresses."""
    if not actor.is_authenticated:
        return Invitation.objects.none()
    from allauth.account.models import EmailAddress

    emails = EmailAddress.objects.filter(user=actor, verified=True).values_list("email", flat=True)
    return Invitation.objects.select_related("organisation").filter(
        email__in=[email.lower() for email in emails],
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def organisation_counts() -> dict[str, int]:
    """Live counts for the home page: organisations by kind, and countries."""
    by_kind = dict(
        Organisation.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    counts = {kind: by_kind.get(kind, 0) for kind in OrganisationKind.values}
    counts["total"] = sum(by_kind.values())
    counts["countries"] = (
        Organisation.objects.exclude(country="").values("country").distinct().count()
    )
    return counts
