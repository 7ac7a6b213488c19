"""Messages that are not events: no seq, not stored, sent to a session's open sockets by role.

The live analysis' results (``insight``) are recomputed from the log at any time, so they are
relayed rather than logged. The sender gives one message per role (``None``: nothing for
that role); the consumer sends each socket its role's message and nothing else, so what
an interviewer may see never travels to a candidate's socket, even as a field it ignores.
The live wing installs how they reach the channel layer (``live.broadcast.relay_publish``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

ByRole = Mapping[str, dict | None]
RelayPublisher = Callable[[str, ByRole], None]

_publisher: RelayPublisher | None = None


def relay_publisher_install(publisher: RelayPublisher) -> None:
    global _publisher
    _publisher = publisher


def relay_publish(*, session_id: object, by_role: ByRole) -> bool:
    """Send each role of the session its message now (from synchronous code, after any
    transaction). False when no publisher is installed (nothing was sent)."""
    if _publisher is None:
        return False
    _publisher(str(session_id), dict(by_role))
    return True
