"""The live analysis' writes: coverage shared with the candidate, the interviewer's verdicts
on checklist items, failure drills, the solo coach's questions and the estimates.

Each is an event in the log (so the report and the replay read them like everything else)
and goes through ``session_write`` like every command. Who may do what:

- ``insight_share_set``, ``nfr_tick``: the interviewer (a tick is for the interviewer's
  eyes only: ``Visibility.INTERVIEWER``);
- ``drill_start``: whoever runs the session (the interviewer in a peer session, the
  candidate practising solo), on a component or zone of the board, one drill at a time;
- ``coach_question_log``: the server's solo coach (no actor), solo sessions only;
- ``estimates_set``: the candidate or the interviewer.
"""

from __future__ import annotations

import contextlib
from typing import Any
from uuid import UUID

from content.models import ChecklistItem

from ..errors import ErrorCode, SessionError
from ..models import (
    EventType,
    Participant,
    Role,
    SessionEvent,
    SessionMode,
    SessionStatus,
    Visibility,
)
from ..timer import epoch_ms
from .writes import SessionWrite, actor_require, controller_require, session_write, user_ref

MAX_COACH_TEXT_CHARS = 1_000


def insight_share_set(*, actor: Participant, enabled: bool) -> SessionEvent:
    """Show the live coverage to the candidate of a peer session, or stop showing it."""
    with session_write(actor.session_id) as write:
        actor_require(write, actor, Role.INTERVIEWER)
        write.require_open()
        return write.append(
            EventType.INSIGHT_SHARE,
            {"enabled": enabled, "by": user_ref(actor.user), "at": epoch_ms(write.now)},
            actor_id=actor.user_id,
        )


def nfr_tick(
    *, actor: Participant, category: str, item: str, verdict: str | None, note: str
) -> SessionEvent:
    """Record the interviewer's verdict on a checklist item (None: take it back)."""
    with session_write(actor.session_id) as write:
        actor_require(write, actor, Role.INTERVIEWER)
        write.require_open()
        if not ChecklistItem.objects.filter(category__slug=category, slug=item).exists():
            raise SessionError(ErrorCode.UNKNOWN_ELEMENT, f"no checklist item {category}/{item}")
        return write.append(
            EventType.NFR_TICK,
            {
                "category": category,
                "item": item,
                "verdict": verdict,
                "note": note,
                "by": user_ref(actor.user),
                "at": epoch_ms(write.now),
            },
            actor_id=actor.user_id,
            visibility=Visibility.INTERVIEWER,
        )


def drill_start(*, actor: Participant, target: dict[str, Any], seconds: int) -> SessionEvent:
    """Start a failure drill on a component or zone of the board (or a surge on an entry)."""
    with session_write(actor.session_id) as write:
        controller_require(write, actor)
        write.require_live()
        return _drill_append(write, target, seconds, actor)


def coach_question_log(
    *, session_id: UUID | str, question: dict[str, Any], seconds: int = 120
) -> SessionEvent | None:
    """Log the solo coach's question (and start the drill it proposes). None when the
    session is no longer a live solo session, or the question was asked already."""
    with session_write(session_id) as write:
        session = write.session
        if session.mode != SessionMode.SOLO or session.status != SessionStatus.LIVE:
            return None
        key = str(question.get("key", ""))[:200]
        if session.events.filter(type=EventType.COACH, payload__key=key).exists():
            return None
        event = write.append(
            EventType.COACH,
            {
                "key": key,
                "rule": str(question.get("rule", ""))[:40],
                "text": str(question.get("text", ""))[:MAX_COACH_TEXT_CHARS],
                "nodes": [str(n)[:64] for n in question.get("nodes", [])][:50],
                "at": epoch_ms(write.now),
            },
        )
        drill = question.get("drill")
        if isinstance(drill, dict) and not _drill_active(write):
            # The component may have gone meanwhile: the question stands on its own.
            with contextlib.suppress(SessionError):
                _drill_append(write, drill, seconds, None)
        return event


def estimates_set(*, actor: Participant, values: dict[str, float]) -> SessionEvent:
    """Set the session's structured estimates (peak QPS, split, storage, bandwidth)."""
    with session_write(actor.session_id) as write:
        actor_require(write, actor, Role.CANDIDATE, Role.INTERVIEWER)
        write.require_open()
        return write.append(
            EventType.ESTIMATES,
            {"values": values, "by": user_ref(actor.user), "at": epoch_ms(write.now)},
            actor_id=actor.user_id,
        )


def _drill_append(
    write: SessionWrite, target: dict[str, Any], seconds: int, actor: Participant | None
) -> SessionEvent:
    state = write.session.board.state
    if target.get("kind") == "zone":
        known = {str(z.get("id")) for z in state.get("zones", []) if isinstance(z, dict)}
    else:
        known = {str(n.get("id")) for n in state.get("nodes", [])}
    if str(target.get("id")) not in known:
        raise SessionError(
            ErrorCode.UNKNOWN_ELEMENT, f"no {target.get('kind')} {target.get('id')!r}"
        )
    if _drill_active(write):
        raise SessionError(ErrorCode.INVALID_STATE, "a drill is running; wait for it to end")
    started = epoch_ms(write.now)
    return write.append(
        EventType.DRILL,
        {
            "target": target,
            "seconds": seconds,
            "started_at": started,
            "ends_at": started + seconds * 1000,
            "by": user_ref(actor.user) if actor else None,
        },
        actor_id=actor.user_id if actor else None,
    )


def _drill_active(write: SessionWrite) -> bool:
    last = write.session.events.filter(type=EventType.DRILL).order_by("-seq").first()
    return last is not None and last.payload.get("ends_at", 0) > epoch_ms(write.now)
