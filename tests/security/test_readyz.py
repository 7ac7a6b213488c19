"""/readyz: anonymous callers learn ok/fail only; staff and the READYZ_TOKEN get details;
every check gives up after its timeout (a port that accepts and never answers)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection

from bench.ports import free_port
from tests.conftest import requires_services

pytestmark = pytest.mark.django_db


@contextmanager
def blackhole() -> Iterator[int]:
    """A port whose kernel accepts connections that nobody ever reads or answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield s.getsockname()[1]


def test_anonymous_readyz_says_only_ok_or_fail(client, settings):
    port = free_port()
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "fail"},
    }
    text = response.content.decode()
    for leak in ("127.0.0.1", str(port), "Error", "refused", "ms"):
        assert leak not in text


def test_staff_see_the_reason_and_latency(client, settings, staff_user):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    client.force_login(staff_user)
    body = client.get("/readyz").json()
    assert body["checks"]["redis"]["ok"] is False
    assert "Error" in body["checks"]["redis"]["error"]
    assert body["checks"]["database"]["ms"] >= 0


def test_signed_in_non_staff_get_no_details(client, settings, user):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    client.force_login(user)
    assert client.get("/readyz").json()["checks"] == {"database": "ok", "redis": "fail"}


def test_the_readyz_token_unlocks_details_and_a_wrong_one_does_not(client, settings):
    settings.READYZ_TOKEN = "probe-secret-1"
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    good = client.get("/readyz", HTTP_X_READYZ_TOKEN="probe-secret-1").json()
    assert good["checks"]["redis"]["ok"] is False
    bad = client.get("/readyz", HTTP_X_READYZ_TOKEN="probe-secret-2").json()
    assert bad["checks"]["redis"] == "fail"


def test_no_token_configured_means_no_token_unlocks(client, settings):
    settings.READYZ_TOKEN = ""
    body = client.get("/readyz", HTTP_X_READYZ_TOKEN="").json()
    assert body["checks"]["database"] == "ok"


def test_a_redis_that_never_answers_fails_by_timeout(client, settings, staff_user):
    settings.READYZ_TIMEOUT_SECONDS = 0.5
    client.force_login(staff_user)
    with blackhole() as port:
        settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
        body = client.get("/readyz").json()
    assert body["status"] == "unavailable"
    assert "timeout" in body["checks"]["redis"]["error"].lower()


@requires_services
def test_a_database_that_hands_out_no_connection_fails_by_the_checks_timeout(
    client, settings, staff_user
):
    """The pool's connections all taken (as when PostgreSQL is gone and the pool waits to
    reconnect): the check gives up after READYZ_TIMEOUT_SECONDS, not the pool's 10 s; the
    error says after how long."""
    from psycopg_pool import PoolTimeout

    settings.READYZ_TIMEOUT_SECONDS = 1
    client.force_login(staff_user)
    pool = connection.pool
    taken = []
    try:
        while True:
            taken.append(pool.getconn(timeout=0.5))
    except PoolTimeout:
        pass
    try:
        response = client.get("/readyz")
    finally:
        for conn in taken:
            pool.putconn(conn)
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["checks"]["database"]["ok"] is False
    assert "after 1.00 sec" in body["checks"]["database"]["error"]
