"""Gather everything a finished session left behind into the plain dict the analysis takes.

This is the only place that knows both the database and the analysis' input shape
(scoring.analysis.inputs.parse_input); the analysis itself never sees Django.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from content.models import NFRCategory
from interviews.models import InterviewSession
from interviews.selectors import history
from scoring.models import Scorecard, ScorecardKind


def analysis_input_build(*, session_id: UUID | str) -> dict[str, Any]:
    session = InterviewSession.objects.select_related("question").get(pk=session_id)
    session_id = session.pk
    board = history.board_final_get(session_id=session_id)
    return {
        "board": {"nodes": board["nodes"], "edges": board["edges"], "notes": board["notes"]},
        "snapshots": [
            {"phase_slug": s.phase_slug, "board": s.state}
            for s in history.board_snapshot_list(session_id=session_id)
        ],
        "chat": [
            {"who": m["from"]["role"], "text": m["text"], "seq": m["seq"]}
            for m in history.chat_list(session_id=session_id)
        ],
        "timeline": _timeline(session),
        "hints_revealed": [h["index"] for h in history.hints_revealed_list(session_id=session_id)],
        "curveballs": [
            {"text": c.text, "handled": None} for c in session.question.curveballs.all()
        ],
        "question": _question(session),
        "checklists": checklists_get(),
        # Only a released scorecard feeds the score: the candidate reads this report.
        "scorecard": _released_scorecard(session),
    }


def _timeline(session: InterviewSession) -> dict[str, Any]:
    """Phases with planned/actual time and the seqs they began and ended at; the order in
    which notes sections and the diagram were first touched."""
    bounds = _phase_bounds(history.timer_event_list(session_id=session.pk))
    phases = []
    for timing in history.timer_history_get(session_id=session.pk):
        started, ended = bounds.get(timing.index, (None, None))
        phases.append(
            {
                "slug": timing.slug,
                "name": timing.name,
                "planned_minutes": timing.planned_seconds / 60,
                "actual_seconds": timing.actual_seconds,
                "started_seq": started,
                "ended_seq": ended,
            }
        )
    events = []
    for op in history.event_list(session_id=session.pk, types=["op"]):
        change = op.get("op") or {}
        if change.get("kind") == "notes.patch":  # sessions from before the CRDT notes
            events.append({"seq": op["seq"], "kind": "notes", "section": change.get("section")})
        elif change.get("kind") == "notes.update":
            if change.get("seed"):
                continue  # the migration's copy of text that earlier patches had written
            for section in change.get("sections") or []:
                events.append({"seq": op["seq"], "kind": "notes", "section": section})
        else:
            events.append({"seq": op["seq"], "kind": "diagram"})
    return {"phases": phases, "events": events}


def _phase_bounds(timer_events: list[dict]) -> dict[int, tuple[int | None, int | None]]:
    bounds: dict[int, tuple[int | None, int | None]] = {}
    current: int | None = None
    for event in timer_events:
        phase = (event.get("timer") or {}).get("phase")
        if event.get("action") == "pause" or event.get("action") == "resume" or phase is None:
            continue
        if current is not None and phase != current:
            start, _ = bounds.get(current, (None, None))
            bounds[current] = (start, event["seq"])
        if phase != current:
            start, end = bounds.get(phase, (None, None))
            bounds[phase] = (start if start is not None else event["seq"], end)
            current = phase
    return bounds


def _question(session: InterviewSession) -> dict[str, Any]:
    q = session.question
    return {
        "slug": q.slug,
        "title": q.title,
        "nfr_focus": {f.category.slug: f.weight for f in q.focus_links.select_related("category")},
        "functional_requirements": q.functional_requirements,
        "estimation_inputs": q.estimation_inputs,
    }


def checklists_get() -> list[dict[str, Any]]:
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "items": [
                {
                    "slug": i.slug,
                    "statement": i.statement,
                    "weight": i.weight,
                    "cues": i.cues,
                    "study": sorted(s.slug for s in i.study_concepts.all()),
                }
                for i in c.items.all()
            ],
        }
        for c in NFRCategory.objects.prefetch_related("items__study_concepts")
    ]


def _released_scorecard(session: InterviewSession) -> dict[str, Any] | None:
    card = (
        Scorecard.objects.filter(
            session=session, kind=ScorecardKind.INTERVIEWER, released_at__isnull=False
        )
        .prefetch_related("scores__criterion__phase")
        .first()
    )
    if card is None:
        return None
    return {
        "criteria": [
            {
                "slug": s.criterion.slug,
                "phase_slug": s.criterion.phase.slug if s.criterion.phase else None,
                "weight": s.criterion.weight,
                "score": s.score,
            }
            for s in card.scores.all()
        ],
        "hire_signal": card.hire_signal or None,
    }
