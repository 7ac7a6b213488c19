"""Fan-out of committed session events to every socket, on every server process.

Services call ``events_publish_on_commit`` inside their transaction; nothing leaves before
COMMIT. What happens after commit depends on the door:

- a websocket consumer runs the service through ``call_collecting``: the committed events
  are handed back to it, and it publishes them from the event loop (so Django's single sync
  thread is not held for a Redis round trip, and the consumer can mark its own messages);
- any other door (a view, a task, the shell) publishes synchronously right after commit.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

T = TypeVar("T")

# One message per committed event: {"message": <wire message>, "visibility": "all"|"interviewer"}
Published = dict[str, Any]

_outbox: ContextVar[list[Published] | None] = ContextVar("interviews_outbox", default=None)


def session_group(session_id: object) -> str:
    return f"session.{session_id}"


def events_publish_on_commit(*, session_id: object, events: list[Published]) -> None:
    if not events:
        return
    transaction.on_commit(lambda: _publish_or_collect(str(session_id), events))


def _publish_or_collect(session_id: str, events: list[Published]) -> None:
    outbox = _outbox.get()
    if outbox is not None:
        outbox.extend(events)
    else:
        async_to_sync(aevents_publish)(session_id=session_id, events=events)


def call_collecting(service: Callable[..., T], /, **kwargs: Any) -> tuple[T, list[Published]]:
    """Run a service and return what it committed for publishing instead of publishing it.

    A refused command can still have committed something (the auto-advance catch-up that
    preceded it); that rides on the exception as ``published`` so it is not lost.
    """
    outbox: list[Published] = []
    token = _outbox.set(outbox)
    try:
        result = service(**kwargs)
    except Exception as exc:
        exc.published = outbox  # type: ignore[attr-defined]
        raise
    finally:
        _outbox.reset(token)
    return result, outbox


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
