"""Chat, hints and the interviewer's private notes."""

from __future__ import annotations

from content.models import Hint

from ..errors import ErrorCode, SessionError
from ..models import (
    EventType,
    Participant,
    PrivateNote,
    Role,
    SessionEvent,
    SessionMode,
    Visibility,
)
from ..timer import epoch_ms
from .writes import SessionWrite, actor_require, controller_require, session_write, user_ref


def chat_post(*, actor: Participant, text: str) -> SessionEvent:
    """Post a chat message to everyone in the session (allowed before the start, too)."""
    with session_write(actor.session_id) as write:
        actor_require(write, actor, Role.CANDIDATE, Role.INTERVIEWER)
        write.require_open()
        return write.append(
            EventType.CHAT,
            {
                "from": {"user": user_ref(actor.user), "role": actor.role},
                "text": text,
                "at": epoch_ms(write.now),
            },
            actor_id=actor.user_id,
        )


def hint_reveal(*, actor: Participant, index: int) -> SessionEvent:
    """Reveal the question's hint number ``index`` (0-based, in hint order) to everyone."""
    with session_write(actor.session_id) as write:
        controller_require(write, actor)
        write.require_live()
        _candidate_require(write, actor)
        hints = list(Hint.objects.filter(question_id=write.session.question_id).order_by("order"))
        if not 0 <= index < len(hints):
            raise SessionError(
                ErrorCode.UNKNOWN_ELEMENT, f"no hint {index}; the question has {len(hints)}"
            )
        revealed = write.session.events.filter(type=EventType.HINT, payload__index=index)
        if revealed.exists():
            raise SessionError(ErrorCode.INVALID_STATE, f"hint {index} is already revealed")
        return write.append(
            EventType.HINT,
            {"index": index, "text": hints[index].text, "by": user_ref(actor.user)},
            actor_id=actor.user_id,
        )


def _candidate_require(write: SessionWrite, actor: Participant) -> None:
    """A peer session's hints are revealed to its candidate: with none (or only the
    interviewer's own account) revealing them would just show the interviewer the hints."""
    session = write.session
    if session.mode != SessionMode.PEER:
        return
    candidates = session.participants.filter(role=Role.CANDIDATE).exclude(user_id=actor.user_id)
    if not candidates.exists():
        raise SessionError(
            ErrorCode.INVALID_STATE, "hints are revealed to the candidate, and none has joined yet"
        )


def private_note_save(*, actor: Participant, phase: str, text: str) -> SessionEvent:
    """Save the interviewer's note for a phase; logged for the interviewer's eyes only."""
    with session_write(actor.session_id) as write:
        actor_require(write, actor, Role.INTERVIEWER)
        write.require_open()
        if phase not in {p.slug for p in write.session.plan}:
            raise SessionError(ErrorCode.UNKNOWN_ELEMENT, f"no phase '{phase}' in this session")
        PrivateNote.objects.update_or_create(
            session=write.session,
            author_id=actor.user_id,
            phase_slug=phase,
            defaults={"text": text, "updated_at": write.now},
        )
        return write.append(
            EventType.PRIVATE_NOTE,
            {"phase": phase, "text": text, "updated_at": epoch_ms(write.now)},
            actor_id=actor.user_id,
            visibility=Visibility.INTERVIEWER,
        )
