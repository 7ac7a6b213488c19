"""Liveness and readiness, with the real database and Redis; Redis down means 503.

What anonymous callers may see is in tests/security/test_readyz.py."""

import pytest
from django.conf import settings

from bench.ports import free_port

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_without_touching_dependencies(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_each_check_with_latency_to_staff(client, staff_user):
    client.force_login(staff_user)
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["database"]["ms"] >= 0
    assert ("redis" in body["checks"]) == bool(settings.REDIS_URL)


def test_readyz_is_503_when_redis_is_down(client, settings, staff_user):
    client.force_login(staff_user)
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"]["ok"] is False
    assert "Error" in body["checks"]["redis"]["error"]
    assert body["checks"]["database"]["ok"] is True
