"""What the live analysis adds to a finished session's report: the interviewer's verdicts beside
the analyzer's, the stated targets the final diagram contradicts, capacity at the estimated
peak, what the candidate did within each drill's window, the solo coach's questions, and,
after a solo session, the reference outline beside the candidate's design.

Read at report time from the event log and the final board (the analysis pieces are pure and
take milliseconds), so a report generated before a tick still shows it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from content.selectors import component_capacity_defaults
from interviews.models import (
    EventType,
    InterviewSession,
    Participant,
    Role,
    SessionEvent,
    SessionMode,
    SessionStatus,
)
from interviews.selectors import history
from scoring.analysis.claims import DEFAULT_PRIMARY_WRITES, check_claims
from scoring.analysis.estimates import estimates_from_question
from scoring.analysis.graph import DiagramGraph
from scoring.analysis.inputs import parse_board
from scoring.analysis.live import capacity_with_findings, verdicts_disagree
from scoring.analysis.units import unit_findings

LIVE_EVENTS = [EventType.NFR_TICK, EventType.DRILL, EventType.COACH, EventType.ESTIMATES]


def live_report_context(
    *,
    session: InterviewSession,
    result: dict[str, Any] | None,
    interviewer_view: bool,
    role: str | None,
) -> dict[str, Any]:
    events = list(
        SessionEvent.objects.filter(session=session, type__in=LIVE_EVENTS).order_by("seq")
    )
    board_state = history.board_final_get(session_id=session.pk)
    board = parse_board(board_state)
    graph = DiagramGraph(board)
    estimates = estimates_from_question(session.question.estimation_inputs or [])
    for event in events:
        if event.type == EventType.ESTIMATES:
            estimates.update(event.payload.get("values") or {})
    defaults = component_capacity_defaults(question_id=session.question_id)
    capacity = capacity_with_findings(
        graph, board_state.get("nodes") or [], estimates, defaults=defaults
    )
    return {
        "live_ticks": _ticks(events, result) if interviewer_view else [],
        "live_claims": check_claims(
            board,
            board.notes.sections(),
            zones=board_state.get("zones", []),
            graph=graph,
            primary_writes=defaults.get("database_writes", DEFAULT_PRIMARY_WRITES),
        ),
        "live_capacity": capacity["findings"],
        "live_units": unit_findings(board.notes.sections(), estimates),
        "live_estimates": estimates,
        "live_drills": [_drill_window(session, e) for e in events if e.type == EventType.DRILL],
        "live_coach": [e.payload for e in events if e.type == EventType.COACH],
        "reference_outline": _outline(session, role, interviewer_view),
    }


def _ticks(events: list[SessionEvent], result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The interviewer's last verdict per item, beside the analyzer's."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        if event.type == EventType.NFR_TICK:
            key = (event.payload.get("category", ""), event.payload.get("item", ""))
            latest[key] = event.payload
    nfr = (result or {}).get("nfr") or {}
    rows = []
    for (category, item), tick in latest.items():
        if tick.get("verdict") is None:
            continue  # taken back
        found = nfr.get(category) or {}
        analysed: dict[str, Any] = next(
            (i for i in found.get("items", []) if i.get("slug") == item), {}
        )
        status = analysed.get("status", "not analysed")
        rows.append({
            "category": found.get("name") or category,
            "statement": analysed.get("statement") or item,
            "analyzer": status,
            "interviewer": tick["verdict"],
            "note": tick.get("note", ""),
            "disagrees": verdicts_disagree(status, tick["verdict"]),
        })  # fmt: skip
    return rows


def _drill_window(session: InterviewSession, drill: SessionEvent) -> dict[str, Any]:
    """What the candidate changed and wrote while the drill ran."""
    payload = drill.payload
    start = datetime.fromtimestamp(payload["started_at"] / 1000, tz=UTC)
    end = datetime.fromtimestamp(payload["ends_at"] / 1000, tz=UTC)
    candidates = Participant.objects.filter(session=session, role=Role.CANDIDATE).values("user_id")
    window = SessionEvent.objects.filter(
        session=session,
        type__in=[EventType.OP, EventType.CHAT],
        created_at__gte=start,
        created_at__lte=end,
        actor_id__in=candidates,
    ).order_by("seq")
    changes: list[str] = []
    sections: set[str] = set()
    said: list[str] = []
    for event in window[:500]:
        if event.type == EventType.CHAT:
            said.append(str(event.payload.get("text", ""))[:300])
            continue
        op = event.payload.get("op") or {}
        if op.get("kind") == "notes.update":
            sections.update(op.get("sections") or [])
        else:
            changes.append(_describe(op))
    return {
        "target": payload.get("target"),
        "seconds": payload.get("seconds"),
        "changes": changes,
        "notes_sections": sorted(sections),
        "chat": said,
    }


def _describe(op: dict[str, Any]) -> str:
    kind = str(op.get("kind", ""))
    element = op.get("node") or op.get("edge") or {}
    name = element.get("label") or element.get("id") or op.get("id", "")
    changed = ", ".join(sorted((op.get("changes") or {}).keys()))
    return f"{kind} {name}" + (f" ({changed})" if changed else "")


def _outline(session: InterviewSession, role: str | None, interviewer_view: bool) -> str:
    """The reference outline once a solo session ended: its candidate compares their design
    with it (during the session and for peer candidates it stays interviewer-only)."""
    solo_done = session.mode == SessionMode.SOLO and session.status == SessionStatus.ENDED
    if solo_done and (role == Role.CANDIDATE or interviewer_view):
        return session.question.reference_outline or ""
    return ""
