"""The live session websocket: a thin shell over protocol, services and the channel layer.

Per frame, on arrival: size check and rate check (``inbox``); then, in arrival order on the
socket's inbox worker: ``protocol.message_parse`` and ONE
``database_sync_to_async`` hop: a board op joins the process's next batch
(``batching``, one transaction per batch), any other command runs ``command_handle`` (one
transaction). Either way the hop runs through ``call_collecting``, so what the service
committed comes back here: the reply goes to the sender, the committed events to the
session's group. The consumer keeps only what dies with the socket anyway (its inbox and
rate bucket, its participant row, its channel name).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import secrets
import time
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from ..errors import ErrorCode, NotParticipant, SessionError, SessionNotFound
from ..events import Committed, call_collecting
from ..models import EventType, Participant, Role, Visibility
from ..services import OpRequest, connection_close, connection_open, connection_touch
from ..services.live_access import SocketKey, asocket_add, asocket_remove
from ..timer import epoch_ms
from .awareness import awareness_deliver, awareness_farewell, awareness_receive, awareness_stop
from .batching import op_batcher
from .broadcast import aevents_publish, session_group
from .call_signal import call_disconnect, call_receive, call_signal_deliver
from .channel_layer import channel_forget
from .commands import command_handle, op_ack
from .inbox import FrameInbox, Refusal
from .presence import presence_sweep_later
from .protocol import (
    BoardCursorMessage,
    CallMessage,
    ClientMessage,
    NotesAwarenessMessage,
    OpMessage,
    PingMessage,
    ProtocolError,
    message_parse,
)
from .user_budgets import user_connect_take, user_message_take
from .watch import watch_add, watch_discard

logger = logging.getLogger(__name__)


class CloseCode:
    NOT_LOGGED_IN = 4401
    NOT_PARTICIPANT = 4403
    NO_SUCH_SESSION = 4404
    TOO_LARGE = 4413
    TOO_MANY_SOCKETS = 4409
    FLOOD = 4429
    SERVER_ERROR = 4500  # not fatal for clients: they reconnect and resync (daphne refuses 1011)


# Refresh this socket's presence row at most this often (clients ping every 25 s).
TOUCH_EVERY_SECONDS = 20


REFUSAL_CLOSE = {Refusal.TOO_LARGE: CloseCode.TOO_LARGE, Refusal.FLOOD: CloseCode.FLOOD}


class SessionConsumer(AsyncWebsocketConsumer):
    participant: Participant | None = None
    inbox: FrameInbox | None = None
    socket_key: SocketKey | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:  # however the consumer ends (cancelled by the server too)
            if self.inbox is not None:
                self.inbox.cancel()
            awareness_stop(self)
            watch_discard(self)

    async def connect(self) -> None:
        self.opened_at = time.time()
        self.session_id = str(self.scope["url_route"]["kwargs"]["session_id"])
        self.group = session_group(self.session_id)
        self.snapshot_seq = 0
        self.touched_at = time.monotonic()
        self.peer_id = secrets.token_hex(6)
        # Accept first: a close code only reaches the client on an open socket.
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CloseCode.NOT_LOGGED_IN)
            return
        if not user_connect_take(user.pk):  # before any database work (user_budgets.py)
            await self.close(code=CloseCode.FLOOD)
            return
        if not await self._socket_count_in(user):
            await self.close(code=CloseCode.TOO_MANY_SOCKETS)
            return
        # Subscribe before reading the snapshot, so no event falls between the two.
        await self.channel_layer.group_add(self.group, self.channel_name)
        try:
            opened, published = await database_sync_to_async(call_collecting)(
                connection_open,
                session_id=self.session_id,
                user=user,
                channel_name=self.channel_name,
                since=_since(self.scope),
            )
        except (SessionNotFound, NotParticipant) as exc:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await self._socket_count_out()
            code = CloseCode.NO_SUCH_SESSION
            if isinstance(exc, NotParticipant):
                code = CloseCode.NOT_PARTICIPANT
            await self.close(code=code)
            return
        self.participant = opened.participant
        self.snapshot_seq = opened.message["seq"]
        await self.send_json(opened.message)
        self._inbox_open()
        await self._publish(published)

    async def _socket_count_in(self, user: Any) -> bool:
        """Take a place under the caps on open sockets (services/live_access.py)."""
        session = self.scope.get("session")
        self.socket_key = SocketKey(
            channel_name=self.channel_name,
            user_id=user.pk,
            session_id=self.session_id,
            login_key=(getattr(session, "session_key", None) or "") if session else "",
        )
        if await asocket_add(self.socket_key) is None:
            return True
        self.socket_key = None
        return False

    async def _socket_count_out(self) -> None:
        if self.socket_key is not None:
            key, self.socket_key = self.socket_key, None
            await asocket_remove(key)

    def _inbox_open(self) -> None:
        """From here on frames are admitted on arrival and handled in order (inbox.py), and
        the socket is watched for revoked access (watch.py)."""
        assert self.participant is not None
        assert self.socket_key is not None
        limits = settings.DESIGNROOM
        self.inbox = FrameInbox(
            self.receive,
            rate=limits["WS_RATE_PER_SECOND"],
            burst=limits["WS_RATE_BURST"],
            max_frame=limits["WS_MAX_FRAME_BYTES"],
            shared_take=functools.partial(user_message_take, self.socket_key.user_id),
        )
        self.inbox.start()
        self.socket_key = dataclasses.replace(self.socket_key, participant_id=self.participant.pk)
        watch_add(self)

    async def access_revoked(self, reason: str) -> None:
        """Logged out, deactivated (4401) or no longer a participant (4403): close now."""
        removed = ":participant:" in reason
        await self.close(code=CloseCode.NOT_PARTICIPANT if removed else CloseCode.NOT_LOGGED_IN)

    async def disconnect(self, code: int) -> None:
        watch_discard(self)
        await self._socket_count_out()
        if self.participant is None:
            return
        await awareness_farewell(self)  # peers drop this socket's caret and cursor now
        await call_disconnect(self)
        await self.channel_layer.group_discard(self.group, self.channel_name)
        was_last, published = await database_sync_to_async(call_collecting)(
            connection_close, participant=self.participant, channel_name=self.channel_name
        )
        await self._publish(published)
        if was_last:
            presence_sweep_later(self.session_id)  # offline once the grace is over

    async def websocket_receive(self, message: dict) -> None:
        """Check a frame's limits the moment it arrives; the inbox handles it in turn."""
        if self.inbox is None:
            return  # refused at connect; the close is on its way
        refusal = await self.inbox.admit(message.get("text"), message.get("bytes"))
        if refusal is not None:
            await self.close(code=REFUSAL_CLOSE[refusal])

    async def websocket_disconnect(self, message: dict) -> None:
        if self.inbox is not None:
            await self.inbox.drain()  # what arrived before the disconnect is handled first
        try:
            await super().websocket_disconnect(message)  # disconnect(), then StopConsumer
        finally:
            await channel_forget(self.channel_layer, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """One admitted frame (the inbox's worker calls this, one frame at a time)."""
        if self.participant is None:
            return
        message: ClientMessage | None = None
        try:
            if text_data is None:
                raise ProtocolError(ErrorCode.BAD_JSON, "send JSON in text frames")
            message = message_parse(text_data)
            await self._handle(message)
        except SessionError as exc:
            await self._refuse(exc, message)
            await self._publish(getattr(exc, "published", []))
        except Exception:  # a bug or an outage must not take the socket down; nothing committed
            logger.exception("session %s: command failed", self.session_id)
            await self._refuse(
                SessionError(ErrorCode.SERVER_ERROR, "the server failed; nothing was applied"),
                message,
            )

    async def _handle(self, message: ClientMessage) -> None:
        assert self.participant is not None
        if isinstance(message, PingMessage):
            pong = {"type": "pong", "t": message.t, "server_now": _now_ms()}
            await self.send_json(_with_ref(pong, message.ref))
            await self._keep_fresh()
            return
        if isinstance(message, OpMessage):
            await self._op(message)
            return
        if isinstance(message, NotesAwarenessMessage | BoardCursorMessage):
            await awareness_receive(self, message)
            return
        if isinstance(message, CallMessage):
            await call_receive(self, message)
            return
        outcome, published = await database_sync_to_async(call_collecting)(
            command_handle, actor=self.participant, message=message
        )
        if outcome.reply is not None:
            await self.send_json(_with_ref(outcome.reply, message.ref))
        await self._publish(published, ref=message.ref, ref_seq=outcome.seq)

    async def _op(self, message: OpMessage) -> None:
        """Board ops go through the process's batcher: acked once their batch committed."""
        assert self.participant is not None
        request = OpRequest(self.participant, message.op_id, message.base_version, message.op)
        outcome = await op_batcher().apply(request)
        if isinstance(outcome.result, SessionError):
            await self._refuse(outcome.result, message)
        else:
            await self.send_json(_with_ref(op_ack(outcome.result), message.ref))
        await self._publish(outcome.published, ref=message.ref)

    async def notes_awareness(self, event: dict) -> None:
        """A peer's caret (live/awareness.py)."""
        await awareness_deliver(self, event)

    async def board_cursor(self, event: dict) -> None:
        """A peer's pointer, selection and view on the board (live/awareness.py)."""
        await awareness_deliver(self, event)

    async def call_signal(self, event: dict) -> None:
        """A peer's offer, answer or ICE candidate (live/call_signal.py)."""
        await call_signal_deliver(self, event)

    async def session_relay(self, event: dict) -> None:
        """A message that is not an event (interviews.relay): this socket's role's copy only."""
        if self.participant is not None:
            message = event["by_role"].get(self.participant.role)
            if message is not None:
                await self.send_json(message)

    async def _keep_fresh(self) -> None:
        if time.monotonic() - self.touched_at < TOUCH_EVERY_SECONDS:
            return
        self.touched_at = time.monotonic()
        _, published = await database_sync_to_async(call_collecting)(
            connection_touch, participant=self.participant, channel_name=self.channel_name
        )
        await self._publish(published)

    async def _refuse(self, exc: SessionError, message: ClientMessage | None) -> None:
        error: dict[str, Any] = {"type": "error", "code": exc.code, "message": exc.message}
        ref = message.ref if message else getattr(exc, "ref", None)
        if ref is not None:
            error["ref"] = ref
        if isinstance(message, OpMessage):
            error["op_id"] = message.op_id
        await self.send_json(error)

    async def _publish(
        self, published: list[Committed], *, ref: str | None = None, ref_seq: int | None = None
    ) -> None:
        try:
            for committed in published:
                await aevents_publish(
                    session_id=committed.session_id,
                    events=committed.events,
                    origin=self.channel_name,
                    ref=ref,
                    ref_seq=ref_seq,
                )
        except Exception:
            # Committed, but the peers were not told: an `error` would claim "nothing was
            # applied" (and the room would undo an acknowledged op). Close instead: this
            # client reconnects and replays by seq, peers catch up at their next gap.
            logger.exception("session %s: publishing committed events failed", self.session_id)
            await self.close(code=CloseCode.SERVER_ERROR)

    async def layer_lost(self, message: dict) -> None:
        """The channel layer lost its subscription: events for this socket may be gone, so
        close it; the client reconnects and replays what it missed (channel_layer.py)."""
        await self.close(code=CloseCode.SERVER_ERROR)

    async def layer_overflowed(self, message: dict) -> None:
        """The in-memory layer dropped messages for this socket (channel_layer.py): tell the
        client to resync by seq, which brings back what was dropped."""
        await self.send_json({"type": "resync", "server_now": _now_ms()})

    async def session_events(self, batch: dict) -> None:
        """Committed events from any process, filtered for this socket's role."""
        if self.participant is None:
            return
        mine = batch["origin"] == self.channel_name
        for event in batch["events"]:
            message = event["message"]
            if message["seq"] <= self.snapshot_seq:
                continue  # already in the snapshot/replay this socket started from
            if event["visibility"] != Visibility.ALL and self.participant.role != Role.INTERVIEWER:
                # The seq is spent, the content is not for this role: keeps seqs gap-free.
                await self.send_json({"type": "hidden", "seq": message["seq"]})
                continue
            if mine and message["type"] in (EventType.OP, EventType.PRIVATE_NOTE):
                continue  # answered directly with op.ack / private_note.saved
            if mine and message["seq"] == batch["ref_seq"]:
                message = _with_ref(message, batch["ref"])
            await self.send_json(message)

    async def dispatch(self, message: dict) -> None:
        # Channels runs close_old_connections on Django's single sync thread before EVERY
        # handler, broadcasts included. Our database work already runs in
        # database_sync_to_async, which does the same around each call, so the extra hop
        # is skipped: a broadcast to 100 sockets must not queue 100 calls on that thread.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def send_json(self, content: dict) -> None:
        try:
            await self.send(text_data=json.dumps(content, cls=DjangoJSONEncoder))
        except SOCKET_GONE:
            # The client closed while this message was on its way (a peer's caret farewell
            # reaching a tab that is closing too). Its websocket.disconnect is queued and
            # cleans up; raising here ended the consumer without disconnect(), so its
            # presence row stayed fresh and the participant never went offline.
            logger.debug("session %s: send to a closed socket dropped", self.session_id)


def _socket_gone_errors() -> tuple[type[BaseException], ...]:
    """What each ASGI server raises on a send to a socket the client has closed."""
    errors: list[type[BaseException]] = []
    try:
        from autobahn.exception import Disconnected  # daphne

        errors.append(Disconnected)
    except ImportError:
        pass
    try:
        from uvicorn.protocols.utils import ClientDisconnected  # uvicorn

        errors.append(ClientDisconnected)
    except ImportError:
        pass
    return tuple(errors)


SOCKET_GONE = _socket_gone_errors()


def _since(scope: dict) -> int | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("since")
    if not values or not values[0].isdigit():
        return None
    return int(values[0])


def _with_ref(message: dict, ref: str | None) -> dict:
    return {**message, "ref": ref} if ref is not None else message


def _now_ms() -> int:
    return epoch_ms(timezone.now())
