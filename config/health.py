"""Liveness and readiness probes for load balancers and orchestrators.

`/readyz` is public, so anonymously it says only ok/fail per check: no hosts, ports or
exception texts (they map the internal network for an attacker). Staff, or a caller that
sends `X-Readyz-Token` equal to the READYZ_TOKEN setting, also get the latency and the
reason of each failure. Every check gives up after READYZ_TIMEOUT_SECONDS, so the probe
answers quickly when a dependency is gone instead of waiting on the pool's timeout.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)
TOKEN_HEADER = "HTTP_X_READYZ_TOKEN"


@require_GET
@never_cache
def healthz(request):
    """The process is up and serving requests; checks no dependency."""
    return JsonResponse({"status": "ok"})


def _timeout() -> float:
    return float(getattr(settings, "READYZ_TIMEOUT_SECONDS", 2))


def _check_database() -> None:
    pool = getattr(connection, "pool", None) if connection.vendor == "postgresql" else None
    if pool is None:  # SQLite (a local file) or PostgreSQL without the pool
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return
    # The app's own pool, so "ready" means requests can get a connection, but with the
    # check's timeout: when PostgreSQL is gone the pool would wait DB_POOL_TIMEOUT (10 s).
    with pool.connection(timeout=_timeout()) as conn:
        conn.execute("SELECT 1").fetchone()


def _check_redis() -> None:
    import redis

    timeout = _timeout()
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        client.ping()
    finally:
        client.close()


def _timed(name: str, check: Callable[[], None]) -> dict:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:  # any failure means "not ready"; the reason is for staff only
        log.warning("readiness check %s failed: %s: %s", name, type(exc).__name__, exc)
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300], "ms": _ms(started)}
    return {"ok": True, "ms": _ms(started)}


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _may_see_details(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    expected = getattr(settings, "READYZ_TOKEN", "")
    given = request.META.get(TOKEN_HEADER, "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready when the database (and Redis, when configured) answer; 503 otherwise."""
    checks = {"database": _timed("database", _check_database)}
    if settings.REDIS_URL:
        checks["redis"] = _timed("redis", _check_redis)
    ready = all(c["ok"] for c in checks.values())
    body: dict = {"status": "ok" if ready else "unavailable"}
    if _may_see_details(request):
        body["checks"] = checks
    else:
        body["checks"] = {name: "ok" if c["ok"] else "fail" for name, c in checks.items()}
    return JsonResponse(body, status=200 if ready else 503)
