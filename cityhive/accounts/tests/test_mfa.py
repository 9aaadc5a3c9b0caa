import pytest

from cityhive.accounts.tests.factories import PASSWORD, ProgrammeManagerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_programme_managers_must_set_up_two_factor_first(client):
    client.force_login(ProgrammeManagerFactory(totp=False))
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=/dashboard/"
    assert client.get("/admin/").status_code == 302


def test_programme_managers_with_two_factor_reach_the_admin(client):
    client.force_login(ProgrammeManagerFactory())
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/directory/organisation/").status_code == 200


def test_members_are_not_forced_and_never_reach_the_admin(client):
    client.force_login(UserFactory())
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_login_brute_force_is_throttled(client):
    user = UserFactory(email="target@example.org")
    throttled = [
        b"Too many failed login attempts"
        in client.post("/accounts/login/", {"login": user.email, "password": f"wrong{i}"}).content
        for i in range(7)
    ]
    assert throttled == [False] * 5 + [True] * 2
    # Even the right password is refused while the throttle holds.
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session
