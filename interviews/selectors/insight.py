"""What the live analysis of a session reads: the board, the chat, and the analysis' own
events (sharing, ticks, drills, coach questions, estimates), as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from ..models import Board, EventType, InterviewSession, SessionEvent

LIVE_CHAT_MESSAGES = 200


@dataclass
class InsightState:
    session_id: str
    mode: str
    status: str
    question_id: int
    phase_slug: str
    board: dict[str, Any]
    chat: list[dict[str, Any]]
    share: bool = False
    ticks: dict[str, dict[str, Any]] = field(default_factory=dict)
    drills: list[dict[str, Any]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    last_coach_at: int | None = None
    estimates: dict[str, float] = field(default_factory=dict)


def insight_state_get(*, session_id: UUID | str) -> InsightState:
    session = InterviewSession.objects.get(pk=session_id)
    board = Board.objects.get(session=session).state
    plan = session.plan
    phase = plan[min(session.current_phase, len(plan) - 1)].slug if plan else ""
    state = InsightState(
        session_id=str(session.pk),
        mode=session.mode,
        status=session.status,
        question_id=session.question_id,
        phase_slug=phase,
        board=board,
        chat=_recent_chat(session),
    )
    kinds = [EventType.INSIGHT_SHARE, EventType.NFR_TICK, EventType.DRILL, EventType.COACH,
             EventType.ESTIMATES]  # fmt: skip
    for event in SessionEvent.objects.filter(session=session, type__in=kinds).order_by("seq"):
        _fold(state, event)
    return state


def _fold(state: InsightState, event: SessionEvent) -> None:
    payload = event.payload
    if event.type == EventType.INSIGHT_SHARE:
        state.share = bool(payload.get("enabled"))
    elif event.type == EventType.NFR_TICK:
        key = f"{payload.get('category')}/{payload.get('item')}"
        if payload.get("verdict") is None:
            state.ticks.pop(key, None)
        else:
            state.ticks[key] = {"verdict": payload["verdict"], "note": payload.get("note", ""),
                                "seq": event.seq}  # fmt: skip
    elif event.type == EventType.DRILL:
        state.drills.append({**payload, "seq": event.seq})
    elif event.type == EventType.COACH:
        state.asked.append(str(payload.get("key", "")))
        state.last_coach_at = payload.get("at")
    elif event.type == EventType.ESTIMATES:
        state.estimates.update(payload.get("values") or {})


def _recent_chat(session: InterviewSession) -> list[dict[str, Any]]:
    rows = SessionEvent.objects.filter(session=session, type=EventType.CHAT).order_by("-seq")
    chat = []
    for event in reversed(list(rows[:LIVE_CHAT_MESSAGES])):
        chat.append({"who": event.payload.get("from", {}).get("role", ""),
                     "text": str(event.payload.get("text", "")), "seq": event.seq})  # fmt: skip
    return chat
