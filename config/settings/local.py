"""Developer conveniences for `make run`: debug on, a throwaway secret, and the embedded
default for whichever of DATABASE_URL / REDIS_URL is unset."""

from .base import *  # noqa: F403
from .base import CSP_POLICY, env
from .embedded import *  # noqa: F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-do-not-deploy")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_ACCOUNT = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The policy is reported (browser console) rather than enforced while developing, so a new
# inline handler shows up as a warning instead of a broken page; production and the test
# suite enforce it.
SECURE_CSP = {}
SECURE_CSP_REPORT_ONLY = CSP_POLICY
