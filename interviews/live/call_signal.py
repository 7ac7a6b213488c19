"""The call on the session socket: join/leave/mute/speaking go to ``services.calls`` (they
are events); ``call.signal`` is relayed to one page of one other participant through the
channel layer (so the two ends may sit on different server processes) and is never stored.

Each socket keeps what dies with it anyway: the call page it joined from and two rate
buckets. Both ends of every signal are checked against the participant rows per message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from channels.db import database_sync_to_async

from ..errors import ErrorCode, SessionError
from ..events import call_collecting
from ..selectors.calls import call_signal_authorize
from ..services.calls import call_flag_set, call_join, call_leave
from .inbox import TokenBucket
from .protocol.call import (
    CallJoinMessage,
    CallLeaveMessage,
    CallMessage,
    CallMuteMessage,
    CallSignalMessage,
    CallSpeakingMessage,
)

if TYPE_CHECKING:
    from .consumers import SessionConsumer

# ICE trickles a dozen candidates in a burst per connection and renegotiation (a page in a
# mesh of four holds three), inside the socket's own 80-message burst. State changes are human-paced (a speaking change
# at most every few hundred milliseconds from a well-behaved page).
SIGNAL_RATE, SIGNAL_BURST = 20.0, 60
STATE_RATE, STATE_BURST = 2.0, 12


class CallLink:
    """This socket's part in the call."""

    def __init__(self) -> None:
        self.peer: str | None = None
        self.signals = TokenBucket(SIGNAL_RATE, SIGNAL_BURST)
        self.changes = TokenBucket(STATE_RATE, STATE_BURST)


def _link(consumer: SessionConsumer) -> CallLink:
    link = getattr(consumer, "call_link", None)
    if link is None:
        link = consumer.call_link = CallLink()
    return link


async def call_receive(consumer: SessionConsumer, message: CallMessage) -> None:
    """Handle one call message from this socket; raises SessionError when refused."""
    link = _link(consumer)
    if isinstance(message, CallSignalMessage):
        await _signal(consumer, link, message)
        return
    if not link.changes.take():
        raise SessionError(ErrorCode.RATE_LIMITED, "too many call state changes: slow down")
    actor = consumer.participant
    if isinstance(message, CallJoinMessage):
        members, published = await database_sync_to_async(call_collecting)(
            call_join, actor=actor, peer=message.peer, camera=message.camera
        )
        link.peer = message.peer
        reply = {"type": "call.joined", "peer": message.peer, "members": members}
        await consumer.send_json(_with_ref(reply, message.ref))
    elif isinstance(message, CallLeaveMessage):
        if link.peer is None:
            raise SessionError(ErrorCode.INVALID_STATE, "this socket is not in the call")
        _, published = await database_sync_to_async(call_collecting)(
            call_leave, actor=actor, peer=link.peer, reason="left"
        )
        link.peer = None
    else:
        assert isinstance(message, CallMuteMessage | CallSpeakingMessage)
        flag = "mute" if isinstance(message, CallMuteMessage) else "speaking"
        value = message.muted if isinstance(message, CallMuteMessage) else message.speaking
        event, published = await database_sync_to_async(call_collecting)(
            call_flag_set, actor=actor, flag=flag, value=value
        )
        await consumer._publish(published, ref=message.ref, ref_seq=event.seq)
        return
    await consumer._publish(published, ref=message.ref)


async def _signal(consumer: SessionConsumer, link: CallLink, message: CallSignalMessage) -> None:
    if not link.signals.take():
        raise SessionError(ErrorCode.RATE_LIMITED, "too many call signals: slow down")
    if link.peer is None:
        raise SessionError(ErrorCode.INVALID_STATE, "join the call (call.join) before signalling")
    user = consumer.scope["user"]
    role = await database_sync_to_async(call_signal_authorize)(
        session_id=consumer.session_id, sender_id=user.pk, target_id=message.to_user
    )
    relayed = {
        "type": "call.signal",
        "from": {
            "user": {"id": user.pk, "name": user.get_username()},
            "peer": link.peer,
            "role": role,
        },
        "kind": message.kind,
        **message.payload,
    }
    await consumer.channel_layer.group_send(
        consumer.group,
        {
            "type": "call.signal",
            "to_user": message.to_user,
            "to_peer": message.to_peer,
            "message": relayed,
        },
    )


async def call_signal_deliver(consumer: SessionConsumer, event: dict[str, Any]) -> None:
    """A relayed signal reached this socket: pass it on only if it is the page addressed."""
    link = getattr(consumer, "call_link", None)
    if consumer.participant is None or link is None or link.peer is None:
        return
    if event["to_user"] == consumer.scope["user"].pk and event["to_peer"] == link.peer:
        await consumer.send_json(event["message"])


async def call_disconnect(consumer: SessionConsumer) -> None:
    """The socket closed: its page leaves the call (unless another page replaced it)."""
    link = getattr(consumer, "call_link", None)
    if link is None or link.peer is None or consumer.participant is None:
        return
    _, published = await database_sync_to_async(call_collecting)(
        call_leave, actor=consumer.participant, peer=link.peer, reason="disconnected"
    )
    link.peer = None
    await consumer._publish(published)


def _with_ref(message: dict, ref: str | None) -> dict:
    return {**message, "ref": ref} if ref is not None else message
