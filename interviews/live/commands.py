"""The websocket commands: a validated message in, one service call, a reply out.

The consumer (and the property-based tests) call ``command_handle`` inside one
``database_sync_to_async`` hop; each branch is one service call, i.e. one transaction, and
the service publishes what it committed. Board ops are not commands: they go through the
op batcher (``batching``) to ``services.board_ops_apply``, the one door for ops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ErrorCode, SessionError
from ..models import Participant, Role, SessionEvent
from ..selectors import event_message
from ..services import (
    auto_advance_set,
    chat_post,
    connection_resync,
    hint_reveal,
    phase_step,
    private_note_save,
    session_end,
    session_start,
    timer_pause_set,
)
from ..services.insight_events import drill_start, estimates_set, insight_share_set, nfr_tick
from .protocol import (
    AutoAdvanceMessage,
    ChatMessage,
    ClientMessage,
    HintRevealMessage,
    PrivateNoteMessage,
    SyncMessage,
    TimerMessage,
)
from .protocol.insight import (
    DrillStartMessage,
    EstimatesSetMessage,
    InsightShareMessage,
    NfrTickMessage,
)


@dataclass(frozen=True)
class Outcome:
    reply: dict | None = None  # for the sender only
    seq: int | None = None  # the broadcast event that answers the sender (carries its ref)


def command_handle(*, actor: Participant, message: ClientMessage) -> Outcome:
    """Run one client command as ``actor``; raises SessionError when it is refused."""
    if actor.role == Role.OBSERVER and not isinstance(message, SyncMessage):
        raise SessionError(ErrorCode.READ_ONLY, "observers are read-only")
    handler = _HANDLERS.get(type(message))
    if handler is None:
        raise SessionError(ErrorCode.BAD_MESSAGE, f"{type(message).__name__} is not a command")
    return handler(actor, message)


def op_ack(event: SessionEvent) -> dict:
    """The sender's answer to an op that committed (or had committed, when resent)."""
    payload = event.payload
    return {
        "type": "op.ack",
        "op_id": payload["op_id"],
        "seq": event.seq,
        "version": payload["version"],
        "op": payload["op"],
    }


def _timer(actor: Participant, message: TimerMessage) -> Outcome:
    action, expected = message.action, message.expected_phase
    if action in ("next", "previous"):
        assert expected is not None  # the protocol requires it for these two
        event = phase_step(actor=actor, direction=action, expected_phase=expected)
        return Outcome(seq=event.seq)
    if action in ("pause", "resume"):
        event = timer_pause_set(actor=actor, paused=action == "pause", expected_phase=expected)
        return Outcome(seq=event.seq)
    if action == "start":
        session = session_start(actor=actor, expected_phase=expected)
    else:
        session = session_end(session_id=actor.session_id, actor=actor, expected_phase=expected)
    return Outcome(seq=session.last_seq)


def _auto_advance(actor: Participant, message: AutoAdvanceMessage) -> Outcome:
    return Outcome(seq=auto_advance_set(actor=actor, enabled=message.enabled).seq)


def _chat(actor: Participant, message: ChatMessage) -> Outcome:
    return Outcome(seq=chat_post(actor=actor, text=message.text).seq)


def _hint(actor: Participant, message: HintRevealMessage) -> Outcome:
    return Outcome(seq=hint_reveal(actor=actor, index=message.index).seq)


def _private_note(actor: Participant, message: PrivateNoteMessage) -> Outcome:
    event = private_note_save(actor=actor, phase=message.phase, text=message.text)
    saved = event_message(event)
    reply = {
        "type": "private_note.saved",
        "seq": event.seq,
        "phase": saved["phase"],
        "updated_at": saved["updated_at"],
    }
    return Outcome(reply=reply)


def _sync(actor: Participant, message: SyncMessage) -> Outcome:
    return Outcome(reply=connection_resync(participant=actor, since=message.since))


def _insight_share(actor: Participant, message: InsightShareMessage) -> Outcome:
    return Outcome(seq=insight_share_set(actor=actor, enabled=message.enabled).seq)


def _nfr_tick(actor: Participant, message: NfrTickMessage) -> Outcome:
    event = nfr_tick(
        actor=actor,
        category=message.category,
        item=message.item,
        verdict=message.verdict,
        note=message.note,
    )
    return Outcome(seq=event.seq)


def _drill_start(actor: Participant, message: DrillStartMessage) -> Outcome:
    return Outcome(seq=drill_start(actor=actor, target=message.target, seconds=message.seconds).seq)


def _estimates_set(actor: Participant, message: EstimatesSetMessage) -> Outcome:
    return Outcome(seq=estimates_set(actor=actor, values=message.values).seq)


_HANDLERS: dict[type, Callable[[Participant, ClientMessage], Outcome]] = {
    TimerMessage: _timer,  # type: ignore[dict-item]
    AutoAdvanceMessage: _auto_advance,  # type: ignore[dict-item]
    ChatMessage: _chat,  # type: ignore[dict-item]
    HintRevealMessage: _hint,  # type: ignore[dict-item]
    PrivateNoteMessage: _private_note,  # type: ignore[dict-item]
    SyncMessage: _sync,  # type: ignore[dict-item]
    InsightShareMessage: _insight_share,  # type: ignore[dict-item]
    NfrTickMessage: _nfr_tick,  # type: ignore[dict-item]
    DrillStartMessage: _drill_start,  # type: ignore[dict-item]
    EstimatesSetMessage: _estimates_set,  # type: ignore[dict-item]
}
