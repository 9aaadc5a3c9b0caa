"""Fixtures every test can use: actors in two organisations, API calls with tokens."""

import os
from dataclasses import dataclass

import pytest

from cityhive.accounts.services import api_token_create
from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory

IN_CI = os.environ.get("CI") == "true"


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may be skipped: a missing service is a failure, not a skip."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped and exitstatus == 0:
        reporter.write_line(
            f"CI: {skipped} test(s) were skipped; in CI that is a failure.", red=True
        )
        session.exitstatus = 1


def pytest_collection_modifyitems(config, items):
    """Races that need PostgreSQL's concurrent transactions run in the PostgreSQL run only; the
    SQLite run leaves them out (deselected, not skipped: in CI a skip is a failure)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    kept = [item for item in items if item.get_closest_marker("postgres_only") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference taxonomies once; every test's transaction rolls back to them."""
    from cityhive.taxonomy.services import reference_data_load

    with django_db_blocker.unblock():
        reference_data_load()


@pytest.fixture(autouse=True)
def _fresh_matching_state():
    """Each test starts with an empty per-worker document cache (rolled-back rows reuse pks)."""
    from cityhive.matching.documents import document_cache

    document_cache().clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rolled-back rows reuse pks on SQLite, so what one
    test cached under an id (a used authenticator code, an unread count) must not reach the next."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    """Organisation A (a city) and B (a company), each with an admin and a member."""

    org_a: object
    org_b: object
    admin_a: object
    member_a: object
    admin_b: object
    member_b: object
    manager: object
    outsider: object


@pytest.fixture
def world(db) -> World:
    org_a = CityFactory(name="City of Alpha", slug="city-of-alpha")
    org_b = OrganisationFactory(name="Beta Solutions", slug="beta-solutions")
    admin_a = MembershipFactory(organisation=org_a, role=MembershipRole.ADMIN).user
    member_a = MembershipFactory(organisation=org_a).user
    admin_b = MembershipFactory(organisation=org_b, role=MembershipRole.ADMIN).user
    member_b = MembershipFactory(organisation=org_b).user
    return World(
        org_a=org_a,
        org_b=org_b,
        admin_a=admin_a,
        member_a=member_a,
        admin_b=admin_b,
        member_b=member_b,
        manager=ProgrammeManagerFactory(),
        outsider=UserFactory(),
    )


@pytest.fixture
def api(client):
    """Call the API as a member (with a fresh personal token) or anonymously."""

    class Api:
        def __call__(self, method: str, path: str, user=None, json=None, **extra):
            headers = {}
            if user is not None:
                key = api_token_create(actor=user, name="test").key
                headers["Authorization"] = f"Bearer {key}"
            call = getattr(client, method.lower())
            if json is not None:
                return call(
                    path, data=json, content_type="application/json", headers=headers, **extra
                )
            return call(path, headers=headers, **extra)

    return Api()
