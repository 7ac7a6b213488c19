"""Who a websocket is: Channels' session authentication, read off the database's one sync
thread.

Channels' ``AuthMiddleware`` loads the session and the user with ``database_sync_to_async``,
on the single thread every command's transaction also runs on. A storm of handshakes
(150 opened at once by one account, bench/abuse.py ``sockets``) then queued two queries each
ahead of every other session's ops: a victim's op waited seconds. The same two queries run
here in the default executor's threads instead (their connections closed after, so the
pool gets them back), so handshakes and ops no longer wait for each other.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from channels.auth import AuthMiddleware, get_user
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.db import close_old_connections, connections


class OffThreadAuthMiddleware(AuthMiddleware):
    async def resolve_scope(self, scope: dict) -> None:
        scope["user"]._wrapped = await sync_to_async(_user_of, thread_sensitive=False)(scope)


def _user_of(scope: dict) -> Any:
    close_old_connections()
    try:
        return get_user.func(scope)  # Channels' own lookup, undecorated
    finally:
        connections.close_all()  # this thread's connections only: back to the pool


def auth_middleware_stack(inner: Any) -> Any:
    """Channels' ``AuthMiddlewareStack``, with the lookup off the sync thread."""
    return CookieMiddleware(SessionMiddleware(OffThreadAuthMiddleware(inner)))
