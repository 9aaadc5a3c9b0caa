"""Production settings: refuse to start without a real secret; secure cookies and transport."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings.environment import env_bool

if len(os.environ.get("SECRET_KEY", "")) < 50:
    raise ImproperlyConfigured(
        "Production needs SECRET_KEY in the environment: at least 50 random characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )

from config.settings.base import *  # noqa: F403

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
