"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CORE_PACK = Path(settings.BASE_DIR) / "content" / "packs" / "core"

requires_services = pytest.mark.skipif(
    not settings.TESTING_WITH_SERVICES, reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL"
)


@pytest.fixture
def core_content(db):
    """The built-in content pack, loaded."""
    call_command("loadcontent", str(CORE_PACK), verbosity=0)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="ada", password="pw-ada-123456")


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user(username="grace", password="pw-grace-123456")


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="pw-root-123456")


@pytest.fixture(autouse=True)
def _fresh_local_cache():
    """The embedded default's cache is per process: empty it per test so counters kept there
    (throttles, regenerate budgets) do not carry over between tests that reuse user ids.
    Redis (real-stack runs) is left alone: the test settings give each run its own key
    prefix, and within a run PostgreSQL never reuses an id."""
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()
