"""The call's state changes, logged as ``call`` events: start, join, leave, mute, speaking
and end. They belong to the timeline and the report; the signalling that sets up the media
(offers, answers, ICE candidates) is relayed by the live wing and never logged."""

from __future__ import annotations

from ..errors import ErrorCode, SessionError
from ..models import EventType, Participant, Role, SessionEvent
from ..selectors.calls import call_members
from ..timer import epoch_ms
from .writes import SessionWrite, session_write, user_ref


def _log(write: SessionWrite, actor: Participant, action: str, **fields: object) -> SessionEvent:
    payload = {
        "action": action,
        "user": user_ref(actor.user),
        "role": actor.role,
        "at": epoch_ms(write.now),
        **fields,
    }
    return write.append(EventType.CALL, payload, actor_id=actor.user_id)


def _session_of(write: SessionWrite, actor: Participant) -> None:
    if actor.session_id != write.session.pk:
        raise SessionError(ErrorCode.FORBIDDEN, "not a participant of this session")
    write.require_open()


def call_join(*, actor: Participant, peer: str, camera: bool = False) -> list[dict]:
    """Join the call from one page (``peer``) and return who is in it; the first one in
    starts the call.

    Observers join to listen: their page receives audio and sends none. A join from the
    same page again (its socket reconnected) logs nothing new.
    """
    with session_write(actor.session_id) as write:
        _session_of(write, actor)
        members = call_members(session=write.session)
        current = members.get(actor.user_id)
        if current is None or current.peer != peer:
            if not members:
                _log(write, actor, "start")
            listen_only = actor.role == Role.OBSERVER
            camera = camera and not listen_only
            _log(write, actor, "join", peer=peer, camera=camera, listen_only=listen_only)
        return [m.as_message() for m in call_members(session=write.session).values()]


def call_leave(*, actor: Participant, peer: str, reason: str = "left") -> list[SessionEvent]:
    """Leave the call from page ``peer``; the last one out ends it. Leaving from a page that
    another page of the same user has replaced changes nothing.

    ``reason`` is ``left`` (the user hung up) or ``disconnected`` (the socket closed: the
    media may still flow, and peers give the page a moment to come back with its socket).
    """
    with session_write(actor.session_id) as write:
        if actor.session_id != write.session.pk:
            raise SessionError(ErrorCode.FORBIDDEN, "not a participant of this session")
        members = call_members(session=write.session)
        current = members.get(actor.user_id)
        if current is None or current.peer != peer:
            return []
        logged = [_log(write, actor, "leave", peer=peer, reason=reason)]
        if len(members) == 1:
            logged.append(_log(write, actor, "end"))
        return logged


def call_flag_set(*, actor: Participant, flag: str, value: bool) -> SessionEvent:
    """Log a member's ``mute`` or ``speaking`` change (observers have no microphone)."""
    with session_write(actor.session_id) as write:
        _session_of(write, actor)
        if actor.role == Role.OBSERVER:
            raise SessionError(ErrorCode.READ_ONLY, "observers listen only")
        if actor.user_id not in call_members(session=write.session):
            raise SessionError(ErrorCode.INVALID_STATE, "join the call first (call.join)")
        if flag == "mute":
            return _log(write, actor, "mute", muted=value)
        return _log(write, actor, "speaking", speaking=value)
