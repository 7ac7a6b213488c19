"""Awareness on the session socket: carets in the notes (``notes.awareness``) and cursors on
the board (``board.cursor``), relayed through the channel layer to the session's other
sockets, whichever process holds them. Never stored, never logged, no seq: no database.

Observers send neither (``read_only``); they receive both, so they can follow someone's
view. A cursor is a position, so only the latest one matters: beyond ``CURSOR_PER_WINDOW``
relays in any ``CURSOR_WINDOW_SECONDS``, a socket's cursor waits for the window to open, and
a newer one replaces it while it waits (the ones in between are dropped). A closing socket
tells its peers to drop its caret and its cursor.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import ErrorCode, SessionError
from ..models import Role
from .protocol import BoardCursorMessage, NotesAwarenessMessage

if TYPE_CHECKING:
    from .consumers import SessionConsumer

logger = logging.getLogger(__name__)

CURSOR_PER_WINDOW = 20
CURSOR_WINDOW_SECONDS = 1.0

NOTES_GONE: dict[str, Any] = {"section": None, "anchor": None, "head": None}
CURSOR_GONE: dict[str, Any] = {"pointer": None, "selection": [], "viewport": None}


class SlidingWindow:
    """At most ``limit`` events in any ``seconds``: how long the next one has to wait."""

    def __init__(
        self, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self.clock = clock
        self.stamps: deque[float] = deque(maxlen=limit)

    def wait(self) -> float:
        if len(self.stamps) < (self.stamps.maxlen or 0):
            return 0.0
        return max(0.0, self.stamps[0] + self.seconds - self.clock())

    def mark(self) -> None:
        self.stamps.append(self.clock())


class AwarenessLink:
    """This socket's awareness state: what dies with it anyway."""

    def __init__(self) -> None:
        self.window = SlidingWindow(CURSOR_PER_WINDOW, CURSOR_WINDOW_SECONDS)
        self.waiting: dict[str, Any] | None = None  # the latest cursor the window held back
        self.flush: asyncio.Task | None = None  # relays held-back cursors, in order
        self.cursor_sent = False
        self.closed = False

    def stop(self) -> None:
        self.closed = True
        self.waiting = None
        if self.flush is not None:
            self.flush.cancel()
            self.flush = None


def _link(consumer: SessionConsumer) -> AwarenessLink:
    link = getattr(consumer, "awareness_link", None)
    if link is None:
        link = consumer.awareness_link = AwarenessLink()
    return link


async def awareness_receive(
    consumer: SessionConsumer, message: NotesAwarenessMessage | BoardCursorMessage
) -> None:
    """Relay a caret or a cursor from this socket; raises SessionError when refused."""
    assert consumer.participant is not None
    observer = consumer.participant.role == Role.OBSERVER
    if isinstance(message, NotesAwarenessMessage):
        if observer:
            raise SessionError(ErrorCode.READ_ONLY, "observers have no caret in the notes")
        position = {"section": message.section, "anchor": message.anchor, "head": message.head}
        await _relay(consumer, "notes.awareness", position)
        return
    if observer:
        raise SessionError(ErrorCode.READ_ONLY, "observers have no cursor on the board")
    await _cursor(consumer, _link(consumer), _cursor_fields(message))


def _cursor_fields(message: BoardCursorMessage) -> dict[str, Any]:
    pointer = viewport = None
    if message.pointer is not None:
        pointer = dict(zip(("x", "y"), message.pointer, strict=True))
    if message.viewport is not None:
        viewport = dict(zip(("x", "y", "w", "h"), message.viewport, strict=True))
    return {"pointer": pointer, "selection": list(message.selection), "viewport": viewport}


async def _cursor(consumer: SessionConsumer, link: AwarenessLink, fields: dict) -> None:
    if link.closed:
        return
    if link.flush is None and link.window.wait() <= 0:
        await _cursor_relay(consumer, link, fields)
        return
    # Held back: only the latest position matters, so it replaces any older one waiting.
    # While the flush runs every cursor goes through it, so they are relayed in order.
    link.waiting = fields
    if link.flush is None:
        link.flush = asyncio.ensure_future(_flush(consumer, link))


async def _cursor_relay(consumer: SessionConsumer, link: AwarenessLink, fields: dict) -> None:
    link.window.mark()
    link.cursor_sent = True
    await _relay(consumer, "board.cursor", fields)


async def _flush(consumer: SessionConsumer, link: AwarenessLink) -> None:
    try:
        while link.waiting is not None and not link.closed:
            wait = link.window.wait()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            fields, link.waiting = link.waiting, None
            await _cursor_relay(consumer, link, fields)
    except Exception:  # ephemeral: the next cursor brings peers up to date
        logger.warning("session %s: a held-back cursor was not relayed", consumer.session_id)
    finally:
        if link.flush is asyncio.current_task():
            link.flush = None


async def awareness_farewell(consumer: SessionConsumer) -> None:
    """The socket is closing: peers drop its caret and, if it showed one, its cursor."""
    if consumer.participant is None or consumer.participant.role == Role.OBSERVER:
        return
    link = _link(consumer)
    link.stop()
    try:
        await _relay(consumer, "notes.awareness", NOTES_GONE)
        if link.cursor_sent:
            await _relay(consumer, "board.cursor", CURSOR_GONE)
    except Exception:  # ephemeral: peers drop them after their time-to-live anyway
        logger.warning("session %s: awareness farewell not sent", consumer.session_id)


def awareness_stop(consumer: SessionConsumer) -> None:
    """However the consumer ends: nothing held back is relayed after it."""
    link = getattr(consumer, "awareness_link", None)
    if link is not None:
        link.stop()


async def _relay(consumer: SessionConsumer, kind: str, fields: dict) -> None:
    assert consumer.participant is not None
    user = consumer.scope["user"]
    payload = {
        "type": kind,
        "peer": consumer.peer_id,  # one per socket: a user may have two tabs open
        "user": {"id": user.pk, "name": user.get_username()},
        "role": consumer.participant.role,
        **fields,
    }
    await consumer.channel_layer.group_send(
        consumer.group, {"type": kind, "origin": consumer.channel_name, "message": payload}
    )


async def awareness_deliver(consumer: SessionConsumer, event: dict) -> None:
    """A peer's caret or cursor reached this socket: pass it on unless it is our own."""
    if consumer.participant is not None and event["origin"] != consumer.channel_name:
        await consumer.send_json(event["message"])
