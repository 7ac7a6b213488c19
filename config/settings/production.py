"""Production: secrets and services required, HTTPS enforced, static files hashed.

Fails closed: without DJANGO_SECRET_KEY, DATABASE_URL or REDIS_URL the process refuses to
start, rather than quietly running on SQLite, the in-memory channel layer and eager tasks.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASE_URL, REDIS_URL, SECRET_KEY, env

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set (50+ random characters) in production."
    )
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL must be set in production (e.g. postgres://user@host:5432/designroom)."
    )
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (e.g. redis://host:6379/0): it carries the "
        "channel layer, Celery and the cache."
    )

DEBUG = False
# X-Forwarded-Proto says "this came over HTTPS" only when a proxy in front sets it (and
# drops what clients send): otherwise any client could claim HTTPS. Set
# DJANGO_BEHIND_PROXY=true behind a TLS-terminating proxy (docs/deploy.md).
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Call recordings (the default storage): the filesystem under MEDIA_ROOT unless a bucket is
# named; then S3 or any S3-compatible store (MinIO, R2, ...) through django-storages.
# Credentials come the usual boto3 way (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the
# instance's role). Objects are private; the app streams them to participants itself.
RECORDINGS_BUCKET = env("RECORDINGS_S3_BUCKET", default="")
if RECORDINGS_BUCKET:
    STORAGES: dict[str, dict[str, Any]] = {  # type: ignore[no-redef]
        **STORAGES,  # noqa: F405
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": RECORDINGS_BUCKET,
                "endpoint_url": env("RECORDINGS_S3_ENDPOINT_URL", default=None),
                "region_name": env("RECORDINGS_S3_REGION", default=None),
                "location": env("RECORDINGS_S3_PREFIX", default=""),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
