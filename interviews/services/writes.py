"""The write path every live-session service shares: lock, catch up, append events, commit.

``session_write`` opens ONE transaction, locks the session row (which serialises every write
to a session and makes seq allocation gap-free on PostgreSQL and SQLite alike), applies any
auto-advance the timer owes, lets the caller append events, then saves the row and queues
the events for publishing after commit.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from accounts.users import AnyUser

from ..errors import ErrorCode, SessionError, SessionNotFound
from ..events import events_publish_on_commit
from ..models import (
    BoardSnapshot,
    EventType,
    InterviewSession,
    Participant,
    Role,
    SessionEvent,
    SessionStatus,
    Visibility,
)
from ..timer import PhaseLeft, TimerState, auto_advance_due, epoch_ms, timer_view


def user_ref(user: AnyUser) -> dict:
    return {"id": user.pk, "name": user.get_username()}


@dataclass
class SessionWrite:
    session: InterviewSession
    now: datetime
    events: list[SessionEvent] = field(default_factory=list)
    dirty: set[str] = field(default_factory=set)

    def append(
        self,
        type: str,
        payload: dict,
        *,
        actor_id: int | None = None,
        visibility: str = Visibility.ALL,
        op_id: str = "",
    ) -> SessionEvent:
        """Log one state change with the next seq of the session."""
        self.session.last_seq += 1
        self.dirty.add("last_seq")
        event = SessionEvent.objects.create(
            session=self.session,
            seq=self.session.last_seq,
            type=type,
            actor_id=actor_id,
            payload=payload,
            visibility=visibility,
            op_id=op_id,
            created_at=self.now,
        )
        self.events.append(event)
        return event

    def timer_set(self, state: TimerState) -> None:
        self.dirty.update(self.session.timer_fields_set(state))

    def timer_message(self) -> dict:
        session = self.session
        running = session.status == SessionStatus.LIVE
        return timer_view(session.timer_state, session.plan, self.now, running=running)

    def require_phase(self, expected: int | None) -> None:
        """Compare-and-set guard: refuse a command made while looking at another phase."""
        current = self.session.current_phase
        if expected is not None and expected != current:
            raise SessionError(
                ErrorCode.STALE_PHASE,
                f"expected phase {expected} but the session is in phase {current}",
            )

    def require_open(self) -> None:
        if self.session.is_over:
            raise SessionError(ErrorCode.SESSION_ENDED, "the session is over")

    def require_live(self) -> None:
        self.require_open()
        if self.session.status != SessionStatus.LIVE:
            raise SessionError(ErrorCode.SESSION_NOT_LIVE, "the session has not started yet")


@contextmanager
def session_write(session_id: UUID | str, *, now: datetime | None = None) -> Iterator[SessionWrite]:
    refusal: SessionError | None = None
    with transaction.atomic():
        try:
            session = InterviewSession.objects.select_for_update().get(pk=session_id)
        except InterviewSession.DoesNotExist:
            raise SessionNotFound(str(session_id)) from None
        write = SessionWrite(session=session, now=now or timezone.now())
        auto_advance_apply(write)
        if not write.events:
            yield write
        else:
            # The catch-up happened whatever the command does next: a refused command rolls
            # back to this savepoint only, and the phase changes it owed are still committed.
            checkpoint = _checkpoint(write)
            try:
                with transaction.atomic():
                    yield write
            except SessionError as exc:
                refusal = exc
                _restore(write, checkpoint)
        _flush(write)
    if refusal is not None:
        raise refusal


def _flush(write: SessionWrite) -> None:
    session = write.session
    if write.dirty:
        session.save(update_fields=[*sorted(write.dirty), "updated_at"])
    events_publish_on_commit(session_id=session.pk, events=write.events)


def _checkpoint(write: SessionWrite) -> tuple[dict, int, set[str]]:
    fields = {
        f.attname: copy.deepcopy(getattr(write.session, f.attname))
        for f in InterviewSession._meta.concrete_fields
    }
    return fields, len(write.events), set(write.dirty)


def _restore(write: SessionWrite, checkpoint: tuple[dict, int, set[str]]) -> None:
    fields, event_count, dirty = checkpoint
    for name, value in fields.items():
        setattr(write.session, name, value)
    del write.events[event_count:]
    write.dirty = dirty


def phase_change_record(
    write: SessionWrite,
    *,
    moved: TimerState,
    left: PhaseLeft,
    action: str,
    actor: Participant | None,
    at: datetime,
) -> SessionEvent:
    """Log a phase change and keep the board as it was in the phase being left."""
    write.timer_set(moved)
    event = write.append(
        EventType.TIMER,
        {
            "action": action,
            "actor": user_ref(actor.user) if actor else None,
            "at": epoch_ms(at),
            "server_now": epoch_ms(write.now),
            "timer": write.timer_message(),
            "left_phase": {
                "index": left.index,
                "slug": left.slug,
                "actual_seconds": left.actual_seconds,
                "overrun_seconds": left.overrun_seconds,
            },
        },
        actor_id=actor.user_id if actor else None,
    )
    board_snapshot_take(write, left=left, seq=event.seq, reason=BoardSnapshot.Reason.PHASE_CHANGE)
    return event


def board_snapshot_take(write: SessionWrite, *, left: PhaseLeft, seq: int, reason: str) -> None:
    board = write.session.board
    BoardSnapshot.objects.create(
        session=write.session,
        phase_index=left.index,
        phase_slug=left.slug,
        reason=reason,
        seq=seq,
        version=board.version,
        state=board.state,
        created_at=write.now,
    )


def auto_advance_apply(write: SessionWrite) -> None:
    """Catch up on the phase changes a solo session's auto-advance owes by now."""
    session = write.session
    if session.status != SessionStatus.LIVE or not session.auto_advance:
        return
    for moved, left, deadline in auto_advance_due(session.timer_state, session.plan, write.now):
        phase_change_record(
            write, moved=moved, left=left, action="auto_advance", actor=None, at=deadline
        )


def timer_event_append(
    write: SessionWrite, *, actor: Participant | None, action: str
) -> SessionEvent:
    return write.append(
        EventType.TIMER,
        {
            "action": action,
            "actor": user_ref(actor.user) if actor else None,
            "at": epoch_ms(write.now),
            "server_now": epoch_ms(write.now),
            "timer": write.timer_message(),
        },
        actor_id=actor.user_id if actor else None,
    )


def controller_require(write: SessionWrite, actor: Participant) -> None:
    """The interviewer runs a peer session's clock; the candidate runs a solo one."""
    actor_require(write, actor)
    controller = write.session.timer_controller
    if actor.role != controller:
        raise SessionError(
            ErrorCode.FORBIDDEN, f"only the {controller} controls the timer in this session"
        )


def actor_require(write: SessionWrite, actor: Participant, *roles: str) -> None:
    """Refuse observers (read-only), strangers and, when given, roles not in ``roles``."""
    if actor.session_id != write.session.pk:
        raise SessionError(ErrorCode.FORBIDDEN, "not a participant of this session")
    if actor.role == Role.OBSERVER:
        raise SessionError(ErrorCode.READ_ONLY, "observers are read-only")
    if roles and actor.role not in roles:
        raise SessionError(ErrorCode.FORBIDDEN, f"only the {' or '.join(roles)} may do this")
