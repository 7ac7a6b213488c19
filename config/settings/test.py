"""Settings for the test suite: the embedded default unless DATABASE_URL/REDIS_URL are set."""

import secrets

from . import base, embedded
from .base import *  # noqa: F403
from .base import REDIS_URL, env
from .embedded import *  # noqa: F403
from .embedded import DATABASES

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = (
        {"NAME": env("SQLITE_TEST_PATH", default="")} if env("SQLITE_TEST_PATH", default="") else {}
    )
# Eager tasks in tests unless a test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = True
TESTING_WITH_SERVICES = bool(REDIS_URL) and DATABASES["default"]["ENGINE"].endswith("postgresql")
# Serve static files straight from the finders; tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each test process gets cache keys of its own: the test database is recreated every run, so
# user ids repeat between runs, and counters kept under them in Redis (regenerate budgets,
# throttles) must not carry over from the previous run.
_cache = embedded.CACHES if hasattr(embedded, "CACHES") else base.CACHES
CACHES = {"default": {**_cache["default"], "KEY_PREFIX": f"test-{secrets.token_hex(4)}"}}
# The live analysis runs beside the request on a thread of its own; most tests commit in a
# transaction that thread cannot see, so it is off unless a test (or the browser tests'
# server, through the environment) turns it on.
DESIGNROOM = {**base.DESIGNROOM, "INSIGHT_ENABLED": env.bool("INSIGHT_ENABLED", default=False)}
