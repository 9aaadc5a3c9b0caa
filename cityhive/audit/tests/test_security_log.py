import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from cityhive.accounts.tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    ProgrammeManagerFactory,
    UserFactory,
)
from cityhive.accounts.tests.sessions import sign_in
from cityhive.audit.models import SecurityEvent, SecurityEventKind
from cityhive.audit.subscriptions import _client
from cityhive.audit.tests.factories import SecurityEventFactory
from cityhive.core.errors import Forbidden
from cityhive.core.permissions import require

pytestmark = pytest.mark.django_db


def _code() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, next(yield_hotp_counters_from_time())))


def _events():
    return list(SecurityEvent.objects.order_by("pk").values_list("event", "email", "path"))


def test_signing_in_failing_and_signing_out_are_logged_with_the_address_used(client):
    # given
    member = UserFactory(email="ana@example.org")
    # when a wrong password, then the right one, then signing out
    client.post(
        "/accounts/login/",
        {"login": "ana@example.org", "password": "wrong"},
        HTTP_USER_AGENT="Firefox",
    )
    client.post("/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
    client.post("/accounts/logout/")
    # then
    assert _events() == [
        (SecurityEventKind.SIGN_IN_FAILED, "ana@example.org", "/accounts/login/"),
        (SecurityEventKind.SIGNED_IN, "ana@example.org", "/accounts/login/"),
        (SecurityEventKind.SIGNED_OUT, "ana@example.org", "/accounts/logout/"),
    ]
    failed = SecurityEvent.objects.order_by("pk").first()
    assert (failed.user, failed.ip, failed.user_agent) == (None, "127.0.0.1", "Firefox")
    assert SecurityEvent.objects.filter(event=SecurityEventKind.SIGNED_IN).get().user == member


def test_a_refusal_outside_a_request_is_logged_once_its_transaction_commits(
    django_capture_on_commit_callbacks,
):
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Forbidden):
        require(member, "directory.verify_organisation")
    event = SecurityEvent.objects.get()
    assert (event.event, event.user, event.detail, event.path) == (
        SecurityEventKind.ACCESS_DENIED,
        member,
        "directory.verify_organisation",
        "",
    )


def test_the_security_log_is_for_programme_managers_only_and_filters_by_email(client):
    SecurityEventFactory(email="ana@example.org", event=SecurityEventKind.SIGN_IN_FAILED)
    SecurityEventFactory(email="ben@example.org")
    member = UserFactory()
    sign_in(client, member)
    assert client.get("/security-log/").status_code == 403
    manager = ProgrammeManagerFactory()
    sign_in(client, manager)
    response = client.get("/security-log/", {"email": "ANA@example.org"})
    assert response.status_code == 200
    assert [event.email for event in response.context["page"].object_list] == ["ana@example.org"]
    assert "Sign-in failed" in response.content.decode()


def test_second_factor_steps_are_logged_passed_and_failed(client):
    # given a programme manager whose password was right
    manager = ProgrammeManagerFactory()
    client.post("/accounts/login/", {"login": manager.email, "password": PASSWORD})
    # when a wrong code, then the right one
    client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    client.post("/accounts/2fa/authenticate/", {"code": _code()})
    # then both steps and the sign-in are logged for the manager
    assert _events() == [
        (SecurityEventKind.SECOND_FACTOR_FAILED, manager.email, "/accounts/2fa/authenticate/"),
        (SecurityEventKind.SECOND_FACTOR_PASSED, manager.email, "/accounts/2fa/authenticate/"),
        (SecurityEventKind.SIGNED_IN, manager.email, "/accounts/2fa/authenticate/"),
    ]
    assert set(SecurityEvent.objects.values_list("user", flat=True)) == {manager.pk}
    assert (
        SecurityEvent.objects.filter(event=SecurityEventKind.SECOND_FACTOR_PASSED).get().detail
        == "totp"
    )


def test_an_address_that_is_no_ip_address_is_left_out():
    assert _client({"REMOTE_ADDR": "unknown", "PATH_INFO": "/x/"})["ip"] is None
    assert _client({"REMOTE_ADDR": " 2001:db8::1 "})["ip"] == "2001:db8::1"
