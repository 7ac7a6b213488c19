"""This process's open sockets, watched: their place under the caps is kept alive, and the
sockets whose access was revoked (logout, deactivation, removal) are closed.

One task per event loop, running while the loop has sockets: every ``CHECK_SECONDS`` it
reads the revocation keys of all its sockets in one round trip, and every
``SOCKET_REFRESH_SECONDS`` it pushes their expiry forward (``services.live_access``). It
never touches a consumer's op path: a revoked socket is closed like any other, and its
consumer's disconnect runs as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Protocol

import redis

from ..services.live_access import (
    SOCKET_REFRESH_SECONDS,
    SocketKey,
    arevocations_read,
    asockets_refresh,
    revocation_keys,
)

logger = logging.getLogger(__name__)

CHECK_SECONDS = 1.0
# A revocation this close before the socket opened may have raced its handshake: close it.
CLOCK_MARGIN_SECONDS = 1.0


class Watched(Protocol):
    socket_key: SocketKey
    opened_at: float  # time.time() when the handshake began

    async def access_revoked(self, reason: str) -> None: ...


class _Watch:
    def __init__(self) -> None:
        self.sockets: set[Watched] = set()
        self.task: asyncio.Task | None = None
        self.refreshed_at = time.monotonic()
        self.failing = False

    def add(self, socket: Watched) -> None:
        self.sockets.add(socket)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    def discard(self, socket: Watched) -> None:
        self.sockets.discard(socket)

    async def _run(self) -> None:
        while self.sockets:
            await asyncio.sleep(CHECK_SECONDS)
            try:
                await self.check()
                self.failing = False
            except (redis.RedisError, OSError):
                if not self.failing:  # once per outage, not once a second
                    logger.warning("socket watch: Redis unavailable, retrying")
                self.failing = True
            except Exception:
                logger.exception("socket watch failed; retrying")

    async def check(self) -> None:
        sockets = list(self.sockets)
        if time.monotonic() - self.refreshed_at >= SOCKET_REFRESH_SECONDS:
            await asockets_refresh([s.socket_key for s in sockets])
            self.refreshed_at = time.monotonic()
        keys_of = {s: revocation_keys(s.socket_key) for s in sockets}
        revoked = await arevocations_read(sorted({k for keys in keys_of.values() for k in keys}))
        if not revoked:
            return
        for socket, keys in keys_of.items():
            reason = next(
                (k for k in keys if revoked.get(k, 0) >= socket.opened_at - CLOCK_MARGIN_SECONDS),
                None,
            )
            if reason is not None and socket in self.sockets:
                self.sockets.discard(socket)
                with contextlib.suppress(Exception):
                    await socket.access_revoked(reason)


_watches: dict[asyncio.AbstractEventLoop, _Watch] = {}


def _watch() -> _Watch:
    loop = asyncio.get_running_loop()
    watch = _watches.get(loop)
    if watch is None:
        for old in [known for known in _watches if known.is_closed()]:
            del _watches[old]
        watch = _watches[loop] = _Watch()
    return watch


def watch_add(socket: Watched) -> None:
    _watch().add(socket)


def watch_discard(socket: Watched) -> None:
    _watch().discard(socket)
