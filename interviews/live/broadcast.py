"""Fan-out of committed session events to every socket, on every server process.

Services hand their committed events to ``interviews.events``; this is where they reach the
channel layer. The consumer publishes what it collected with ``aevents_publish`` (from the
event loop); every other door goes through ``events_publish``, which ``InterviewsConfig``
installs as the publisher of ``interviews.events``.
"""

from __future__ import annotations

from collections.abc import Mapping

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from ..events import Committed, Published


def session_group(session_id: object) -> str:
    return f"session.{session_id}"


def events_publish(committed: Committed) -> None:
    """Publish committed events from synchronous code (a view, a task, the shell)."""
    async_to_sync(aevents_publish)(session_id=committed.session_id, events=committed.events)


async def aevents_publish(
    *,
    session_id: str,
    events: list[Published],
    origin: str = "",
    ref: str | None = None,
    ref_seq: int | None = None,
) -> None:
    """Send committed events to the session's group in one channel-layer message.

    ``origin`` is the sending socket's channel: it was answered directly (op.ack,
    private_note.saved) and skips those; ``ref``/``ref_seq`` mark the event that answers it.
    """
    if not events:
        return
    layer = get_channel_layer()
    if layer is None:
        return
    await layer.group_send(
        session_group(session_id),
        {
            "type": "session.events",
            "events": events,
            "origin": origin,
            "ref": ref,
            "ref_seq": ref_seq,
        },
    )


def relay_publish(session_id: str, by_role: Mapping[str, dict | None]) -> None:
    """Relay a message that is not an event (``interviews.relay``) to the session's sockets."""
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(
            session_group(session_id), {"type": "session.relay", "by_role": dict(by_role)}
        )
