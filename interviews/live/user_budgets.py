"""Budgets one user shares across all their sockets on this server process.

The per-socket token bucket (inbox.py) bounds each socket, but a user may hold 20 sockets:
at 40 messages a second each that is 800 a second from one account, enough to slow every
other session of the process (bench/abuse.py, ``max_rate``). And each handshake that gets
in costs a transaction to open and one to close: a connect/close loop from a few workers
kept the database's one sync thread busy (``flapping``). So a user also has, per process:

- a message bucket over all their sockets (``WS_USER_RATE_PER_SECOND``, burst
  ``WS_USER_RATE_BURST``): the socket that finds it empty is closed with 4429;
- a connect bucket (``WS_USER_CONNECTS_PER_MINUTE``, burst ``WS_USER_CONNECT_BURST``): a
  handshake beyond it is closed with 4429 before it touches the database.

Per process, not in Redis: a Redis round trip per message would cost more than the message.
A user spread over N processes gets N budgets, which still bounds them (the socket caps in
Redis bound N's effect).
"""

from __future__ import annotations

import time

from django.conf import settings

from .inbox import TokenBucket

# Buckets idle this long are full again anyway: forgetting them changes nothing.
IDLE_FORGET_SECONDS = 300


class _Budgets:
    def __init__(self) -> None:
        self.buckets: dict[int, TokenBucket] = {}
        self.swept_at = time.monotonic()

    def take(self, user_id: int, rate: float, burst: int) -> bool:
        bucket = self.buckets.get(user_id)
        if bucket is None:
            bucket = self.buckets[user_id] = TokenBucket(rate, burst)
        taken = bucket.take()
        self._forget_idle()
        return taken

    def _forget_idle(self) -> None:
        now = time.monotonic()
        if now - self.swept_at < IDLE_FORGET_SECONDS:
            return
        self.swept_at = now
        for user_id, bucket in list(self.buckets.items()):
            if now - bucket.stamp > IDLE_FORGET_SECONDS:
                del self.buckets[user_id]


_messages = _Budgets()
_connects = _Budgets()


def user_message_take(user_id: int) -> bool:
    """One message of this user's budget over all their sockets; False when it is spent."""
    limits = settings.DESIGNROOM
    return _messages.take(user_id, limits["WS_USER_RATE_PER_SECOND"], limits["WS_USER_RATE_BURST"])


def user_connect_take(user_id: int) -> bool:
    """One handshake of this user's budget; False when it is spent."""
    limits = settings.DESIGNROOM
    per_second = limits["WS_USER_CONNECTS_PER_MINUTE"] / 60
    return _connects.take(user_id, per_second, limits["WS_USER_CONNECT_BURST"])


def user_budgets_reset() -> None:
    """Start every user with full buckets (tests)."""
    _messages.buckets.clear()
    _connects.buckets.clear()
