"""Who may hold a live socket: caps on the sockets one user has open, and revocations that
close the sockets of a user who logged out, was deactivated or was removed from a session.

Both are shared by every server process, so they live in Redis when ``REDIS_URL`` is set
(the embedded default runs one process and keeps them in memory):

- each open socket is a member of two sorted sets, the user's and the user's in that
  session, scored with the time it expires; the process holding the socket pushes that
  time forward every ``SOCKET_REFRESH_SECONDS`` (``sockets_refresh``). A process that dies
  stops refreshing, and its sockets stop counting ``SOCKET_TTL_SECONDS`` later: no count
  leaks. Counting and adding is one Lua script, so two processes can't both take the last
  place;
- a revocation is a key holding when it happened; every process reads the keys of its own
  sockets about once a second and closes those opened before it (``interviews.live.watch``).

Redis being down must not keep anyone out of a session: the caps then let sockets in (and
say so at WARNING); the sockets themselves are closed by the channel layer's outage anyway.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import redis
import redis.asyncio as aioredis
from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)

SOCKET_TTL_SECONDS = 30
SOCKET_REFRESH_SECONDS = 10
REVOCATION_TTL_SECONDS = 600  # longer than any process takes to notice one
# Redis calls here are small; a Redis that does not answer within this is treated as down.
REDIS_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True)
class SocketKey:
    """One open socket, as the caps and the revocations know it."""

    channel_name: str
    user_id: int
    session_id: str
    login_key: str  # the Django session key the socket authenticated with ('' if none)
    participant_id: int | None = None


class CapRefusal:
    PER_SESSION = "per_session"
    PER_USER = "per_user"


def socket_caps() -> tuple[int, int]:
    """(sockets per user in one session, sockets per user over all sessions)."""
    limits = settings.DESIGNROOM
    return int(limits["WS_SOCKETS_PER_USER_SESSION"]), int(limits["WS_SOCKETS_PER_USER"])


def _namespace() -> str:
    # One Redis may serve several deployments (or test databases): keys name the database.
    return f"dr:{connections['default'].settings_dict['NAME']}:live:"


def _user_key(user_id: int) -> str:
    return f"{_namespace()}sockets:u{user_id}"


def _user_session_key(user_id: int, session_id: str) -> str:
    return f"{_namespace()}sockets:u{user_id}:s{session_id}"


def revocation_keys(socket: SocketKey) -> list[str]:
    """The revocation keys that, when newer than the socket, close it."""
    ns = _namespace()
    keys = [f"{ns}revoked:user:{socket.user_id}"]
    if socket.login_key:
        keys.append(f"{ns}revoked:login:{socket.login_key}")
    if socket.participant_id is not None:
        keys.append(f"{ns}revoked:participant:{socket.participant_id}")
    return keys


# --- the Redis clients ---------------------------------------------------------------------

_sync_client: redis.Redis | None = None
_async_clients: dict[Any, aioredis.Redis] = {}  # one per event loop: they bind to it


def _redis_url() -> str:
    return str(getattr(settings, "REDIS_URL", "") or "")


def _sync_redis() -> redis.Redis:
    global _sync_client
    if _sync_client is None:
        _sync_client = redis.Redis.from_url(
            _redis_url(),
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
    return _sync_client


def _async_redis() -> aioredis.Redis:
    import asyncio

    loop = asyncio.get_running_loop()
    client = _async_clients.get(loop)
    if client is None:
        for old in [known for known in _async_clients if known.is_closed()]:
            del _async_clients[old]
        client = aioredis.Redis.from_url(
            _redis_url(),
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
        _async_clients[loop] = client
    return client


# --- the in-process store (embedded default: one process) ----------------------------------


class _Memory:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sockets: dict[str, SocketKey] = {}
        self.revoked: dict[str, float] = {}

    def add(self, socket: SocketKey, per_session: int, per_user: int) -> str | None:
        with self.lock:
            mine = [s for s in self.sockets.values() if s.user_id == socket.user_id]
            if sum(s.session_id == socket.session_id for s in mine) >= per_session:
                return CapRefusal.PER_SESSION
            if len(mine) >= per_user:
                return CapRefusal.PER_USER
            self.sockets[socket.channel_name] = socket
            return None


_memory = _Memory()


def live_access_reset() -> None:
    """Forget every socket and revocation of this database (tests start from nothing)."""
    with _memory.lock:
        _memory.sockets.clear()
        _memory.revoked.clear()
    if _redis_url():
        client = _sync_redis()
        keys = list(client.scan_iter(match=f"{_namespace()}*", count=500))
        if keys:
            client.delete(*keys)


# --- caps ----------------------------------------------------------------------------------

# KEYS: the user's set, the user's set in this session. ARGV: now, expiry of the new
# member, the member, the per-session cap, the per-user cap, the keys' own TTL.
_ADD_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return 0 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[5]) then return 2 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
return 0
"""
_REFUSALS = {1: CapRefusal.PER_SESSION, 2: CapRefusal.PER_USER}


async def asocket_add(socket: SocketKey) -> str | None:
    """Count a new socket in; return why it is refused (a ``CapRefusal``), or None."""
    per_session, per_user = socket_caps()
    if not _redis_url():
        return _memory.add(socket, per_session, per_user)
    now = time.time()
    keys = [_user_key(socket.user_id), _user_session_key(socket.user_id, socket.session_id)]
    args: list[str | float] = [now, now + SOCKET_TTL_SECONDS, socket.channel_name]
    args += [per_session, per_user, SOCKET_TTL_SECONDS * 2]
    try:
        refused = await _async_redis().eval(_ADD_SCRIPT, 2, *keys, *args)
    except (redis.RedisError, OSError):
        logger.warning("socket caps unavailable (Redis); letting user %s in", socket.user_id)
        return None
    return _REFUSALS.get(int(refused))


async def asocket_remove(socket: SocketKey) -> None:
    """Count a closed socket out (a failure only delays that to its expiry)."""
    if not _redis_url():
        with _memory.lock:
            _memory.sockets.pop(socket.channel_name, None)
        return
    keys = (_user_key(socket.user_id), _user_session_key(socket.user_id, socket.session_id))
    try:
        async with _async_redis().pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.zrem(key, socket.channel_name)
            await pipe.execute()
    except (redis.RedisError, OSError):
        logger.warning("socket %s not counted out (Redis); it expires", socket.channel_name)


async def asockets_refresh(sockets: list[SocketKey]) -> None:
    """Push the expiry of this process's open sockets forward (sockets of a dead process
    are not refreshed and stop counting)."""
    if not _redis_url() or not sockets:
        return
    expires = time.time() + SOCKET_TTL_SECONDS
    async with _async_redis().pipeline(transaction=False) as pipe:
        for socket in sockets:
            for key in (
                _user_key(socket.user_id),
                _user_session_key(socket.user_id, socket.session_id),
            ):
                pipe.zadd(key, {socket.channel_name: expires}, xx=True)
                pipe.expire(key, SOCKET_TTL_SECONDS * 2)
        await pipe.execute()


# --- revocations ---------------------------------------------------------------------------


def live_access_revoke(
    *, user_id: int | None = None, login_key: str = "", participant_id: int | None = None
) -> None:
    """Close the open sockets of a user, of one login, or of one participant, on every
    process (within about a second of the commit)."""
    ns = _namespace()
    keys = []
    if user_id is not None:
        keys.append(f"{ns}revoked:user:{user_id}")
    if login_key:
        keys.append(f"{ns}revoked:login:{login_key}")
    if participant_id is not None:
        keys.append(f"{ns}revoked:participant:{participant_id}")
    transaction.on_commit(lambda: _revocations_store(keys, time.time()))


def _revocations_store(keys: list[str], at: float) -> None:
    if not _redis_url():
        with _memory.lock:
            _memory.revoked.update(dict.fromkeys(keys, at))
        return
    try:
        with _sync_redis().pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.set(key, at, ex=REVOCATION_TTL_SECONDS)
            pipe.execute()
    except (redis.RedisError, OSError):
        logger.warning("revocation of %s not stored (Redis): open sockets stay open", keys)


async def arevocations_read(keys: list[str]) -> dict[str, float]:
    """When each of ``keys`` was revoked (keys never revoked are absent)."""
    if not keys:
        return {}
    if not _redis_url():
        with _memory.lock:
            return {k: _memory.revoked[k] for k in keys if k in _memory.revoked}
    values = await _async_redis().mget(keys)
    return {key: float(value) for key, value in zip(keys, values, strict=True) if value}


# --- what revokes --------------------------------------------------------------------------


def live_access_receivers_connect() -> None:
    """Revoke on every path that ends someone's right to a socket: logging out, a user
    deactivated or deleted, a participant deleted (admin, shell or cascade alike)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.signals import user_logged_out
    from django.db.models.signals import post_delete, post_save

    from ..models import Participant

    user_model = get_user_model()
    user_logged_out.connect(_on_logout, dispatch_uid="live_access_logout")
    post_save.connect(_on_user_saved, sender=user_model, dispatch_uid="live_access_user_saved")
    post_delete.connect(_on_user_deleted, sender=user_model, dispatch_uid="live_access_user_gone")
    post_delete.connect(
        _on_participant_deleted, sender=Participant, dispatch_uid="live_access_participant_gone"
    )


def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    login_key = getattr(session, "session_key", None) or ""
    if login_key:
        live_access_revoke(login_key=login_key)


def _on_user_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created and not instance.is_active:
        live_access_revoke(user_id=instance.pk)


def _on_user_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    live_access_revoke(user_id=instance.pk)


def _on_participant_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    live_access_revoke(participant_id=instance.pk)
