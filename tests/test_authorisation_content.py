"""What each kind of actor finds in lists, search, exports, match results and import errors.

The tables below are the policy, written out by hand (nothing is derived from the code under
test): for each actor, the exact set of scene objects every surface may show them.

The scene: city A (not verified) with a challenge in every state and a needs profile whose
visibility some tests vary; company B (not a partner) with a published and a draft solution;
company C (a partner: its approved partnership's tier unlocks partners' content) with a draft
solution, a member and an admin; three peer cities that share A's needs, one per needs
visibility, each with a confirmed implementation of B's published solution (and the public one
with an implementation of B's draft).
"""

import json
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from cityhive.accounts.services import api_token_create
from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.challenges import services as challenge_services
from cityhive.directory.models import MembershipRole, Organisation
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.exchange.tests import helpers as h
from cityhive.matching.tests.helpers import hazard_solution
from cityhive.partnership.tests.factories import partner_company
from cityhive.solutions.tests.factories import ImplementationFactory

ACTORS = (
    "anonymous",
    "no_organisation",  # signed in, member of nothing
    "unverified",  # a member of B (unverified), B's solutions' provider
    "verified",  # a member of C (a partner company of the programme)
    "other_admin",  # an admin of C: an admin of another organisation than A or B
    "city_member",  # a member of A, whose challenges and needs these are
    "manager",  # a programme manager, signed in with the second factor
)
# A programme manager without an authenticator is none of these: sent to set one up on every
# page, refused by the API (test_staff_without_an_authenticator_...).

# --- the scene's objects -----------------------------------------------------------------------

CHALLENGES = {  # key: (visibility, status)
    "public_open": ("public", "open"),
    "partners_open": ("partners", "open"),
    "private_open": ("private", "open"),
    "draft": ("public", "draft"),
    "closed": ("public", "closed"),
}
SOLUTIONS = {  # key: (provider, published)
    "b_published": ("b", True),
    "b_draft": ("b", False),
    "c_draft": ("c", False),
}
PEERS = {"peer_public": "public", "peer_partners": "partners", "peer_private": "private"}
IMPLEMENTATIONS = {  # key: (solution, city, confirmed)
    "b_published_in_peer_public": ("b_published", "peer_public", True),
    "b_published_in_peer_partners": ("b_published", "peer_partners", True),
    "b_published_in_peer_private": ("b_published", "peer_private", True),
    "b_draft_in_peer_public": ("b_draft", "peer_public", False),
}
ORGANISATIONS = {"city_a", "company_b", "company_c", *PEERS}
VISIBILITIES = ("public", "partners", "private")

# --- the policy: actor -> what they may see ----------------------------------------------------

LISTED = {"public_open", "closed"}
CHALLENGES_SEEN = {
    "anonymous": LISTED,
    "no_organisation": LISTED,
    "unverified": LISTED,
    "verified": LISTED | {"partners_open"},
    "other_admin": LISTED | {"partners_open"},
    "city_member": set(CHALLENGES),  # its own city's, drafts and private ones included
    "manager": set(CHALLENGES),
}
# Matches offer open challenges only, among those the actor may see.
OPPORTUNITIES_SEEN = {
    "anonymous": {"public_open"},
    "no_organisation": {"public_open"},
    "unverified": {"public_open"},
    "verified": {"public_open", "partners_open"},
    "other_admin": {"public_open", "partners_open"},
    "city_member": {"public_open", "partners_open", "private_open"},
    "manager": {"public_open", "partners_open", "private_open"},
}
SOLUTIONS_SEEN = {
    "anonymous": {"b_published"},
    "no_organisation": {"b_published"},
    "unverified": {"b_published", "b_draft"},  # its own organisation's draft
    "verified": {"b_published", "c_draft"},
    "other_admin": {"b_published", "c_draft"},
    "city_member": {"b_published"},
    "manager": set(SOLUTIONS),
}
# An implementation is seen with its solution.
OF_PUBLISHED = {
    "b_published_in_peer_public",
    "b_published_in_peer_partners",
    "b_published_in_peer_private",
}
IMPLEMENTATIONS_SEEN = {
    "anonymous": OF_PUBLISHED,
    "no_organisation": OF_PUBLISHED,
    "unverified": OF_PUBLISHED | {"b_draft_in_peer_public"},
    "verified": OF_PUBLISHED,
    "other_admin": OF_PUBLISHED,
    "city_member": OF_PUBLISHED,
    "manager": OF_PUBLISHED | {"b_draft_in_peer_public"},
}
# Who reads city A's needs profile, by its visibility (A's own members always do).
A_NEEDS_READERS = {
    "public": set(ACTORS),
    "partners": {"verified", "other_admin", "city_member", "manager"},
    "private": {"city_member", "manager"},
}
# The peer cities whose needs profile the actor may read (A's members are nothing to them).
PEERS_SEEN = {
    "anonymous": {"peer_public"},
    "no_organisation": {"peer_public"},
    "unverified": {"peer_public"},
    "verified": {"peer_public", "peer_partners"},
    "other_admin": {"peer_public", "peer_partners"},
    "city_member": {"peer_public"},  # A is not verified: a member of A is no partner
    "manager": set(PEERS),
}
# Matching never offers a draft, whoever asks.
MATCHED_SOLUTIONS = {"b_published"}
MISSING_PK = 10**9


# --- the scene ---------------------------------------------------------------------------------


@dataclass
class Scene:
    users: dict  # actor name -> user (None: anonymous)
    orgs: dict  # key -> Organisation
    challenges: dict  # key -> Challenge
    solutions: dict  # key -> Solution
    implementations: dict  # key -> Implementation
    peer_admin: object  # an admin of the public peer city (a city: it may import challenges)
    staff_without_authenticator: object

    def titles(self) -> dict[str, str]:
        objects = {**self.challenges, **self.solutions}
        return {key: row.title for key, row in objects.items()}

    def xid(self, kind: str, key: str) -> str:
        """The exchange id the platform generates for a scene object."""
        if kind == "organization":
            return f"org-{self.orgs[key].slug}"
        rows = {"solution": self.solutions, "challenge": self.challenges}
        row = rows.get(kind, self.implementations)[key]
        return f"{kind}-{row.pk}"

    def keys_of(self, kind: str, ids) -> set[str]:
        """Scene keys of exchange ids (`kind` may be a result key: city, needs); an id of no scene
        object stays as it is, to be seen."""
        kind = "organization" if kind in ("city", "needs") else kind
        keys = {
            "organization": self.orgs,
            "solution": self.solutions,
            "challenge": self.challenges,
            "implementation": self.implementations,
        }[kind]
        by_id = {self.xid(kind, key): key for key in keys}
        return {by_id.get(ident, ident) for ident in ids}


def _needs(manager, city, visibility: str) -> None:
    item = {"facet": "hazard", "value": "floods", "weight": 0.9, "source": "climate_risk"}
    challenge_services.needs_replace(actor=manager, city=city, items=[item], visibility=visibility)


def _challenges(world) -> dict:
    made = {}
    for key, (visibility, status) in CHALLENGES.items():
        fields = {
            "title": f"Hivewide {key.replace('_', ' ')} challenge",
            "description": "Our riverside districts flood every rainy season.",
            "visibility": visibility,
            "status": status,
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
        }
        made[key] = challenge_services.challenge_create(
            actor=world.member_a, city=world.org_a, fields=fields
        )
    return made


def _solutions(world, orgs) -> dict:
    made = {}
    for key, (provider, published) in SOLUTIONS.items():
        title = f"Hivewide {key.replace('_', ' ')} solution"
        made[key] = hazard_solution(
            world,
            title,
            [("floods", 0.9)],
            provider=orgs[f"company_{provider}"],
            publish=published,
            summary="Flood sensors that warn residents.",
        )
    return made


@pytest.fixture
def scene(world) -> Scene:
    Organisation.objects.filter(pk__in=[world.org_a.pk, world.org_b.pk]).update(is_verified=False)
    company_c = partner_company(name="Gamma Partners", slug="gamma-partners")
    orgs = {"city_a": world.org_a, "company_b": world.org_b, "company_c": company_c}
    for key, visibility in PEERS.items():
        orgs[key] = CityFactory(name=f"City of {key}", slug=key.replace("_", "-"))
        _needs(world.manager, orgs[key], visibility)
    _needs(world.manager, world.org_a, "partners")
    solutions = _solutions(world, orgs)
    implementations = {
        key: ImplementationFactory(
            solution=solutions[solution],
            city=orgs[city],
            confirmed_at=timezone.now() if confirmed else None,
        )
        for key, (solution, city, confirmed) in IMPLEMENTATIONS.items()
    }
    users = {
        "anonymous": None,
        "no_organisation": world.outsider,
        "unverified": world.member_b,
        "verified": MembershipFactory(organisation=company_c).user,
        "other_admin": MembershipFactory(organisation=company_c, role=MembershipRole.ADMIN).user,
        "city_member": world.member_a,
        "manager": world.manager,
    }
    return Scene(
        users=users,
        orgs=orgs,
        challenges=_challenges(world),
        solutions=solutions,
        implementations=implementations,
        peer_admin=MembershipFactory(
            organisation=orgs["peer_public"], role=MembershipRole.ADMIN
        ).user,
        staff_without_authenticator=ProgrammeManagerFactory(totp=False),
    )


class Caller:
    """The API as one actor, with one personal token (anonymous: none)."""

    def __init__(self, client, user) -> None:
        self.client = client
        self.headers = {}
        if user is not None:
            key = api_token_create(actor=user, name="content checks").key
            self.headers["Authorization"] = f"Bearer {key}"

    def get(self, path: str, **query):
        return self.client.get(f"/api/v1{path}", query, headers=self.headers)

    def post(self, path: str, body: dict):
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )


def _seen_on_page(scene: Scene, response) -> set[str]:
    html = response.content.decode()
    return {key for key, title in scene.titles().items() if title in html}


def _exported(response) -> dict[str, set[str]]:
    """Exchange ids per type (needs lines: the city's id)."""
    found: dict[str, set[str]] = {}
    for line in b"".join(response.streaming_content).splitlines():
        record = json.loads(line)
        ident = record["city"] if record["type"] == "needs" else record["id"]
        found.setdefault(record["type"], set()).add(ident)
    return found


def _result_ids(response, key: str) -> list[str]:
    assert response.status_code == 200, response.content
    return [result[key] for result in response.json()["results"]]


# --- lists and search --------------------------------------------------------------------------

DRAFTS = {"draft", "b_draft", "c_draft"}


@pytest.mark.parametrize("actor", ACTORS)
def test_lists_and_search_show_exactly_what_the_actor_may_see(client, scene, actor):
    user = scene.users[actor]
    api = Caller(client, user)
    if user is not None:
        sign_in(client, user)
    challenges, solutions = CHALLENGES_SEEN[actor], SOLUTIONS_SEEN[actor]
    for query, wanted in [("", None), ("hivewide", None), ("draft", DRAFTS)]:
        expected_challenges = challenges if wanted is None else challenges & wanted
        expected_solutions = solutions if wanted is None else solutions & wanted
        page = client.get(reverse("challenge_list"), {"q": query} if query else {})
        assert page.status_code == 200
        assert _seen_on_page(scene, page) == expected_challenges, query
        listed = api.get("/challenges", q=query, limit=100).json()
        assert {r["title"] for r in listed["results"]} == {
            scene.challenges[k].title for k in expected_challenges
        }, query
        assert listed["count"] == len(expected_challenges)
        page = client.get(reverse("solution_list"), {"q": query} if query else {})
        assert page.status_code == 200
        assert _seen_on_page(scene, page) == expected_solutions, query
        listed = api.get("/solutions", q=query, limit=100).json()
        assert {r["title"] for r in listed["results"]} == {
            scene.solutions[k].title for k in expected_solutions
        }, query
        assert listed["count"] == len(expected_solutions)


# --- the exchange export -----------------------------------------------------------------------


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("actor", ACTORS)
def test_the_export_holds_exactly_what_the_actor_may_see(client, scene, actor, visibility):
    _needs(scene.users["manager"], scene.orgs["city_a"], visibility)
    response = Caller(client, scene.users[actor]).get("/exchange/export")
    assert response.status_code == 200
    exported = _exported(response)
    needs = set(PEERS_SEEN[actor]) | ({"city_a"} if actor in A_NEEDS_READERS[visibility] else set())
    assert {kind: scene.keys_of(kind, ids) for kind, ids in exported.items()} == {
        "organization": ORGANISATIONS,  # the directory is public
        "solution": SOLUTIONS_SEEN[actor],
        "implementation": IMPLEMENTATIONS_SEEN[actor],
        "needs": needs,
        "challenge": CHALLENGES_SEEN[actor],
    }


# --- match results -----------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_match_results_hold_only_what_the_actor_may_see(client, scene, actor):
    api = Caller(client, scene.users[actor])
    for key, challenge in scene.challenges.items():
        response = api.get(f"/challenges/{challenge.pk}/matches")
        if key in CHALLENGES_SEEN[actor]:
            matched = scene.keys_of("solution", _result_ids(response, "solution"))
            assert matched == MATCHED_SOLUTIONS, key
        else:
            assert response.status_code == 404, key
            assert response.json()["code"] == "challenge_not_found"
    for key, solution in scene.solutions.items():
        response = api.get(f"/solutions/{solution.pk}/opportunities")
        if key in SOLUTIONS_SEEN[actor]:
            found = scene.keys_of("challenge", _result_ids(response, "challenge"))
            assert found == OPPORTUNITIES_SEEN[actor], key
        else:
            assert response.status_code == 404, key
            assert response.json()["code"] == "solution_not_found"


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("actor", ACTORS)
def test_matches_from_needs_follow_who_may_read_each_profile(client, scene, actor, visibility):
    _needs(scene.users["manager"], scene.orgs["city_a"], visibility)
    api = Caller(client, scene.users[actor])
    city_a = scene.orgs["city_a"].slug
    recommended = api.get(f"/organisations/{city_a}/recommendations")
    peers = api.get(f"/organisations/{city_a}/peers")
    if actor in A_NEEDS_READERS[visibility]:
        assert scene.keys_of("solution", _result_ids(recommended, "solution")) == {"b_published"}
        assert scene.keys_of("city", _result_ids(peers, "city")) == PEERS_SEEN[actor]
    else:
        assert (recommended.status_code, peers.status_code) == (403, 403)
        assert "results" not in recommended.json() and "results" not in peers.json()
    cities = api.get(f"/organisations/{scene.orgs['company_b'].slug}/cities")
    if actor == "anonymous":
        assert cities.status_code == 401
        return
    a = {"city_a"} if actor in A_NEEDS_READERS[visibility] else set()
    assert scene.keys_of("city", _result_ids(cities, "city")) == PEERS_SEEN[actor] | a


# --- import errors: a hidden object and a missing one answer alike -----------------------------

IMPORTERS = {  # actor -> the scene objects of other organisations it may not see
    "no_organisation": {"private_open", "draft", "b_draft", "c_draft"},
    "unverified": {"private_open", "draft", "c_draft"},
    "verified": {"private_open", "draft", "b_draft"},
    "other_admin": {"private_open", "draft", "b_draft"},
    "city_member": {"b_draft", "c_draft"},
    "peer_admin": {"private_open", "draft", "b_draft", "c_draft"},
}
# The organisation an actor's lines name as owner: one it administers, else A or B.
OWN = {"other_admin": "company_c", "peer_admin": "peer_public"}


def _probe_files(scene: Scene, actor: str, kind: str, ident: str) -> list[list[dict]]:
    """Files that name `ident` (a challenge's or a solution's id) as the actor would: as the id
    of a line, and (solutions) as what an implementation belongs to."""
    if kind == "challenge":
        city = scene.xid("organization", "peer_public" if actor == "peer_admin" else "city_a")
        return [[h.challenge(ident, city)]]
    provider = scene.xid("organization", OWN.get(actor, "company_b"))
    city_a = scene.xid("organization", "city_a")
    return [[h.solution(ident, provider)], [h.implementation("probe", ident, city_a)]]


def _errors(api: Caller, files: list[list[dict]], ident: str) -> list[list[dict]]:
    """Each file's errors, with the probed id written as <id>."""
    found = []
    for lines in files:
        response = api.post("/exchange/import", {"lines": lines})
        assert response.status_code == 400, response.content
        found.append(json.loads(json.dumps(response.json()["errors"]).replace(ident, "<id>")))
    return found


@pytest.mark.parametrize("actor", sorted(IMPORTERS))
def test_an_import_answers_alike_for_a_hidden_object_and_a_missing_one(client, scene, actor):
    user = scene.peer_admin if actor == "peer_admin" else scene.users[actor]
    api = Caller(client, user)
    before = h.snapshot()
    for key in sorted(IMPORTERS[actor]):
        kind = "challenge" if key in CHALLENGES else "solution"
        hidden, missing = scene.xid(kind, key), f"{kind}-{MISSING_PK}"
        hidden_errors = _errors(api, _probe_files(scene, actor, kind, hidden), hidden)
        missing_errors = _errors(api, _probe_files(scene, actor, kind, missing), missing)
        assert hidden_errors == missing_errors, key
    assert h.snapshot() == before


def test_the_hidden_object_is_refused_with_the_missing_objects_words(client, scene):
    """The admin of a city reaches the ownership check: its words name neither owner nor state."""
    api = Caller(client, scene.peer_admin)
    challenge = scene.xid("challenge", "private_open")
    files = _probe_files(scene, "peer_admin", "challenge", challenge)
    assert _errors(api, files, challenge) == [
        [{"line": 1, "path": "challenge.id", "message": "'<id>' is not a challenge you may change"}]
    ]
    solution = scene.xid("solution", "b_draft")
    not_yours = "'<id>' is not a solution you may change"
    assert _errors(api, _probe_files(scene, "peer_admin", "solution", solution), solution) == [
        [{"line": 1, "path": "solution.id", "message": not_yours}],
        [{"line": 1, "path": "implementation.solution", "message": not_yours}],
    ]


# --- staff without an authenticator ------------------------------------------------------------


def test_staff_without_an_authenticator_is_sent_to_set_one_up_and_refused_by_the_api(client, scene):
    user = scene.staff_without_authenticator
    api = Caller(client, user)
    sign_in(client, user)
    set_up = reverse("mfa_activate_totp")
    for name in ("challenge_list", "solution_list"):
        page = client.get(reverse(name), {"q": "hivewide"})
        assert (page.status_code, page["Location"].split("?")[0]) == (302, set_up)
        assert _seen_on_page(scene, page) == set()
    paths = [
        "/challenges",
        "/solutions",
        "/exchange/export",
        f"/challenges/{scene.challenges['public_open'].pk}/matches",
        f"/solutions/{scene.solutions['b_published'].pk}/opportunities",
        f"/organisations/{scene.orgs['city_a'].slug}/recommendations",
        f"/organisations/{scene.orgs['city_a'].slug}/peers",
        f"/organisations/{scene.orgs['company_b'].slug}/cities",
    ]
    answers = [api.get(path) for path in paths]
    assert [response.status_code for response in answers] == [401] * len(paths)
    assert all(b"Hivewide" not in response.content for response in answers)
    before = h.snapshot()
    challenge = scene.xid("challenge", "private_open")
    refused = api.post("/exchange/import", {"lines": [h.challenge(challenge, "org-city-of-alpha")]})
    assert refused.status_code == 401
    assert h.snapshot() == before
