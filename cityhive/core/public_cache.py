"""Public pages and API reads kept for a few seconds for anonymous visitors.

Most traffic to a catalogue is people who are not signed in, and they all see the same page for
the same address and language. `@public_cache` keeps such a view's answer for
`PUBLIC_CACHE_SECONDS` (10 by default; 0 turns it off) in the shared cache, so a busy page is
built once every few seconds instead of on every request. What a signed-in member sees is never
cached: a new or changed item reaches them at once and reaches anonymous visitors within those
seconds.

Only a plain request is answered from the cache: GET or HEAD, no `Authorization` header, no
session or flash-message cookie, not an htmx partial. Only a plain answer is kept: 200, not
streamed, no cookie set, not marked private or `no-store`. The key holds the host, the address
with its query string and the interface language.

Pages carry a CSRF token (the language switcher, htmx headers), which is each visitor's own: a
kept page holds a placeholder where the tokens were, and each answer from the cache gets the
visitor's own token (and so its cookie, from Django's CSRF middleware). Every token in a page is
found by unmasking each 64-character token-like word against the visitor's secret; the secret
itself never appears in a page. A page that shows the secret in any other form is not kept.
"""

import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils import translation

PLACEHOLDER = "cityhive-csrf-token-placeholder"
TOKEN_LIKE = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z0-9]{{{CSRF_TOKEN_LENGTH}}}(?![A-Za-z0-9])")


def public_cache(view):
    """Answer anonymous visitors from the shared cache for PUBLIC_CACHE_SECONDS (see above)."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        seconds = settings.PUBLIC_CACHE_SECONDS
        if seconds <= 0 or not plain_request(request):
            return view(request, *args, **kwargs)
        key = cache_key(request)
        kept = cache.get(key)
        if kept is not None:
            return answer_from(kept, request)
        response = view(request, *args, **kwargs)
        kept = keepable(response, request)
        if kept is not None:
            cache.set(key, kept, seconds)
        return response

    return cached_view


def plain_request(request) -> bool:
    """Whether every anonymous visitor would get the same answer to this request."""
    return (
        request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HX-Request" not in request.headers
        and not request.user.is_authenticated
    )


def cache_key(request) -> str:
    where = f"{request.get_host()}|{translation.get_language()}|{request.get_full_path()}"
    return "public-cache:" + hashlib.sha256(where.encode("utf-8")).hexdigest()


def keepable(response, request) -> dict | None:
    """What to keep of an answer (its body with the CSRF tokens taken out), or None."""
    cache_control = response.get("Cache-Control", "")
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or "private" in cache_control
        or "no-store" in cache_control
    ):
        return None
    content = response.content.decode(response.charset, errors="strict")
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        content = TOKEN_LIKE.sub(
            lambda word: PLACEHOLDER if _unmask(word.group(0)) == secret else word.group(0),
            content,
        )
        if secret in content:
            return None
    return {
        "content": content,
        "charset": response.charset,
        "content_type": response["Content-Type"],
        "csrf": PLACEHOLDER in content,
    }


def answer_from(kept: dict, request) -> HttpResponse:
    """A fresh response from a kept answer, with this visitor's own CSRF token."""
    content = kept["content"]
    if kept["csrf"]:
        content = content.replace(PLACEHOLDER, get_token(request))
    return HttpResponse(
        content.encode(kept["charset"]), content_type=kept["content_type"], charset=kept["charset"]
    )


def _unmask(word: str) -> str | None:
    try:
        return _unmask_cipher_token(word)
    except (ValueError, IndexError):
        return None
