"""Sign-in as people do it: through the forms, with the second factor where a member has one."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from cityhive.accounts.models import ApiToken
from cityhive.accounts.tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    ProgrammeManagerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _code(secret: str = TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _sign_in_with_password(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _lands_on_sign_in(client, path: str) -> bool:
    final = client.get(path, follow=True).redirect_chain[-1][0]
    return final.startswith("/accounts/login/?next=")


def test_the_admin_sign_in_form_sends_everyone_to_the_one_sign_in(client):
    manager = ProgrammeManagerFactory()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": manager.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert not _signed_in(client)
    assert _lands_on_sign_in(client, "/admin/")
    assert _lands_on_sign_in(client, "/me/tokens/")


def test_many_wrong_passwords_then_the_right_one_at_the_admin_give_no_session(client):
    manager = ProgrammeManagerFactory()
    for attempt in range(25):
        client.post("/admin/login/", {"username": manager.email, "password": f"wrong{attempt}"})
    client.post("/admin/login/", {"username": manager.email, "password": PASSWORD})
    assert not _signed_in(client)
    assert _lands_on_sign_in(client, "/admin/")


def test_a_password_alone_does_not_sign_a_manager_in(client):
    manager = ProgrammeManagerFactory()
    response = _sign_in_with_password(client, manager)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not _signed_in(client)
    # The admin sends the half-signed-in manager back to the authenticator step.
    assert client.get("/admin/", follow=True).redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    client.post("/me/tokens/", {"name": "script", "days": 30})
    assert ApiToken.objects.filter(user=manager).count() == 0


def test_password_and_authenticator_code_reach_admin_and_tokens(client):
    manager = ProgrammeManagerFactory()
    _sign_in_with_password(client, manager)
    response = client.post("/accounts/2fa/authenticate/", {"code": _code()})
    assert response.status_code == 302
    assert _signed_in(client)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/directory/organisation/").status_code == 200
    client.post("/me/tokens/", {"name": "script", "days": 30})
    assert ApiToken.objects.filter(user=manager).count() == 1


@pytest.mark.parametrize("staff", [True, False])
def test_a_session_that_skipped_the_second_factor_is_worth_nothing(client, staff):
    # What the admin's own sign-in form used to create: a session with no authenticator step.
    user = ProgrammeManagerFactory() if staff else UserFactory()
    if not staff:
        TOTP.activate(user, TOTP_SECRET)
    client.force_login(user)
    for path in ("/admin/", "/dashboard/", "/me/tokens/", "/accounts/2fa/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next="), path
        assert not _signed_in(client)
        client.force_login(user)
    client.post("/me/tokens/", {"name": "script", "days": 30})
    assert ApiToken.objects.filter(user=user).count() == 0


def test_setting_up_an_authenticator_keeps_the_session(client):
    member = UserFactory()
    _sign_in_with_password(client, member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    assert _signed_in(client)


def test_programme_managers_must_set_up_two_factor_first(client):
    _sign_in_with_password(client, ProgrammeManagerFactory(totp=False))
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=/dashboard/"
    assert client.get("/admin/").status_code == 302
    assert client.get("/me/tokens/")["Location"].startswith("/accounts/2fa/totp/activate/")


def test_members_are_not_forced_and_never_reach_the_admin(client):
    _sign_in_with_password(client, UserFactory())
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/admin/", follow=True).status_code == 403


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
