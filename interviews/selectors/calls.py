"""Who is in a session's call, and who may signal whom: read from the event log and the
participant rows, never from a process (a call outlives any one server process)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ..errors import ErrorCode, SessionError
from ..models import EventType, InterviewSession, Participant, SessionEvent, SessionStatus

MEMBERSHIP_ACTIONS = ("join", "leave", "mute")


@dataclass(frozen=True)
class CallMember:
    user: dict[str, Any]
    role: str
    peer: str
    muted: bool
    camera: bool

    def as_message(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "role": self.role,
            "peer": self.peer,
            "muted": self.muted,
            "camera": self.camera,
        }


def call_members(*, session: InterviewSession) -> dict[int, CallMember]:
    """The call as the log tells it: user id -> member, for everyone whose last join is not
    followed by a leave (one page per user: a later join replaces an earlier one)."""
    members: dict[int, CallMember] = {}
    events = session.events.filter(
        type=EventType.CALL, payload__action__in=MEMBERSHIP_ACTIONS
    ).order_by("seq")
    for payload in events.values_list("payload", flat=True).iterator():
        user_id = payload["user"]["id"]
        action = payload["action"]
        if action == "join":
            members[user_id] = CallMember(
                user=payload["user"],
                role=payload["role"],
                peer=payload["peer"],
                muted=False,
                camera=bool(payload.get("camera")),
            )
        elif action == "leave":
            members.pop(user_id, None)
        elif user_id in members:  # mute
            current = members[user_id]
            members[user_id] = CallMember(
                current.user, current.role, current.peer, payload["muted"], current.camera
            )
    return members


def call_snapshot(*, session: InterviewSession) -> dict[str, Any]:
    """The ``call`` part of a snapshot: who is in the call now."""
    return {"members": [m.as_message() for m in call_members(session=session).values()]}


def call_signal_authorize(*, session_id: UUID | str, sender_id: int, target_id: int) -> str:
    """Check, per signal, that both ends are participants of the session and that the
    session is still open; return the sender's role."""
    if sender_id == target_id:
        raise SessionError(ErrorCode.BAD_MESSAGE, "call.signal.to: a peer cannot signal itself")
    session_id = UUID(str(session_id))
    rows = dict(
        Participant.objects.filter(
            session_id=session_id, user_id__in=(sender_id, target_id)
        ).values_list("user_id", "role")
    )
    if sender_id not in rows:
        raise SessionError(ErrorCode.FORBIDDEN, "not a participant of this session")
    if target_id not in rows:
        raise SessionError(
            ErrorCode.UNKNOWN_ELEMENT, f"call.signal.to: user {target_id} is not in this session"
        )
    is_over = InterviewSession.objects.filter(
        pk=session_id, status__in=(SessionStatus.ENDED, SessionStatus.ABANDONED)
    ).exists()
    if is_over:
        raise SessionError(ErrorCode.SESSION_ENDED, "the session is over")
    return rows[sender_id]


def call_events(*, session: InterviewSession) -> list[SessionEvent]:
    """Every call event of a session, in seq order (for the report's talk time)."""
    return list(session.events.filter(type=EventType.CALL).order_by("seq"))
