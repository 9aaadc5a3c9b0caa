"""Settings for the test suite: a throw-away data folder, fast hashing, mail kept in memory."""

import os
import tempfile

os.environ.setdefault("CITYHIVE_DATA_DIR", tempfile.mkdtemp(prefix="cityhive-test-"))

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
ALLOWED_HOSTS = ["*"]
# The on-disk index outlives a test's database; tests of the semantic signal enable it with their
# own data folder.
MATCHING_SEMANTIC = False
# Tests see every change at once; core/tests/test_public_cache.py turns the public cache on.
PUBLIC_CACHE_SECONDS = 0
# Tests build the SDG tagger when they use it, not in a background thread.
SDG_TAGGER_WARM = False
# Nor do they warm matching documents in one (config/wsgi.py is imported by the API fuzz test).
MATCHING_WARM = False
# Task workers started by tests do not wait for the test client's requests;
# core/tests/test_activity.py turns the waiting on.
BACKGROUND_YIELD_SECONDS = 0
