"""How committed session events leave a service: one function, after COMMIT, never before.

Every service ends by calling ``events_publish_on_commit`` with the events it logged. That
registers a ``transaction.on_commit`` callback, so an event leaves only once the
transaction that wrote it has committed, and never when it rolls back. What the callback
does depends on the door the service was called through:

- a door that wants the events back (the websocket consumer and its op batcher) runs the
  service through ``call_collecting``: the committed events are handed to it, and it
  publishes them itself from the event loop (Django's single sync thread is not held for a
  Redis round trip, and the sender's own copy can be marked);
- any other door (a view, a Celery task, the shell) publishes right after commit through
  the publisher the live wing installs (``interviews.live.broadcast``) at start-up.

This module knows no transport: it hands committed events to whoever asked for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction

from .hooks import session_changed_hooks_run
from .models import SessionEvent
from .selectors.snapshot import event_message

T = TypeVar("T")

# One message per committed event: {"message": <wire message>, "visibility": "all"|"interviewer"}
Published = dict[str, Any]


@dataclass(frozen=True)
class Committed:
    """Events one transaction committed for one session, in seq order."""

    session_id: str
    events: list[Published]


Publisher = Callable[[Committed], None]

_publisher: Publisher | None = None
_outbox: ContextVar[list[Committed] | None] = ContextVar("interviews_outbox", default=None)


def event_published(event: SessionEvent) -> Published:
    return {"message": event_message(event), "visibility": event.visibility}


def events_publish_on_commit(*, session_id: object, events: Iterable[SessionEvent]) -> None:
    """Send ``events`` to the session's sockets once the current transaction commits."""
    committed = Committed(str(session_id), [event_published(e) for e in events])
    if committed.events:
        transaction.on_commit(lambda: _deliver(committed))


def _deliver(committed: Committed) -> None:
    outbox = _outbox.get()
    if outbox is not None:
        outbox.append(committed)
    elif _publisher is not None:
        _publisher(committed)
    else:  # only before the app registry is ready; a misconfiguration, not a normal path
        raise RuntimeError("no event publisher is installed (InterviewsConfig.ready)")
    session_changed_hooks_run(committed.session_id, [e["message"] for e in committed.events])


def publisher_install(publisher: Publisher) -> None:
    """Set how the doors without an outbox publish (the live wing does, at start-up)."""
    global _publisher
    _publisher = publisher


def call_collecting(service: Callable[..., T], /, **kwargs: Any) -> tuple[T, list[Committed]]:
    """Run a service and return what it committed for publishing instead of publishing it.

    A refused command can still have committed something (the auto-advance catch-up that
    preceded it); that rides on the exception as ``published`` so it is not lost.
    """
    outbox: list[Committed] = []
    token = _outbox.set(outbox)
    try:
        result = service(**kwargs)
    except Exception as exc:
        exc.published = outbox  # type: ignore[attr-defined]
        raise
    finally:
        _outbox.reset(token)
    return result, outbox
