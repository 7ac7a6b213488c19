"""Gather everything a finished session left behind into the plain dict the analysis takes.

This is the only place that knows both the database and the analysis' input shape
(scoring.analysis.inputs.parse_input); the analysis itself never sees Django.

The input is bounded whatever the session's size (``InputCaps``): the board is already
bounded by the protocol (300 nodes, 600 edges, 6 notes sections of 20,000 characters), and
here chat, node notes, timeline events and snapshots are cut to the caps. What was cut is
listed under ``"limits"`` (the analysis ignores that key; the report shows it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from content.models import NFRCategory
from interviews.models import EventType, InterviewSession
from interviews.selectors import history
from scoring.models import CriterionScore, Scorecard, ScorecardKind

from .provenance import board_provenance


@dataclass(frozen=True)
class InputCaps:
    """How much of a session the analysis reads (docs/performance.md has the cost)."""

    chat_messages: int = 500
    chat_chars: int = 100_000
    node_notes_chars: int = 100_000  # all nodes' notes together (protocol: 2,000 each)
    timeline_events: int = 20_000
    snapshots: int = 20


DEFAULT_CAPS = InputCaps()


def analysis_input_build(
    *, session_id: UUID | str, caps: InputCaps = DEFAULT_CAPS
) -> dict[str, Any]:
    session = InterviewSession.objects.select_related("question").get(pk=session_id)
    session_id = session.pk
    board = history.board_final_get(session_id=session_id)
    truncated: dict[str, dict[str, int]] = {}
    return {
        "board": {
            "nodes": _nodes_capped(board["nodes"], caps, truncated),
            "edges": board["edges"],
            "zones": board.get("zones", []),
            "texts": board.get("texts", []),
            "notes": board["notes"],
        },
        "snapshots": _snapshots(session, caps, truncated),
        "chat": _chat(session, caps, truncated),
        "timeline": _timeline(session, caps, truncated),
        "hints_revealed": [h["index"] for h in history.hints_revealed_list(session_id=session_id)],
        "curveballs": [
            {"text": c.text, "handled": None} for c in session.question.curveballs.all()
        ],
        "question": _question(session),
        "checklists": checklists_get(),
        # Only a released scorecard feeds the score: the candidate reads this report.
        "scorecard": _released_scorecard(session),
        "limits": {"truncated": truncated},
        "provenance": board_provenance(session_id=session_id),
    }


def _nodes_capped(nodes: list[dict], caps: InputCaps, truncated: dict) -> list[dict]:
    """Node notes up to the cap in all, in id order (the board's order is not stable)."""
    left = caps.node_notes_chars
    total = sum(len(n.get("notes") or "") for n in nodes)
    if total <= left:
        return nodes
    capped = {}
    for node in sorted(nodes, key=lambda n: str(n.get("id"))):
        notes = node.get("notes") or ""
        capped[node.get("id")] = {**node, "notes": notes[: max(left, 0)]}
        left -= len(notes)
    truncated["node_notes_chars"] = {"kept": caps.node_notes_chars, "total": total}
    return [capped[n.get("id")] for n in nodes]


def _snapshots(session: InterviewSession, caps: InputCaps, truncated: dict) -> list[dict]:
    rows = history.board_snapshot_list(session_id=session.pk, limit=caps.snapshots + 1)
    if len(rows) > caps.snapshots:
        total = session.board_snapshots.count()
        truncated["snapshots"] = {"kept": caps.snapshots, "total": total}
    return [{"phase_slug": s.phase_slug, "board": s.state} for s in rows[: caps.snapshots]]


def _chat(session: InterviewSession, caps: InputCaps, truncated: dict) -> list[dict]:
    """The first messages, up to the caps on count and on characters in all."""
    rows = history.chat_list(session_id=session.pk, limit=caps.chat_messages + 1)
    chat: list[dict] = []
    left, cut = caps.chat_chars, len(rows) > caps.chat_messages
    for message in rows[: caps.chat_messages]:
        text = message["text"][:left]
        cut = cut or len(text) < len(message["text"])
        if not text:
            break
        left -= len(text)
        chat.append({"who": message["from"]["role"], "text": text, "seq": message["seq"]})
    if cut:
        total = history.event_count(session_id=session.pk, types=[EventType.CHAT])
        truncated["chat_messages"] = {"kept": len(chat), "total": total}
    return chat


def _timeline(session: InterviewSession, caps: InputCaps, truncated: dict) -> dict[str, Any]:
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
    ops = history.op_outline_list(session_id=session.pk, limit=caps.timeline_events + 1)
    if len(ops) > caps.timeline_events:
        total = history.event_count(session_id=session.pk, types=[EventType.OP])
        truncated["timeline_events"] = {"kept": caps.timeline_events, "total": total}
    events = []
    for op in ops[: caps.timeline_events]:
        if op["kind"] == "notes.patch":  # sessions from before the CRDT notes
            events.append({"seq": op["seq"], "kind": "notes", "section": op["section"]})
        elif op["kind"] == "notes.update":
            if op["seed"]:
                continue  # the migration's copy of text that earlier patches had written
            for section in op["sections"] or []:
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
    folded = _folded_in_scores(session)
    return {
        "criteria": [
            {
                "slug": s.criterion.slug,
                "phase_slug": s.criterion.phase.slug if s.criterion.phase else None,
                "weight": s.criterion.weight,
                "score": _mean_score([s.score, *folded.get(s.criterion_id, [])]),
            }
            for s in card.scores.all()
        ],
        "hire_signal": card.hire_signal or None,
    }


def _folded_in_scores(session: InterviewSession) -> dict[int, list[int]]:
    """Criterion id -> the scores of the shadow scorecards the interviewer chose to count."""
    rows = CriterionScore.objects.filter(
        scorecard__session=session,
        scorecard__kind=ScorecardKind.SHADOW,
        scorecard__counts_toward_score=True,
        score__isnull=False,
    ).values_list("criterion_id", "score")
    out: dict[int, list[int]] = {}
    for criterion_id, score in rows:
        if score is not None:
            out.setdefault(criterion_id, []).append(score)
    return out


def _mean_score(scores: list[int | None]) -> int | None:
    """The interviewer's score, averaged with the folded-in ones (halves round up); the
    interviewer's blank stays blank (what they left unscored is not filled by others)."""
    if scores[0] is None:
        return None
    given = [s for s in scores if s is not None]
    return math.floor(sum(given) / len(given) + 0.5)
