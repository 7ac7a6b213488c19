"""What a finished session leaves behind, shaped for the scoring worker and reports.

All functions take the session id only and read committed rows, so a Celery task can call
them from a session-ended hook (``interviews.hooks``).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ..models import (
    Board,
    BoardSnapshot,
    EventType,
    InterviewSession,
    PrivateNote,
    SessionEvent,
)
from .snapshot import event_message


@dataclass(frozen=True)
class PhaseTiming:
    index: int
    slug: str
    name: str
    planned_seconds: int
    actual_seconds: float
    overrun_seconds: float


def board_final_get(*, session_id: UUID) -> dict:
    """The board as it is now (as it ended, for an ended session): version + state."""
    board = Board.objects.get(session_id=session_id)
    return {"version": board.version, **board.state}


def board_starter_get(*, session_id: UUID) -> dict:
    """The starter board the session began with ({} for none): where a replay starts."""
    state = Board.objects.values_list("state", flat=True).get(session_id=session_id)
    return state.get("starter") or {}


def board_snapshot_list(*, session_id: UUID, limit: int | None = None) -> list[BoardSnapshot]:
    """The board at every phase change and at the end, in order (``phase_slug`` is the
    phase it was drawn in, ``reason`` is 'phase_change' or 'end'); the first ``limit``."""
    return list(BoardSnapshot.objects.filter(session_id=session_id).order_by("seq")[:limit])


def chat_list(*, session_id: UUID, limit: int | None = None) -> list[dict]:
    """Chat messages in order, the first ``limit`` of them:
    {"seq", "from": {"user", "role"}, "text", "at"}."""
    events = SessionEvent.objects.filter(session_id=session_id, type=EventType.CHAT)
    return [event_message(e) for e in events.order_by("seq")[:limit]]


def event_count(*, session_id: UUID, types: list[str]) -> int:
    return SessionEvent.objects.filter(session_id=session_id, type__in=types).count()


def op_outline_list(*, session_id: UUID, limit: int | None = None) -> list[dict]:
    """The first ``limit`` board ops as {"seq", "kind", "section", "sections", "seed"} only:
    their payloads (notes updates of up to 64 KB each) stay in the database."""
    rows = (
        SessionEvent.objects.filter(session_id=session_id, type=EventType.OP)
        .order_by("seq")
        .values_list(
            "seq",
            "payload__op__kind",
            "payload__op__section",
            "payload__op__sections",
            "payload__op__seed",
        )[:limit]
    )
    return [
        {"seq": seq, "kind": kind, "section": section, "sections": sections, "seed": seed}
        for seq, kind, section, sections, seed in rows
    ]


def timer_history_get(*, session_id: UUID) -> list[PhaseTiming]:
    """Planned vs actual seconds per phase, with overruns (final once the session ended)."""
    session = InterviewSession.objects.get(pk=session_id)
    timings = []
    for index, planned in enumerate(session.plan):
        actual = float(session.phase_actual_seconds[index])
        timings.append(
            PhaseTiming(
                index=index,
                slug=planned.slug,
                name=planned.name,
                planned_seconds=planned.planned_seconds,
                actual_seconds=round(actual, 3),
                overrun_seconds=round(max(0.0, actual - planned.planned_seconds), 3),
            )
        )
    return timings


def timer_event_list(*, session_id: UUID) -> list[dict]:
    """Every timer change (start, pause, resume, next, previous, auto-advance) in order."""
    events = SessionEvent.objects.filter(session_id=session_id, type=EventType.TIMER)
    return [event_message(e) for e in events.order_by("seq")]


def hints_revealed_list(*, session_id: UUID) -> list[dict]:
    """Revealed hints in reveal order: {"seq", "index", "text", "by"}."""
    events = SessionEvent.objects.filter(session_id=session_id, type=EventType.HINT)
    return [event_message(e) for e in events.order_by("seq")]


def private_note_list(*, session_id: UUID) -> list[PrivateNote]:
    """The interviewer's notes per phase (interviewer-only: never show them to candidates)."""
    return list(PrivateNote.objects.filter(session_id=session_id).select_related("author"))


def event_list(*, session_id: UUID, types: list[str] | None = None) -> list[dict]:
    """The whole log (all visibilities) as wire messages, for replays and audits."""
    events = SessionEvent.objects.filter(session_id=session_id)
    if types:
        events = events.filter(type__in=types)
    return [
        {**event_message(e), "visibility": e.visibility, "created_at": e.created_at.isoformat()}
        for e in events.order_by("seq")
    ]
