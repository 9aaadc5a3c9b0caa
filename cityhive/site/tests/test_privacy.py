"""Privacy rights: a member downloads what is held about them and deletes their account."""

from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone

from cityhive.accounts.errors import AccountErrorCode
from cityhive.accounts.models import ApiToken, User
from cityhive.accounts.services import api_token_authenticate, api_token_create
from cityhive.accounts.tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    ProgrammeManagerFactory,
    UserFactory,
)
from cityhive.audit.models import ContactLogEntry, SecurityEvent
from cityhive.audit.services import contact_record
from cityhive.challenges.models import Challenge
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.core.errors import Conflict, ValidationFailed
from cityhive.directory.models import Invitation, Membership, MembershipRole, Organisation
from cityhive.directory.tests.factories import (
    CityFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
)
from cityhive.events.models import Registration
from cityhive.events.tests.factories import RegistrationFactory
from cityhive.matching.feedback import match_feedback_record
from cityhive.matching.models import MatchFeedback
from cityhive.notifications.models import Notification, NotificationPreference
from cityhive.notifications.tests.factories import NotificationFactory
from cityhive.partnership.models import Application
from cityhive.partnership.tests.factories import ApplicationFactory, TierFactory
from cityhive.site.privacy import (
    ACCOUNT_FIELDS,
    ACCOUNT_FIELDS_LEFT_OUT,
    ACCOUNT_RELATIONS,
    ERASED_EMAIL,
    ERASED_NAME,
    HOLDINGS,
    user_data_export,
    user_delete,
)
from cityhive.solutions.models import Implementation, Solution
from cityhive.solutions.tests.factories import ImplementationFactory, SolutionFactory

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
AT_ISO = "2026-03-02T09:30:00+00:00"
LATER = datetime(2027, 3, 2, 9, 30, tzinfo=UTC)
LATER_ISO = "2027-03-02T09:30:00+00:00"


# --- coverage: every relation to the user model is in the registry -------------------------------


def _relations_to_user() -> list[str]:
    user_model = get_user_model()
    return sorted(
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.ManyToManyField)
        and field.related_model is user_model
    )


def _uncovered(holdings) -> list[str]:
    covered = {f"{holding.model}.{holding.link}" for holding in holdings if holding.link}
    return [relation for relation in _relations_to_user() if relation not in covered]


def test_every_model_linked_to_a_member_is_in_the_privacy_registry():
    # A new model (or field) pointing at the user model must say how it is exported and erased:
    # add a Holding to cityhive/site/privacy.py.
    assert _uncovered(HOLDINGS) == []


def test_the_coverage_check_names_a_relation_left_out():
    assert _uncovered(HOLDINGS[1:]) == ["account.EmailAddress.user"]


def test_every_field_of_the_user_model_is_exported_or_left_out_for_a_reason():
    fields = {
        field.name
        for field in User._meta.get_fields()
        if not field.auto_created or field.concrete
        if not (field.is_relation and field.auto_created)
    }
    classified = set(ACCOUNT_FIELDS) | set(ACCOUNT_FIELDS_LEFT_OUT) | set(ACCOUNT_RELATIONS)
    assert sorted(fields - classified) == []
    assert sorted(classified - fields) == []


def test_registry_rows_name_real_models_and_fields():
    for holding in HOLDINGS:
        model = apps.get_model(holding.model)
        if holding.link:
            assert model._meta.get_field(holding.link).related_model is User, holding.section
    assert len({holding.section for holding in HOLDINGS}) == len(HOLDINGS)


# --- a member with something of everything --------------------------------------------------------


def _at(model, pk, **values) -> None:
    model.objects.filter(pk=pk).update(**values)


@pytest.fixture
def ana():
    """Ana: admin of a city (with a second admin), member of a company, one of every record."""
    user = UserFactory(email="ana@example.org", name="Ana Costa")
    User.objects.filter(pk=user.pk).update(date_joined=AT)
    city = CityFactory(name="City of Alpha", slug="city-of-alpha")
    company = OrganisationFactory(name="Beta Solutions", slug="beta-solutions")
    mine = MembershipFactory(user=user, organisation=city, role=MembershipRole.ADMIN)
    MembershipFactory(organisation=city, role=MembershipRole.ADMIN)
    joined = MembershipFactory(user=user, organisation=company)
    for membership in (mine, joined):
        _at(Membership, membership.pk, created_at=AT)
    token = api_token_create(actor=user, name="nightly export", days=30)
    _at(ApiToken, token.token.pk, created_at=AT, expires_at=LATER)
    authenticator = TOTP.activate(user, TOTP_SECRET).instance
    _at(Authenticator, authenticator.pk, created_at=AT)
    sent = InvitationFactory(organisation=city, invited_by=user, email="bo@example.org")
    _at(Invitation, sent.pk, created_at=AT)
    accepted = InvitationFactory(
        organisation=company, email="ana@example.org", accepted_by=user, accepted_at=AT
    )
    verified = OrganisationFactory(name="Gamma Fund", slug="gamma-fund", is_verified=True)
    _at(Organisation, verified.pk, verified_by=user, verified_at=AT)
    solution = SolutionFactory(provider=company, title="Flood sensors")
    implementation = ImplementationFactory(solution=solution, city=city, year=2024)
    _at(Implementation, implementation.pk, confirmed_by=user, confirmed_at=AT)
    challenge = ChallengeFactory(city=city, title="Cooler streets")
    match_feedback_record(
        actor=user, organisation=city, subject=challenge, candidate=solution, signal="declined"
    )
    MatchFeedback.objects.update(created_at=AT)
    application = ApplicationFactory(
        organisation=company,
        tier=TierFactory(name="Partner"),
        status="submitted",
        created_by=user,
        conduct_accepted_by=user,
        submitted_by=user,
    )
    _at(Application, application.pk, created_at=AT, conduct_accepted_at=AT, submitted_at=AT)
    notification = NotificationFactory(recipient=user, title="Acme is interested", url="/inbox/")
    _at(Notification, notification.pk, created_at=AT)
    NotificationPreference.objects.create(user=user, kind="new_matches", channel="weekly")
    contact_record(
        actor=user, action="interest_accepted", city=city, company=company, summary="Yes"
    )
    registration = RegistrationFactory(
        event__title="Water forum", user=user, organisation=city, offer="Flood data"
    )
    _at(Registration, registration.pk, created_at=AT)
    SecurityEvent.objects.create(
        event="signed_in",
        user=user,
        email="ana@example.org",
        ip="192.0.2.1",
        path="/accounts/login/",
    )
    return {
        "user": User.objects.get(pk=user.pk),
        "city": city,
        "company": company,
        "key": token.key,
        "token": token.token,
        "sent": sent,
        "accepted": accepted,
        "verified": verified,
        "solution": solution,
        "implementation": implementation,
        "challenge": challenge,
    }


def _without_time(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


def test_export_holds_exact_values_for_every_record(ana):
    user = ana["user"]
    data = user_data_export(actor=user)
    assert data["exported_at"].endswith("+00:00")
    assert _without_time(data) == {
        "format": "cityhive-personal-data",
        "version": 1,
        "account": {
            "id": user.pk,
            "email": "ana@example.org",
            "name": "Ana Costa",
            "preferred_language": "",
            "first_name": "",
            "last_name": "",
            "date_joined": AT_ISO,
            "last_login": None,
            "is_active": True,
            "is_staff": False,
            "is_superuser": False,
            "groups": [],
            "user_permissions": [],
        },
        "email_addresses": [{"email": "ana@example.org", "primary": True, "verified": True}],
        "authenticators": [{"type": "totp", "created_at": AT_ISO, "last_used_at": None}],
        "api_tokens": [
            {
                "name": "nightly export",
                "prefix": ana["token"].prefix,
                "created_at": AT_ISO,
                "expires_at": LATER_ISO,
                "revoked_at": None,
                "last_used_at": None,
            }
        ],
        "memberships": [
            {
                "organisation": "City of Alpha",
                "organisation_slug": "city-of-alpha",
                "role": "admin",
                "since": AT_ISO,
            },
            {
                "organisation": "Beta Solutions",
                "organisation_slug": "beta-solutions",
                "role": "member",
                "since": AT_ISO,
            },
        ],
        "invitations_sent": [
            {
                "organisation": "City of Alpha",
                "role": "member",
                "sent_at": AT_ISO,
                "accepted_at": None,
                "revoked_at": None,
            }
        ],
        "invitations_accepted": [
            {
                "organisation": "Beta Solutions",
                "role": "member",
                "email": "ana@example.org",
                "accepted_at": AT_ISO,
            }
        ],
        "invitations_to_your_addresses": [],
        "organisations_verified": [
            {"organisation": "Gamma Fund", "slug": "gamma-fund", "verified_at": AT_ISO}
        ],
        "implementations_confirmed": [
            {
                "solution": "Flood sensors",
                "city": "City of Alpha",
                "year": 2024,
                "confirmed_at": AT_ISO,
            }
        ],
        "match_feedback": [
            {"organisation": "City of Alpha", "signal": "declined", "created_at": AT_ISO}
        ],
        **{
            f"partnership_applications_{section}": [
                {
                    "organisation": "Beta Solutions",
                    "tier": "Partner",
                    "status": "submitted",
                    at: AT_ISO,
                }
            ]
            for section, at in (
                ("started", "created_at"),
                ("conduct_signed", "conduct_accepted_at"),
                ("submitted", "submitted_at"),
            )
        },
        "partnership_applications_decided": [],
        "assessments_submitted": [],
        "assessment_values_changed": [],
        "interests_sent": [],
        "interests_answered": [],
        "introduction_contacts": [],
        "conversations_joined": [],
        "messages_written": [],
        "challenge_responses_written": [],
        "challenge_responses_decided": [],
        "event_registrations": [
            {
                "event": "Water forum",
                "organisation": "City of Alpha",
                "status": "confirmed",
                "offer": "Flood data",
                "seek": "",
                "checked_in_at": None,
                "created_at": AT_ISO,
            }
        ],
        "events_approved": [],
        "projects_started": [],
        "project_gates_approved": [],
        "project_results_confirmed": [],
        "project_results_recorded": [],
        "project_documents_uploaded": [],
        "consortium_members_invited": [],
        "consortium_members_answered": [],
        "investment_opportunities_opened": [],
        "investment_interests_sent": [],
        "group_memberships": [],
        "group_requests_decided": [],
        "group_posts_written": [],
        "groups_created": [],
        "notifications": [
            {
                "kind": "new_matches",
                "title": "Acme is interested",
                "body": "Something happened.",
                "url": "/inbox/",
                "created_at": AT_ISO,
                "read_at": None,
            }
        ],
        "notification_preferences": [{"kind": "new_matches", "channel": "weekly"}],
        "notification_emails": [],
        "contacts_logged": [
            {
                "created_at": data["contacts_logged"][0]["created_at"],
                "action": "interest_accepted",
                "city_label": "City of Alpha",
                "company_label": "Beta Solutions",
                "summary": "Yes",
            }
        ],
        "security_events": [
            {
                "created_at": data["security_events"][0]["created_at"],
                "event": "signed_in",
                "ip": "192.0.2.1",
                "user_agent": "",
                "path": "/accounts/login/",
            }
        ],
        "administration_changes_made": [],
        "administration_changes_to_your_account": [],
        "sessions": [],
    }


def test_export_never_holds_secrets_or_other_peoples_data(ana):
    text = str(user_data_export(actor=ana["user"]))
    stored_hash = ana["token"].key_hash
    assert [secret in text for secret in (ana["key"], stored_hash, TOTP_SECRET)] == [False] * 3
    assert ["bo@example.org" in text, ana["user"].password in text] == [False, False]


def test_export_holds_pending_invitations_to_a_verified_address_and_sessions(ana, client):
    InvitationFactory(organisation=ana["city"], email="ana@example.org", expires_at=LATER)
    client.force_login(ana["user"])
    data = user_data_export(actor=ana["user"])
    expiry = Session.objects.get().expire_date.isoformat()
    assert data["invitations_to_your_addresses"] == [
        {
            "organisation": "City of Alpha",
            "role": "member",
            "email": "ana@example.org",
            "expires_at": LATER_ISO,
        }
    ]
    assert data["sessions"] == [{"expires_at": expiry}]


# --- deletion -------------------------------------------------------------------------------------


def _counts() -> dict[str, int]:
    labels = ["accounts.User", "accounts.ApiToken", "account.EmailAddress", "mfa.Authenticator"]
    labels += ["directory.Membership", "directory.Invitation", "directory.Organisation"]
    labels += ["solutions.Solution", "challenges.Challenge", "sessions.Session"]
    return {label: apps.get_model(label).objects.count() for label in labels}


def test_deletion_erases_personal_data_and_keeps_organisation_content(ana, client):
    user = ana["user"]
    other = UserFactory()
    client.force_login(user)
    client.force_login(other)  # a second browser session, of someone else
    manager = ProgrammeManagerFactory()
    LogEntry.objects.create(
        user=manager,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Name"]}}]',
    )

    user_delete(actor=user, password=PASSWORD)

    assert not User.objects.filter(pk=user.pk).exists()
    assert EmailAddress.objects.filter(email="ana@example.org").count() == 0
    assert Authenticator.objects.filter(user_id=user.pk).count() == 0
    assert ApiToken.objects.filter(pk=ana["token"].pk).count() == 0
    assert api_token_authenticate(key=ana["key"]) is None
    assert Membership.objects.filter(user_id=user.pk).count() == 0
    assert [s.get_decoded()["_auth_user_id"] for s in Session.objects.all()] == [str(other.pk)]
    sent = Invitation.objects.get(pk=ana["sent"].pk)
    assert (sent.invited_by_id, sent.email) == (None, "bo@example.org")
    accepted = Invitation.objects.get(pk=ana["accepted"].pk)
    assert (accepted.accepted_by_id, accepted.email, accepted.accepted_at) == (
        None,
        ERASED_EMAIL,
        AT,
    )
    verified = Organisation.objects.get(pk=ana["verified"].pk)
    assert (verified.is_verified, verified.verified_by_id, verified.verified_at) == (True, None, AT)
    implementation = Implementation.objects.get(pk=ana["implementation"].pk)
    assert (implementation.confirmed_by_id, implementation.confirmed_at) == (None, AT)
    assert Solution.objects.get(pk=ana["solution"].pk).provider == ana["company"]
    assert Challenge.objects.get(pk=ana["challenge"].pk).city == ana["city"]
    assert list(Membership.objects.filter(organisation=ana["city"]).values_list("role")) == [
        ("admin",)
    ]
    assert list(LogEntry.objects.values_list("user_id", "object_repr")) == [
        (manager.pk, ERASED_NAME)
    ]
    assert Notification.objects.filter(recipient_id=user.pk).count() == 0
    assert NotificationPreference.objects.filter(user_id=user.pk).count() == 0
    # The contact stays in the log (fair access must stay provable); who acted does not.
    assert list(ContactLogEntry.objects.values_list("actor", "actor_label", "action")) == [
        (None, ERASED_EMAIL, "interest_accepted")
    ]
    assert not SecurityEvent.objects.filter(email="ana@example.org").exists()


def test_a_wrong_password_changes_nothing(ana):
    before = (_without_time(user_data_export(actor=ana["user"])), _counts())
    with pytest.raises(ValidationFailed) as caught:
        user_delete(actor=ana["user"], password="not-my-password")
    assert caught.value.field_errors == {"password": ["That is not your current password."]}
    assert (_without_time(user_data_export(actor=ana["user"])), _counts()) == before


def test_the_last_admin_of_an_organisation_with_members_must_hand_over_first(ana):
    Membership.objects.filter(organisation=ana["city"]).exclude(user=ana["user"]).update(
        role=MembershipRole.MEMBER
    )
    before = (_without_time(user_data_export(actor=ana["user"])), _counts())
    with pytest.raises(Conflict) as caught:
        user_delete(actor=ana["user"], password=PASSWORD)
    assert (caught.value.code, caught.value.message) == (
        AccountErrorCode.LAST_ADMIN,
        "You are the only admin of City of Alpha. Make another member admin first (on the "
        "organisation's members page), then delete your account.",
    )
    assert (_without_time(user_data_export(actor=ana["user"])), _counts()) == before


def test_the_only_member_of_an_organisation_may_leave_it_without_members():
    user = UserFactory()
    organisation = MembershipFactory(user=user, role=MembershipRole.ADMIN).organisation
    SolutionFactory(provider=organisation, title="Kept")
    user_delete(actor=user, password=PASSWORD)
    assert (
        organisation.memberships.count(),
        list(organisation.solutions.values_list("title")),
    ) == (
        0,
        [("Kept",)],
    )


def test_programme_managers_cannot_delete_their_own_account():
    manager = ProgrammeManagerFactory()
    with pytest.raises(Conflict) as caught:
        user_delete(actor=manager, password=PASSWORD)
    assert caught.value.code == AccountErrorCode.PROGRAMME_MANAGER_ACCOUNT
    assert User.objects.filter(pk=manager.pk, is_staff=True).exists()


# --- pages and API --------------------------------------------------------------------------------


def _sign_in(client, user) -> None:
    # A forced sign-in never passed the authenticator step, which the site requires of members
    # who have one: these page tests are about the pages, so Ana goes without.
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user)


def test_the_page_offers_the_download_and_the_deletion(client, ana):
    _sign_in(client, ana["user"])
    response = client.get("/me/data/")
    assert response.status_code == 200
    assert b"Download my data" in response.content
    assert b"Delete my account" in response.content


def test_the_download_is_a_dated_json_attachment(client, ana):
    _sign_in(client, ana["user"])
    response = client.get("/me/data/download/")
    body = response.json()
    assert response["Content-Disposition"] == (
        f"attachment; filename=cityhive-my-data-{timezone.localdate():%Y-%m-%d}.json"
    )
    assert (response["Content-Type"], response["Cache-Control"]) == (
        "application/json; charset=utf-8",
        "no-store",
    )
    expected = _without_time(user_data_export(actor=ana["user"]))
    assert _without_time(body) == expected
    assert len(body["sessions"]) == 1


def test_the_api_returns_the_same_data(api, ana):
    response = api("GET", "/api/v1/me/data", user=ana["user"])
    assert response.status_code == 200
    tokens = response.json().pop("api_tokens")
    expected = _without_time(user_data_export(actor=ana["user"]))
    assert _without_time(response.json()) | {"api_tokens": tokens} == expected
    assert [token["name"] for token in tokens] == ["nightly export", "test"]


def test_deleting_from_the_page_signs_out_and_goes_home(client, ana):
    _sign_in(client, ana["user"])
    response = client.post("/me/delete/", {"password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert not User.objects.filter(pk=ana["user"].pk).exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/me/data/").status_code == 302


def test_a_wrong_password_on_the_page_says_so_and_deletes_nothing(client, ana):
    _sign_in(client, ana["user"])
    before = _counts()
    response = client.post("/me/delete/", {"password": "nope"})
    assert response.status_code == 400
    assert b"That is not your current password." in response.content
    assert _counts() == before


def test_the_page_explains_a_refusal(client, ana):
    Membership.objects.filter(organisation=ana["city"]).exclude(user=ana["user"]).update(
        role=MembershipRole.MEMBER
    )
    _sign_in(client, ana["user"])
    before = _counts()
    response = client.post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 400
    assert b"You are the only admin of City of Alpha." in response.content
    assert _counts() == before
