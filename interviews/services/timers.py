"""Timer controls: pause, resume, next, previous, auto-advance (start and end: sessions.py)."""

from __future__ import annotations

from ..errors import ErrorCode, SessionError
from ..models import Participant, Role, SessionEvent, SessionMode, SessionStatus
from ..timer import phase_deadline, phase_move, timer_pause, timer_resume
from .writes import (
    SessionWrite,
    actor_require,
    controller_require,
    phase_change_record,
    session_write,
    timer_event_append,
)

_STEPS = {"next": 1, "previous": -1}


def timer_pause_set(
    *, actor: Participant, paused: bool, expected_phase: int | None = None
) -> SessionEvent:
    """Pause or resume the clock of the current phase."""
    with session_write(actor.session_id) as write:
        controller_require(write, actor)
        write.require_live()
        write.require_phase(expected_phase)
        change = timer_pause if paused else timer_resume
        write.timer_set(change(write.session.timer_state, write.now))
        return timer_event_append(write, actor=actor, action="pause" if paused else "resume")


def phase_step(*, actor: Participant, direction: str, expected_phase: int) -> SessionEvent:
    """Move one phase forward or back, only from the phase the client saw (compare-and-set).

    The row lock makes the comparison and the move one step: two clicks on "next" sent
    from the same phase move one phase; the second is refused with ``stale_phase``.
    """
    with session_write(actor.session_id) as write:
        controller_require(write, actor)
        write.require_live()
        write.require_phase(expected_phase)
        session = write.session
        target = session.current_phase + _STEPS[direction]
        if not 0 <= target < len(session.plan):
            edge = "last" if direction == "next" else "first"
            raise SessionError(ErrorCode.INVALID_STATE, f"phase {expected_phase} is the {edge}")
        moved, left = phase_move(session.timer_state, session.plan, target, write.now)
        return phase_change_record(
            write, moved=moved, left=left, action=direction, actor=actor, at=write.now
        )


def auto_advance_set(*, actor: Participant, enabled: bool) -> SessionEvent:
    """Let a solo candidate have phases advance by themselves when their time runs out."""
    with session_write(actor.session_id) as write:
        actor_require(write, actor, Role.CANDIDATE)
        if write.session.mode != SessionMode.SOLO:
            raise SessionError(ErrorCode.FORBIDDEN, "auto-advance exists in solo sessions only")
        write.require_open()
        write.session.auto_advance = enabled
        write.dirty.add("auto_advance")
        event = timer_event_append(write, actor=actor, action="auto_advance_set")
        if enabled:
            return _overdue_phase_end(write) or event
        return event


def _overdue_phase_end(write: SessionWrite) -> SessionEvent | None:
    """A phase already over its time when auto-advance is switched on ends now, not back
    at its deadline: the overrun happened and stays on its record."""
    session = write.session
    state, plan = session.timer_state, session.plan
    deadline = phase_deadline(state, plan, write.now)
    overdue = deadline is not None and deadline <= write.now and not state.paused
    if session.status != SessionStatus.LIVE or not overdue or state.phase >= len(plan) - 1:
        return None
    moved, left = phase_move(state, plan, state.phase + 1, write.now)
    return phase_change_record(
        write, moved=moved, left=left, action="auto_advance", actor=None, at=write.now
    )
