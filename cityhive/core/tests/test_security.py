"""Headers every page carries, and who may claim HTTPS for a request."""

import re

import pytest
from django.test import override_settings

from cityhive.site.management.commands.serve import server_argv

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HTTPS_BEHIND_PROXY = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
}


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/solutions/", "/accounts/login/", "/api/docs"])
def test_pages_allow_scripts_from_the_site_only(client, path):
    response = client.get(path)
    directives = _directives(response)
    assert directives["script-src"] == "script-src 'self'"
    assert directives["object-src"] == "object-src 'none'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert INLINE_SCRIPT.findall(response.content.decode()) == []


def test_pages_turn_off_browser_features_never_used(client):
    policy = client.get("/")["Permissions-Policy"]
    assert policy == (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    )


@override_settings(**HTTPS_BEHIND_PROXY, TRUSTED_PROXIES=[])
def test_a_client_cannot_claim_https_by_header(client):
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert (response.status_code, response["Location"]) == (301, "https://testserver/")
    assert "Strict-Transport-Security" not in response


@override_settings(**HTTPS_BEHIND_PROXY, TRUSTED_PROXIES=["127.0.0.0/8"])
def test_a_configured_proxy_may_say_the_request_came_over_https(client):
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200


@override_settings(TRUSTED_PROXIES=[])
def test_gunicorn_trusts_no_forwarded_headers_and_shares_no_control_socket():
    argv = server_argv("gunicorn", host="127.0.0.1", port=8000, workers=2)
    assert "--no-control-socket" in argv
    assert argv[argv.index("--forwarded-allow-ips") + 1] == ""


@override_settings(TRUSTED_PROXIES=["10.0.0.5", "192.168.0.0/16"])
def test_gunicorn_trusts_the_configured_proxies():
    argv = server_argv("gunicorn", host="127.0.0.1", port=8000, workers=2)
    assert argv[argv.index("--forwarded-allow-ips") + 1] == "10.0.0.5,192.168.0.0/16"


def test_pages_name_their_icon_from_the_site(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/core/favicon.svg" type="image/svg+xml">' in html
