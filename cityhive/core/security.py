"""Response headers and proxy trust that protect every page."""

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")


def is_trusted_proxy(address: str) -> bool:
    """Whether a peer address is one of the configured proxies (TRUSTED_PROXIES)."""
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


@lru_cache(maxsize=4)
def _networks(proxies: tuple[str, ...]) -> tuple:
    """The configured proxies as networks, parsed once rather than on every request."""
    return tuple(ipaddress.ip_network(proxy) for proxy in proxies)


class TrustedProxyMiddleware:
    """Drop X-Forwarded-* headers unless a configured proxy sent them.

    Otherwise any client could claim HTTPS with `X-Forwarded-Proto: https` over plain HTTP and be
    served (with HSTS) instead of redirected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Turn off the browser features CityHive never uses (camera, location, payment, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
