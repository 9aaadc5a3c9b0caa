"""Every route and API operation is classified, and each class holds for every kind of actor."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from cityhive.accounts.services import api_token_create
from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
)
from cityhive.engagement.tests.authz_scene import engagement_scene
from cityhive.events.tests.scene import event_scene
from cityhive.groups.tests.scene import group_scene
from cityhive.partnership.models import ApplicationStatus
from cityhive.partnership.tests.factories import (
    ApplicationFactory,
    PartnershipFactory,
    TierFactory,
)
from cityhive.projects.tests.scene import project_scene
from cityhive.solutions.tests.factories import (
    ImplementationFactory,
    SolutionFactory,
    SolutionFileFactory,
)
from config.api import api as ninja_api
from tests.authz import (
    ACTORS,
    ALLOWED,
    FLOW_ROUTES,
    NAMESPACES,
    OPERATIONS,
    PAGES,
    UNENROLLED_STAFF,
    Access,
)

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _unnamed(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver) and entry.namespace not in NAMESPACES:
            yield from _unnamed(entry.url_patterns)
        elif isinstance(entry, URLPattern) and not entry.name:
            yield str(entry.pattern)


ROUTES = dict(_walk(get_resolver().url_patterns))
SCHEMA_OPERATIONS = {
    operation["operationId"]: (method.upper(), path)
    for path, methods in ninja_api.get_openapi_schema()["paths"].items()
    for method, operation in methods.items()
}


def _classification(name: str) -> Access | str | None:
    if name in PAGES:
        return PAGES[name][0]
    namespace = name.split(":", 1)[0] if ":" in name else ""
    if namespace in NAMESPACES:
        return NAMESPACES[namespace] or "by-operation"
    return PAGES.get(name, (None, None))[0]


def test_every_url_pattern_is_classified():
    unclassified = sorted(name for name in ROUTES if _classification(name) is None)
    assert unclassified == []


def test_every_url_pattern_has_a_name():
    assert sorted(set(_unnamed(get_resolver().url_patterns))) == []


def test_every_api_operation_is_classified():
    assert sorted(set(SCHEMA_OPERATIONS) - set(OPERATIONS)) == []
    assert sorted(set(OPERATIONS) - set(SCHEMA_OPERATIONS)) == []


def test_no_stale_page_rows():
    assert sorted(set(PAGES) - set(ROUTES)) == []


# --- checking each class with each actor -------------------------------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def scene(world):
    """Organisation A's objects that routes point at, and a member of A to act on."""
    from cityhive.assessment.tests.factories import AssessmentFactory
    from cityhive.taxonomy.models import Kpi

    world.org_a.logo.save("logo.png", ContentFile(_png()))
    other = MembershipFactory(organisation=world.org_a, role=MembershipRole.MEMBER)
    invitation = InvitationFactory(organisation=world.org_a)
    token = api_token_create(actor=world.member_a, name="theirs").token
    kpi = Kpi.objects.order_by("code").first()
    AssessmentFactory(city=world.org_a, year=2025)  # a draft of A's, to submit
    solution = SolutionFactory(provider=world.org_a)
    attached = SolutionFileFactory(solution=solution)
    implementation = ImplementationFactory(solution=solution, city=world.org_a)
    challenge = ChallengeFactory(city=world.org_a, visibility="private")
    events = event_scene(world)
    engagement = engagement_scene(world, challenge)
    projects = project_scene(world)
    groups = group_scene(world)
    tier = TierFactory()
    # B is a partner the programme's way: an approved application in a tier that unlocks
    # partners' content, its period ending within the renewal window.
    PartnershipFactory(
        application__organisation=world.org_b,
        tier=tier,
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    application = ApplicationFactory(
        organisation=world.org_a, tier=tier, status=ApplicationStatus.CHANGES_REQUESTED
    )
    return {
        "world": world,
        "kwargs": {
            "slug": world.org_a.slug,
            "membership_id": other.pk,
            "invitation_id": invitation.pk,
            "token_id": token.pk,
            "number": 1,
            "geonames_id": world.org_a.place_id,
            "facet": "hazard",
            "token": "not-a-real-token",
            "key": "not-a-real-key",
            "uidb36": "1",
            "solution_id": solution.pk,
            "file_id": attached.pk,
            "implementation_id": implementation.pk,
            "challenge_id": challenge.pk,
            **events["kwargs"],
            **engagement["kwargs"],
            **projects["kwargs"],
            **groups["kwargs"],
            "tier_id": tier.pk,
            "application_id": application.pk,
        },
        "kpi_slug": kpi.slug,
        "overrides": {
            **events["overrides"],
            **engagement["overrides"],
            **projects["overrides"],
            **groups["overrides"],
        },
        "page_overrides": {**engagement["overrides"], **projects["page_overrides"]},
        "payloads": {
            **events["payloads"],
            **engagement["payloads"],
            **projects["payloads"],
            **groups["payloads"],
        },
    }


def _actor(world, name):
    if name == "anonymous":
        return None
    if name == "partner":
        verified = OrganisationFactory(kind="financier", is_verified=True)
        return MembershipFactory(organisation=verified).user
    if name == UNENROLLED_STAFF:
        return ProgrammeManagerFactory(totp=False)
    return getattr(world, name)


def _page_url(name: str, pattern: URLPattern, scene) -> str:
    # The whole route's parameters: a nested pattern's own route holds only its last part.
    params = {p for _, names in get_resolver().reverse_dict.getlist(name)[0][0] for p in names}
    kwargs = {p: scene["kwargs"][p] for p in params}
    kwargs.update({p: v for p, v in scene["page_overrides"].get(name, {}).items() if p in params})
    if name == "kpi_detail":
        kwargs["slug"] = scene["kpi_slug"]
    return reverse(name, kwargs=kwargs)


def _denied(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.startswith(LOGIN_PATHS)


PAGE_CASES = [
    (name, actor) for name in sorted(ROUTES) if not name.startswith("api:") for actor in ACTORS
]


@pytest.mark.parametrize(("name", "actor"), PAGE_CASES)
def test_page_access(client, scene, name, actor):
    world = scene["world"]
    pattern = ROUTES[name]
    access = _classification(name)
    user = _actor(world, actor)
    if user is not None:
        sign_in(client, user)
    method = PAGES.get(name, (access, "GET"))[1]
    if name.startswith("admin:"):
        params = set(pattern.pattern.regex.groupindex) | set(pattern.pattern.converters)
        kwargs = {p: "directory" if p == "app_label" else "1" for p in params}
        url = reverse(name, kwargs=kwargs)
    else:
        url = _page_url(name, pattern, scene)
    data = {"role": "admin", "verified": "yes"} if method == "POST" else None
    response = client.post(url, data) if method == "POST" else client.get(url)
    assert response.status_code < 500
    if actor == UNENROLLED_STAFF and not url.startswith("/accounts/"):
        assert response.status_code == 302
        assert response["Location"].split("?")[0] == reverse("mfa_activate_totp")
        return
    if name in FLOW_ROUTES:
        assert access == Access.PUBLIC or actor != "anonymous" or _denied(response)
        return
    if name.startswith("admin:") and name not in PAGES:
        # Non-staff never get past the admin's own sign-in; what they see is its login page.
        assert _denied(response) or actor == "manager", response.status_code
        if actor == "manager":
            assert response.status_code != 302 or not response["Location"].startswith(LOGIN_PATHS)
        return
    if actor in ALLOWED[access]:
        assert not _denied(response), (response.status_code, response.headers.get("Location"))
    else:
        assert _denied(response), (response.status_code, response.headers.get("Location"))


API_PAYLOADS = {
    "organisation_create": {"kind": "company", "name": "New Co", "country": "DE"},
    "organisation_update": {"description": "Updated."},
    "organisation_verify": {"verified": True},
    "invitation_create": {"email": "new.person@example.org", "role": "member"},
    "solution_create": {"provider": "city-of-alpha", "title": "Matrix", "summary": "Access."},
    "solution_update": {"version": 1, "title": "Renamed"},
    "solution_publish": {"published": True},
    "implementation_create": {"city": "city-of-alpha", "year": 2024, "status": "pilot"},
    "implementation_confirm": {"confirmed": True},
    "challenge_create": {"city": "city-of-alpha", "title": "Matrix", "description": "Access."},
    "challenge_update": {"version": 1, "title": "Renamed"},
    "needs_replace": {
        "items": [{"facet": "hazard", "value": "floods", "weight": 0.9, "source": "manual"}]
    },
    "event_create": {
        "organiser": "city-of-alpha",
        "title": "Matrix forum",
        "format": "in_person",
        "venue": "City hall",
        "starts_at": "2031-05-04T09:00:00Z",
        "ends_at": "2031-05-04T17:00:00Z",
    },
    "registration_create": {"organisation": "city-of-alpha"},
    "meeting_request_answer": {"accept": True},
    "tier_create": {"name": "Matrix tier", "annual_fee": "100.00"},
    "tier_update": {"benefits": "Updated."},
    "application_create": {"organisation": "beta-solutions", "sdgs": [11]},
    "application_update": {"motivation": "Updated."},
    "application_decide": {"decision": "reject", "reason": "Not this year."},
    "assessment_submit": {"year": 2025, "visibility": "public"},
}
API_QUERIES = {"place_search": {"q": "Te"}}
# Operations that take a file (multipart/form-data), each with a fresh file per call.
API_UPLOADS = {
    "project_document_upload": lambda: {
        "title": "Site survey",
        "file": SimpleUploadedFile("survey.pdf", b"%PDF-1.4 survey"),
    },
    "message_post_with_attachments": lambda: {
        "body": "Our offer, attached.",
        "files": SimpleUploadedFile("offer.pdf", b"%PDF-1.4 offer"),
    },
}


@pytest.mark.parametrize(
    ("operation", "actor"), [(o, a) for o in sorted(OPERATIONS) for a in ACTORS]
)
def test_api_access(api, scene, operation, actor):
    world = scene["world"]
    method, path = SCHEMA_OPERATIONS[operation]
    values = {**scene["kwargs"], **scene["overrides"].get(operation, {})}
    if operation == "kpi_get":
        values["slug"] = scene["kpi_slug"]
    url = "/api" + path.removeprefix("/api").format(**values)
    payload = dict(API_PAYLOADS.get(operation, {}), **scene["payloads"].get(operation, {})) or None
    if operation == "organisation_update":
        payload["version"] = world.org_a.version
    if operation == "application_create":
        payload["tier"] = values["tier_id"]
    user = _actor(world, actor)
    if operation in API_UPLOADS:
        response = api(method, url, user=user, data=API_UPLOADS[operation]())
    elif payload is None and method == "GET":
        response = api(method, url, user=user, data=API_QUERIES.get(operation))
    else:
        response = api(method, url, user=user, json=payload or {})
    assert response.status_code < 500
    if actor == UNENROLLED_STAFF:
        assert response.status_code == 401, response.content
        assert response["Content-Type"] == "application/problem+json"
        return
    if actor in ALLOWED[OPERATIONS[operation]]:
        assert response.status_code < 400, response.content
    else:
        assert response.status_code in (401, 403, 404), response.content
        assert response["Content-Type"] == "application/problem+json"


def test_member_list_never_shows_another_organisations_members(api, world):
    response = api("GET", f"/api/v1/organisations/{world.org_a.slug}/members", user=world.member_a)
    emails = sorted(member["email"] for member in response.json())
    assert emails == sorted([world.admin_a.email, world.member_a.email])
    denied = api("GET", f"/api/v1/organisations/{world.org_b.slug}/members", user=world.member_a)
    assert denied.status_code == 403


def test_token_list_shows_only_the_callers_tokens(api, world):
    api_token_create(actor=world.member_b, name="b's script")
    response = api("GET", "/api/v1/tokens", user=world.member_a)
    assert [token["name"] for token in response.json()] == ["test"]
