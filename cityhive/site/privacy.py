"""What the platform holds about a member: the download of it, and the deletion of their account.

`HOLDINGS` lists every kind of record that names a member, with how it is exported and what
deleting the account does to it. Its models are named by label, so a new app only adds a line
here; site/tests/test_privacy.py fails for any relation to the user model that is not listed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from cityhive.accounts.errors import AccountErrorCode
from cityhive.accounts.models import User
from cityhive.core.errors import Conflict, Forbidden, ValidationFailed
from cityhive.directory.models import Membership, MembershipRole, Organisation
from cityhive.directory.selectors import invitation_list_addressed_to

EXPORT_FORMAT = "cityhive-personal-data"
EXPORT_VERSION = 1
# What an organisation keeps in place of a deleted member's address or name (RFC 2606 domain).
ERASED_EMAIL = "deleted-member@erased.invalid"
ERASED_NAME = "Deleted member"
DB_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


class Erasure(StrEnum):
    """What deleting an account does to one kind of record."""

    DELETE = "delete"  # the member's own record: removed
    UNLINK = "unlink"  # the organisation's record: kept, the link to the member cleared
    ANONYMISE = "anonymise"  # the organisation's record: kept, link and personal values replaced
    KEEP = "keep"  # the organisation's record about an address, not the account: kept as is


def _plain(value: Any) -> Any:
    """A value as JSON holds it: times in ISO 8601, decimals as text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass(frozen=True)
class Holding:
    """One kind of record that names a member: its export section and its fate on deletion."""

    section: str
    model: str  # app_label.ModelName
    link: str  # the field that points at the member; "" when the rows are found another way
    fields: dict[str, str]  # export key -> lookup
    erasure: Erasure
    anonymised: dict[str, Any] = field(default_factory=dict)
    find: Callable[[User], QuerySet] | None = None

    def rows(self, user: User) -> QuerySet:
        """The member's rows of this kind."""
        if self.find is not None:
            return self.find(user)
        return apps.get_model(self.model)._default_manager.filter(**{self.link: user})

    def export(self, user: User) -> list[dict[str, Any]]:
        """The member's rows as plain dicts, oldest first."""
        keys = list(self.fields)
        rows = self.rows(user).order_by("pk").values_list(*self.fields.values())
        return [dict(zip(keys, map(_plain, row), strict=True)) for row in rows]

    def erase(self, user: User) -> None:
        """Apply this holding's erasure to the member's rows."""
        rows = self.rows(user)
        if self.erasure == Erasure.DELETE:
            rows.delete()
        elif self.erasure in (Erasure.UNLINK, Erasure.ANONYMISE):
            values = dict(self.anonymised)
            if self.link:
                values[self.link] = None
            rows.update(**values)


class SignedInSessions(Holding):
    """Browser sessions: the user id sits inside the encoded session data, not in a column."""

    def _keys(self, user: User) -> list[tuple[str, datetime]]:
        if settings.SESSION_ENGINE not in DB_SESSION_ENGINES:
            return []  # cookie or cache sessions are not held in the database
        sessions = apps.get_model(self.model)._default_manager.order_by("expire_date")
        return [
            (session.session_key, session.expire_date)
            for session in sessions.iterator()
            if session.get_decoded().get(SESSION_KEY) == str(user.pk)
        ]

    def export(self, user: User) -> list[dict[str, Any]]:
        return [{"expires_at": _plain(expires)} for _, expires in self._keys(user)]

    def erase(self, user: User) -> None:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        for key, _ in self._keys(user):
            store(session_key=key).delete()  # also clears a cached_db session's cache entry


def _invitations_to_addresses(user: User) -> QuerySet:

    return invitation_list_addressed_to(actor=user)


def _admin_history_of_account(user: User) -> QuerySet:

    content_type = ContentType.objects.get_for_model(User)
    return LogEntry.objects.filter(content_type=content_type, object_id=str(user.pk))


def _as_is(*names: str) -> dict[str, str]:
    """Export keys for fields exported under their own names."""
    return {name: name for name in names}


def _own(section: str, model: str, fields: dict[str, str]) -> Holding:
    """Records that are the member's alone (linked by `user`): removed with the account."""
    return Holding(section, model, link="user", fields=fields, erasure=Erasure.DELETE)


def _unlinked(section: str, model: str, link: str, fields: dict[str, str]) -> Holding:
    """An organisation's records that name the member at `link`: kept, the link cleared."""
    return Holding(section, model, link=link, fields=fields, erasure=Erasure.UNLINK)


# Every invitation is exported with its organisation and role first.
INVITATION_FIELDS = {"organisation": "organisation__name", "role": "role"}

HOLDINGS: tuple[Holding, ...] = (
    _own("email_addresses", "account.EmailAddress", _as_is("email", "primary", "verified")),
    # The secrets of an authenticator app and of recovery codes are never exported.
    _own("authenticators", "mfa.Authenticator", _as_is("type", "created_at", "last_used_at")),
    _own(
        "api_tokens",
        "accounts.ApiToken",
        _as_is("name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"),
    ),
    _own(
        "memberships",
        "directory.Membership",
        {
            "organisation": "organisation__name",
            "organisation_slug": "organisation__slug",
            "role": "role",
            "since": "created_at",
        },
    ),
    # The invitee's address is theirs, not the sender's: it is left out of the sender's export.
    _unlinked(
        "invitations_sent",
        "directory.Invitation",
        "invited_by",
        {**INVITATION_FIELDS, "sent_at": "created_at", **_as_is("accepted_at", "revoked_at")},
    ),
    Holding(
        section="invitations_accepted",
        model="directory.Invitation",
        link="accepted_by",
        fields={**INVITATION_FIELDS, **_as_is("email", "accepted_at")},
        erasure=Erasure.ANONYMISE,
        anonymised={"email": ERASED_EMAIL},
    ),
    Holding(
        section="invitations_to_your_addresses",
        model="directory.Invitation",
        link="",
        fields={**INVITATION_FIELDS, **_as_is("email", "expires_at")},
        erasure=Erasure.KEEP,
        find=_invitations_to_addresses,
    ),
    _unlinked(
        "organisations_verified",
        "directory.Organisation",
        "verified_by",
        {"organisation": "name", **_as_is("slug", "verified_at")},
    ),
    _unlinked(
        "match_feedback",
        "matching.MatchFeedback",
        "actor",
        {"organisation": "organisation__name", **_as_is("signal", "created_at")},
    ),
    Holding(
        section="notifications",
        model="notifications.Notification",
        link="recipient",
        fields=_as_is("kind", "title", "body", "url", "created_at", "read_at"),
        erasure=Erasure.DELETE,
    ),
    _own(
        "notification_preferences",
        "notifications.NotificationPreference",
        _as_is("kind", "channel"),
    ),
    Holding(
        section="notification_emails",
        model="notifications.EmailDelivery",
        link="recipient",
        fields=_as_is("status", "attempts", "created_at", "sent_at"),
        erasure=Erasure.DELETE,
    ),
    # The contact log keeps what happened between organisations; who acted is erased.
    Holding(
        section="contacts_logged",
        model="audit.ContactLogEntry",
        link="actor",
        fields=_as_is("created_at", "action", "city_label", "company_label", "summary"),
        erasure=Erasure.ANONYMISE,
        anonymised={"actor_label": ERASED_EMAIL},
    ),
    Holding(
        section="security_events",
        model="audit.SecurityEvent",
        link="user",
        fields=_as_is("created_at", "event", "ip", "user_agent", "path"),
        erasure=Erasure.ANONYMISE,
        anonymised={"email": ERASED_EMAIL, "ip": None, "user_agent": ""},
    ),
    _unlinked(
        "implementations_confirmed",
        "solutions.Implementation",
        "confirmed_by",
        {"solution": "solution__title", "city": "city__name", **_as_is("year", "confirmed_at")},
    ),
    # A city's assessment and its history stay the city's; who submitted or changed it is unlinked.
    _unlinked(
        "assessments_submitted",
        "assessment.Assessment",
        "submitted_by",
        {"city": "city__name", **_as_is("year", "submitted_at")},
    ),
    _unlinked(
        "assessment_values_changed",
        "assessment.KpiValueChange",
        "changed_by",
        {
            "city": "assessment__city__name",
            "year": "assessment__year",
            "kpi": "kpi__code",
            **_as_is("before", "after", "changed_at"),
        },
    ),
    # Requests, messages and responses belong to the organisations; who wrote them is unlinked.
    _unlinked(
        "interests_sent",
        "engagement.Interest",
        "sender",
        {
            "from": "sender_organisation__name",
            "to": "recipient_organisation__name",
            **_as_is("subject_label", "candidate_label", "message", "status", "created_at"),
        },
    ),
    _unlinked(
        "interests_answered",
        "engagement.Interest",
        "answered_by",
        {
            "from": "sender_organisation__name",
            "to": "recipient_organisation__name",
            **_as_is("status", "answered_at", "decline_note"),
        },
    ),
    _own(
        "introduction_contacts",
        "engagement.IntroductionContact",
        {"organisation": "organisation__name", "since": "created_at"},
    ),
    _own(
        "conversations_joined",
        "engagement.Participant",
        {"organisation": "organisation__name", "since": "created_at"},
    ),
    _unlinked(
        "messages_written",
        "engagement.Message",
        "author",
        {"organisation": "organisation__name", **_as_is("body", "created_at")},
    ),
    _unlinked(
        "challenge_responses_written",
        "engagement.ChallengeResponse",
        "author",
        {
            "challenge": "challenge__title",
            "organisation": "company__name",
            **_as_is("approach", "status", "created_at"),
        },
    ),
    _unlinked(
        "challenge_responses_decided",
        "engagement.ChallengeResponse",
        "decided_by",
        {"challenge": "challenge__title", **_as_is("status", "decided_at", "decline_reason")},
    ),
    # A registration is the member's own (its meeting requests and meetings go with it); an
    # event a programme manager approved stays the organiser's.
    _own(
        "event_registrations",
        "events.Registration",
        {
            "event": "event__title",
            "organisation": "organisation__name",
            **_as_is("status", "offer", "seek", "checked_in_at", "created_at"),
        },
    ),
    _unlinked(
        "events_approved",
        "events.Event",
        "approved_by",
        {"event": "title", **_as_is("approved_at")},
    ),
    # Partnership applications are the company's: the member's part is named, then unlinked.
    *(
        _unlinked(
            f"partnership_applications_{section}",
            "partnership.Application",
            link,
            {"organisation": "organisation__name", "tier": "tier__name", **_as_is("status", at)},
        )
        for section, link, at in (
            ("started", "created_by", "created_at"),
            ("conduct_signed", "conduct_accepted_by", "conduct_accepted_at"),
            ("submitted", "submitted_by", "submitted_at"),
            ("decided", "decided_by", "decided_at"),
        )
    ),
    # Projects and what passes through them are the organisations': the member's part is named,
    # then unlinked.
    _unlinked("projects_started", "projects.Project", "created_by", {"project": "title"}),
    _unlinked(
        "project_gates_approved",
        "projects.GateApproval",
        "approved_by",
        {"project": "project__title", **_as_is("from_stage", "to_stage", "approved_at")},
    ),
    _unlinked(
        "project_results_confirmed",
        "projects.ProjectTarget",
        "confirmed_by",
        {"project": "project__title", **_as_is("kpi", "after", "confirmed_at")},
    ),
    _unlinked(
        "project_results_recorded",
        "projects.ProjectTarget",
        "recorded_by",
        {"project": "project__title", **_as_is("kpi", "after", "recorded_at")},
    ),
    _unlinked(
        "project_documents_uploaded",
        "projects.ProjectDocument",
        "uploaded_by",
        {"project": "project__title", **_as_is("title", "uploaded_at")},
    ),
    *(
        _unlinked(
            f"consortium_members_{section}",
            "projects.ConsortiumMember",
            link,
            {"project": "project__title", "organisation": "organisation__name", "role": "role"},
        )
        for section, link in (("invited", "invited_by"), ("answered", "answered_by"))
    ),
    _unlinked(
        "investment_opportunities_opened",
        "projects.InvestmentOpportunity",
        "opened_by",
        {"project": "project__title", **_as_is("created_at")},
    ),
    _unlinked(
        "investment_interests_sent",
        "projects.OpportunityInterest",
        "sent_by",
        {"project": "opportunity__project__title", "financier": "financier__name", "note": "note"},
    ),
    # A member's place in a group is theirs; the discussion stays the group's (who wrote a post
    # is unlinked, as with messages), and so do a convener's decisions and a manager's groups.
    _own(
        "group_memberships",
        "groups.GroupMembership",
        {
            "group": "group__title",
            "organisation": "organisation__name",
            **_as_is("role", "status", "note", "requested_at", "decided_at"),
        },
    ),
    _unlinked(
        "group_requests_decided",
        "groups.GroupMembership",
        "decided_by",
        {"group": "group__title", **_as_is("status", "decided_at")},
    ),
    _unlinked(
        "group_posts_written",
        "groups.Post",
        "author",
        {"group": "group__title", **_as_is("body", "created_at")},
    ),
    _unlinked("groups_created", "groups.Group", "created_by", {"group": "title"}),
    _own(
        "administration_changes_made",
        "admin.LogEntry",
        {
            "at": "action_time",
            "kind": "content_type__model",
            "object": "object_repr",
            "action": "action_flag",
            "change": "change_message",
        },
    ),
    # Who changed the account is left out: that is the programme manager's data.
    Holding(
        section="administration_changes_to_your_account",
        model="admin.LogEntry",
        link="",
        fields={"at": "action_time", "action": "action_flag", "change": "change_message"},
        erasure=Erasure.ANONYMISE,
        anonymised={"object_repr": ERASED_NAME},
        find=_admin_history_of_account,
    ),
    SignedInSessions(
        section="sessions",
        model="sessions.Session",
        link="",
        fields={},
        erasure=Erasure.DELETE,
    ),
)

# Every field of the user model is either exported or left out for a stated reason.
ACCOUNT_FIELDS = (
    "id",
    "email",
    "name",
    "preferred_language",
    "first_name",
    "last_name",
    "date_joined",
    "last_login",
    "is_active",
    "is_staff",
    "is_superuser",
)
ACCOUNT_FIELDS_LEFT_OUT = {"password": "a one-way hash, of no use to anyone but an attacker"}
ACCOUNT_RELATIONS = ("groups", "user_permissions")  # exported by name


def _account(user: User) -> dict[str, Any]:
    account = {name: _plain(getattr(user, name)) for name in ACCOUNT_FIELDS}
    account["groups"] = sorted(user.groups.values_list("name", flat=True))
    account["user_permissions"] = sorted(user.user_permissions.values_list("codename", flat=True))
    return account


def user_data_export(*, actor: User) -> dict[str, Any]:
    """Everything the platform holds about the actor, as JSON-ready values."""
    if not actor.is_authenticated:
        raise Forbidden()
    with transaction.atomic():
        data: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": _plain(timezone.now()),
            "account": _account(actor),
        }
        for holding in HOLDINGS:
            data[holding.section] = holding.export(actor)
    return data


def _organisations_needing_handover(user: User) -> list[str]:
    """Organisations the member alone administers while others still belong to them."""

    administered = Membership.objects.filter(user=user, role=MembershipRole.ADMIN)
    admin = Q(memberships__role=MembershipRole.ADMIN)
    # Locked so that two admins deleting their accounts at once cannot both pass.
    list(Membership.objects.select_for_update().filter(organisation__memberships__in=administered))
    organisations = (
        Organisation.objects.filter(pk__in=administered.values("organisation_id"))
        .annotate(admins=Count("memberships", filter=admin), members=Count("memberships"))
        .filter(admins=1, members__gt=1)
    )
    return sorted(organisations.values_list("name", flat=True))


def _ensure_deletable(user: User) -> None:
    if user.is_staff or user.is_superuser:
        raise Conflict(
            gettext(
                "Programme managers cannot delete their own account: ask another programme "
                "manager to take away your programme manager role first."
            ),
            code=AccountErrorCode.PROGRAMME_MANAGER_ACCOUNT,
        )
    blocking = _organisations_needing_handover(user)
    if blocking:
        raise Conflict(
            gettext(
                "You are the only admin of %(organisations)s. Make another member admin "
                "first (on the organisation's members page), then delete your account."
            )
            % {"organisations": ", ".join(blocking)},
            code=AccountErrorCode.LAST_ADMIN,
        )


def user_delete(*, actor: User, password: str) -> None:
    """Delete the actor's account: personal data erased, organisations keep their content."""
    if not actor.is_authenticated:
        raise Forbidden()
    if not password or not actor.check_password(password):
        raise ValidationFailed({"password": [gettext("That is not your current password.")]})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        _ensure_deletable(user)
        for holding in HOLDINGS:
            holding.erase(user)
        user.delete()  # also its groups and permissions
