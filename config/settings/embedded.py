"""The embedded default, for local and test settings only: whatever DATABASE_URL and
REDIS_URL leave unset runs in-process (a SQLite file; the in-memory channel layer, eager
Celery tasks and the locmem cache). Production never imports this module.
"""

from typing import Any

from . import base
from .base import BASE_DIR, DATABASE_URL, REDIS_URL, env

DATABASES = (
    base.DATABASES
    if DATABASE_URL
    else {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
)

if not REDIS_URL:
    CHANNEL_LAYERS: dict[str, dict[str, Any]] = {
        # Channels' in-memory layer, logging drops and telling the socket to resync
        # (interviews/live/channel_layer.py).
        "default": {"BACKEND": "interviews.live.channel_layer.LoudInMemoryChannelLayer"}
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True

# Emails go to the console unless the environment names a backend.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-emails"))
