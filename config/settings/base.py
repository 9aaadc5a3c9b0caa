"""Settings shared by every environment; each value can be set from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.settings.environment import data_dir, env_bool, env_list, persisted_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = data_dir()

SECRET_KEY = os.environ.get("SECRET_KEY") or persisted_secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The public address for links in emails; unset, links use the address each request came to.
SITE_URL = os.environ.get("SITE_URL", "")
# Reverse proxies (addresses or networks) whose X-Forwarded-* headers count; none by default.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_cotton",  # <c-button> and the other interface components (core/templates/cotton)
    "cityhive.core",  # before allauth, so its layout templates use ours
    "django_countries",
    "django_htmx",
    "django_tomselect",  # Tom Select's script and styles, from our origin (content/_form_assets)
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "cityhive.accounts",
    "cityhive.places",
    "cityhive.taxonomy",
    "cityhive.directory",
    "cityhive.audit",
    "cityhive.notifications",
    "cityhive.partnership",
    "cityhive.content",
    "cityhive.solutions",
    "cityhive.challenges",
    "cityhive.exchange",
    "cityhive.matching",
    "cityhive.sdg",
    "cityhive.engagement",
    "cityhive.assessment",
    "cityhive.events",
    "cityhive.projects",
    "cityhive.groups",
    "cityhive.site",
]

MIDDLEWARE = [
    "cityhive.core.security.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "cityhive.core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cityhive.core.activity.WebActivityMiddleware",
    "cityhive.core.middleware.NulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cityhive.accounts.middleware.SecondFactorMiddleware",
    "cityhive.accounts.middleware.PreferredLanguageMiddleware",
    "cityhive.core.middleware.DomainErrorMiddleware",
]

# No inline script anywhere; style attributes are allowed, <style> elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cityhive.core.context_processors.site",
                "cityhive.notifications.context_processors.unread",
            ],
        },
    },
]

_sqlite_path = DATA_DIR / "cityhive.sqlite3"
# A worker keeps its connection for 60 s on either database: on SQLite opening one costs about
# 2.4 ms a request (the PRAGMAs below and reading the schema), and a kept one keeps its page cache.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{_sqlite_path}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL: readers and one writer work at once. IMMEDIATE: a writer takes the write lock when
        # its transaction begins, so it waits there instead of failing on a lock upgrade.
        # A writer waits up to 30 s for the lock: a 10,000-line import holds it for several
        # seconds, and a write that waited is better than one refused with 503.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
            " PRAGMA foreign_keys=ON;"
        ),
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    # A file cache is shared by every worker process of one instance (rate limits need that).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
    # Scaling out: tasks wait in Redis and RQ workers (`cityhive rq_worker`) run them.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # The only backend that signs people in (the admin's form goes through it too).
    "allauth.account.auth_backends.AuthenticationBackend",
    "cityhive.accounts.backends.ProgrammeManagerBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_ADAPTER = "cityhive.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "cityhive.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CityHive] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CityHive"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CityHive <noreply@localhost>")
# Where the file email backend (django.core.mail.backends.filebased) writes its messages.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))

LANGUAGE_CODE = "en"
# Interface languages: the catalogues live in locale/ (ADR 0006); the .mo files are committed.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "uploads")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads are never served from a public folder: views stream them with safe headers.
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/uploads-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880  # form fields; uploaded files stream to disk
LOGO_MAX_BYTES = 2 * 1024 * 1024
SOLUTION_FILE_MAX_BYTES = 10 * 1024 * 1024

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Matching: the semantic signal from sentence embeddings (off: BM25 carries the text signal alone).
MATCHING_SEMANTIC = env_bool("MATCHING_SEMANTIC", True)
# Seconds an anonymous visitor's public page or API read is kept and shared (core/public_cache.py);
# 0 turns it off.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "10"))
# Build the SDG tagger in the background as a web or task worker starts (cityhive/sdg/warm.py).
SDG_TAGGER_WARM = env_bool("SDG_TAGGER_WARM", True)
MATCHING_ENCODER_THREADS = int(os.environ.get("MATCHING_ENCODER_THREADS", "2"))
# Texts per encoder call in background embedding: small calls keep web requests responsive.
MATCHING_EMBED_BATCH = int(os.environ.get("MATCHING_EMBED_BATCH", "16"))
# A task worker waits before each batch of heavy work until no web request has started on its host
# for WEB_QUIET_SECONDS, but never longer than BACKGROUND_YIELD_SECONDS (0: never waits); see
# cityhive/core/activity.py.
BACKGROUND_YIELD_SECONDS = float(os.environ.get("BACKGROUND_YIELD_SECONDS", "2"))
WEB_QUIET_SECONDS = float(os.environ.get("WEB_QUIET_SECONDS", "0.25"))
# SolutionDocs a worker keeps between matches (at most about 6.5 KiB each); 0 builds them every
# time. Enough for a catalogue of 20,000 solutions to be matched without building any.
MATCHING_DOCUMENT_CACHE = int(os.environ.get("MATCHING_DOCUMENT_CACHE", "20000"))
# Build those documents in the background as a web server process starts (matching/documents.py).
MATCHING_WARM = env_bool("MATCHING_WARM", True)

API_TOKEN_DEFAULT_DAYS = 90
INVITATION_VALID_DAYS = 14

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # bm25s sets its own logger to DEBUG on import; keep its index-building chatter out.
    "loggers": {"bm25s": {"level": "WARNING"}},
}
