"""Phase timer math: pure functions over timestamps, no database and no clock of its own.

The timer lives in the session row as timestamps (see ``InterviewSession``); every server
process derives the same deadline from them, so no process holds a countdown. A phase's
budget is its planned seconds minus the time already spent in it (a phase revisited with
``previous`` continues its budget), and its deadline moves forward while the timer is paused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .errors import ErrorCode, SessionError


@dataclass(frozen=True)
class PlannedPhase:
    slug: str
    name: str
    planned_seconds: int


@dataclass(frozen=True)
class TimerState:
    phase: int
    phase_started_at: datetime | None  # None until the session starts
    paused_at: datetime | None
    paused_seconds: float  # paused time inside the current stay in the phase
    actual_seconds: tuple[float, ...]  # time spent in each phase so far
    auto_advance: bool = False

    @property
    def started(self) -> bool:
        return self.phase_started_at is not None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


@dataclass(frozen=True)
class PhaseLeft:
    """The record of leaving a phase: how long it took, how far over its plan."""

    index: int
    slug: str
    actual_seconds: float
    overrun_seconds: float


def timer_initial(plan: list[PlannedPhase]) -> TimerState:
    return TimerState(
        phase=0,
        phase_started_at=None,
        paused_at=None,
        paused_seconds=0.0,
        actual_seconds=tuple(0.0 for _ in plan),
    )


def stay_elapsed(state: TimerState, now: datetime) -> float:
    """Seconds spent in the current phase since it was (re-)entered, pauses excluded."""
    if state.phase_started_at is None:
        return 0.0
    until = state.paused_at or now
    return max(0.0, (until - state.phase_started_at).total_seconds() - state.paused_seconds)


def phase_deadline(state: TimerState, plan: list[PlannedPhase], now: datetime) -> datetime | None:
    """When the current phase's budget runs out (moves with the clock while paused)."""
    if state.phase_started_at is None:
        return None
    budget = plan[state.phase].planned_seconds - state.actual_seconds[state.phase]
    paused_now = (now - state.paused_at).total_seconds() if state.paused_at else 0.0
    return state.phase_started_at + timedelta(seconds=state.paused_seconds + paused_now + budget)


def timer_start(state: TimerState, now: datetime) -> TimerState:
    if state.started:
        raise SessionError(ErrorCode.INVALID_STATE, "the timer has already started")
    return replace(state, phase=0, phase_started_at=now, paused_at=None, paused_seconds=0.0)


def timer_pause(state: TimerState, now: datetime) -> TimerState:
    if state.paused:
        raise SessionError(ErrorCode.INVALID_STATE, "the timer is already paused")
    return replace(state, paused_at=now)


def timer_resume(state: TimerState, now: datetime) -> TimerState:
    if state.paused_at is None:
        raise SessionError(ErrorCode.INVALID_STATE, "the timer is not paused")
    pause = (now - state.paused_at).total_seconds()
    return replace(state, paused_at=None, paused_seconds=state.paused_seconds + pause)


def phase_move(
    state: TimerState, plan: list[PlannedPhase], to: int, now: datetime
) -> tuple[TimerState, PhaseLeft]:
    """Leave the current phase at ``now`` and enter phase ``to``; a paused timer stays paused."""
    if not 0 <= to < len(plan):
        raise SessionError(ErrorCode.INVALID_STATE, f"there is no phase {to}")
    left_index = state.phase
    actual = list(state.actual_seconds)
    actual[left_index] += stay_elapsed(state, now)
    planned = plan[left_index].planned_seconds
    left = PhaseLeft(
        index=left_index,
        slug=plan[left_index].slug,
        actual_seconds=round(actual[left_index], 3),
        overrun_seconds=round(max(0.0, actual[left_index] - planned), 3),
    )
    moved = replace(
        state,
        phase=to,
        phase_started_at=now,
        paused_at=now if state.paused else None,
        paused_seconds=0.0,
        actual_seconds=tuple(actual),
    )
    return moved, left


def timer_stop(state: TimerState, plan: list[PlannedPhase], now: datetime) -> PhaseLeft:
    """Close the books on the current phase when the session ends."""
    return phase_move(state, plan, state.phase, now)[1]


def auto_advance_due(
    state: TimerState, plan: list[PlannedPhase], now: datetime
) -> list[tuple[TimerState, PhaseLeft, datetime]]:
    """The phase changes auto-advance owes at ``now``, each taken at its own deadline.

    Applied lazily whenever the session is touched, so a session nobody watched for ten
    minutes catches up in one step with the same history as if a process had been counting.
    The last phase is never left automatically: only an explicit end closes the session.
    """
    moves: list[tuple[TimerState, PhaseLeft, datetime]] = []
    if not (state.auto_advance and state.started) or state.paused:
        return moves
    while state.phase < len(plan) - 1:
        deadline = phase_deadline(state, plan, now)
        if deadline is None or deadline > now:
            break
        state, left = phase_move(state, plan, state.phase + 1, deadline)
        moves.append((state, left, deadline))
    return moves


def phase_overruns(state: TimerState, plan: list[PlannedPhase]) -> list[float]:
    return [
        round(max(0.0, actual - phase.planned_seconds), 3)
        for actual, phase in zip(state.actual_seconds, plan, strict=True)
    ]


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def timer_view(
    state: TimerState, plan: list[PlannedPhase], now: datetime, *, running: bool
) -> dict:
    """What clients receive: deadline and server time, never a countdown to trust blindly."""
    deadline = phase_deadline(state, plan, now) if running else None
    current = plan[state.phase] if plan else None
    return {
        "phase": state.phase,
        "phase_slug": current.slug if current else None,
        "started": state.started,
        "running": running and not state.paused,
        "paused": state.paused,
        "deadline": epoch_ms(deadline) if deadline else None,
        "remaining_ms": int((deadline - now).total_seconds() * 1000) if deadline else None,
        "elapsed_ms": int(stay_elapsed(state, now) * 1000) if running else None,
        "auto_advance": state.auto_advance,
        "actual_seconds": [round(s, 3) for s in state.actual_seconds],
        "overrun_seconds": phase_overruns(state, plan),
    }
