"""The live analysis of a running session: when to run it, running it, and who sees what.

``insight_request`` is the session-changed hook (``interviews.hooks``, registered from
``ScoringConfig.ready``): it only decides whether the change matters and schedules a run
(``insight_schedule``). ``insight_run`` is what the task does: read the session, analyse it
(``scoring.analysis.live``, cached per process), let the solo coach log its question, and
relay one ``insight`` message per role (``interviews.relay``):

- the interviewer: everything (coverage with evidence and ticks, claims, capacity, unit
  mismatches in the estimates, drills, suggested questions);
- a peer candidate (and an observer): the drills only (both sides see a drill), plus the
  coverage without the interviewer's ticks once the interviewer shares it;
- a solo candidate: the drills, the claims, the capacity badges and the unit mismatches; the
  coach's questions
  arrive as ``coach`` events (the coverage verdicts wait for the report, like the reference
  outline).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings

from content.selectors import component_capacity_defaults
from content.strong_answer import strong_answer_coverage
from interviews.models import EventType, SessionMode, SessionStatus
from interviews.relay import relay_publish
from interviews.selectors.insight import InsightState, insight_state_get
from interviews.services.insight_events import coach_question_log
from scoring.analysis.live import LiveAnalyser
from scoring.selectors.analysis_input import checklists_get

from .insight_schedule import (
    insight_lease_release,
    insight_runner,
    insight_schedule,
    on_database_thread,
)

logger = logging.getLogger(__name__)

# What asks for a run, and what asks for one now rather than at the end of the window.
CHANGES = {EventType.OP, EventType.CHAT, EventType.ESTIMATES}
URGENT = {EventType.INSIGHT_SHARE, EventType.NFR_TICK, EventType.DRILL}
PHASE_ACTIONS = {"start", "next", "previous", "auto_advance"}

_analyser = LiveAnalyser()


def insight_request(*, session_id: str, messages: list[dict]) -> None:
    """Schedule a live analysis of the session if what just committed can change it."""
    if not settings.DESIGNROOM.get("INSIGHT_ENABLED", True):
        return
    kinds = {m.get("type") for m in messages}
    phase_changed = any(
        m.get("type") == EventType.TIMER and m.get("action") in PHASE_ACTIONS for m in messages
    )
    joined = any(m.get("type") == EventType.PRESENCE and m.get("online") for m in messages)
    urgent = phase_changed or joined or bool(kinds & URGENT)
    if urgent or kinds & CHANGES:
        # Even the lease (a cache round trip) and the broker publish wait for the
        # background thread: the commit's thread (the op batch) only appends to a queue.
        insight_runner().submit(
            lambda: insight_schedule(session_id=session_id, urgent=urgent, run=_dispatch), 0.0
        )


def _dispatch(session_id: str, delay: float) -> None:
    from scoring.tasks import insight_run_task  # the task module imports this one

    if settings.CELERY_TASK_ALWAYS_EAGER:
        insight_runner().submit(lambda: insight_run_task.apply(args=(session_id,)), delay)
    else:
        insight_run_task.apply_async(args=(session_id,), countdown=delay)


def insight_run(*, session_id: str) -> dict[str, Any] | None:
    """Analyse the session now and relay the result; None for a session that is over."""
    insight_lease_release(session_id=session_id)
    read = on_database_thread(_session_read, session_id=session_id)
    if read is None:
        return None
    state, live_input = read
    started = time.perf_counter()
    insight = _analyser.run(live_input)
    took_ms = round((time.perf_counter() - started) * 1000, 1)
    if state.mode == SessionMode.SOLO and insight["coach"] and _coach_may_ask(state):
        on_database_thread(coach_question_log, session_id=session_id, question=insight["coach"])
    by_role = insight_messages(state, insight, took_ms=took_ms)
    relay_publish(session_id=session_id, by_role=by_role)
    return by_role


def _session_read(*, session_id: str) -> tuple[InsightState, dict[str, Any]] | None:
    """What a run reads: the session and the analysis input (None once it is over)."""
    state = insight_state_get(session_id=session_id)
    if state.status in (SessionStatus.ENDED, SessionStatus.ABANDONED):
        return None
    return state, _live_input(state)


def _coach_may_ask(state: InsightState) -> bool:
    """One question at a time: the next waits INSIGHT_COACH_GAP_SECONDS after the last."""
    if state.status != SessionStatus.LIVE:
        return False
    gap = float(settings.DESIGNROOM.get("INSIGHT_COACH_GAP_SECONDS", 60))
    return state.last_coach_at is None or time.time() * 1000 - state.last_coach_at >= gap * 1000


_questions: dict[int, tuple[float, dict[str, Any]]] = {}


def _question_facts(question_id: int) -> dict[str, Any]:
    """What the analysis reads of a question (authored content: re-read once a minute)."""
    from content.models import Question

    cached = _questions.get(question_id)
    if cached is not None and time.monotonic() - cached[0] < 60:
        return cached[1]
    question = Question.objects.prefetch_related("focus_links__category").get(pk=question_id)
    facts = {
        "slug": question.slug,
        "nfr_focus": {f.category.slug: f.weight for f in question.focus_links.all()},
        "estimation_inputs": question.estimation_inputs or [],
        "strong_answer": question.strong_answer or [],
        # The pack's per-kind capacities with the question's own over them.
        "capacity_defaults": component_capacity_defaults(question_id=question_id),
    }
    if len(_questions) > 500:
        _questions.clear()
    _questions[question_id] = (time.monotonic(), facts)
    return facts


def _live_input(state: InsightState) -> dict[str, Any]:
    question = _question_facts(state.question_id)
    board = state.board
    return {
        "board": {k: board.get(k) for k in ("nodes", "edges", "notes")},
        "zones": board.get("zones", []),
        "chat": state.chat,
        "question": {"slug": question["slug"], "nfr_focus": question["nfr_focus"]},
        "checklists": _checklists_cached(),
        "capacity": {"defaults": question["capacity_defaults"]},
        "phase_slug": state.phase_slug,
        "estimates": _estimates(state, question["estimation_inputs"]),
        "drills": [d for d in state.drills if _active(d)],
        "ticks": state.ticks,
        "asked": state.asked,
        # The question's fixed follow-ups are posed by phase already (the room's coach
        # panel); the live coach adds what the board calls for.
        "follow_ups": [],
        "missing_components": [
            row["component"]
            for row in strong_answer_coverage(question["strong_answer"], board.get("nodes", []))
            if not row["present"]
        ],
    }


def _active(drill: dict[str, Any]) -> bool:
    return drill.get("ends_at", 0) > time.time() * 1000


_checklists: tuple[float, list[dict[str, Any]]] | None = None


def _checklists_cached() -> list[dict[str, Any]]:
    """The NFR checklists change only when a content pack loads: re-read once a minute."""
    global _checklists
    if _checklists is None or time.monotonic() - _checklists[0] > 60:
        _checklists = (time.monotonic(), checklists_get())
    return _checklists[1]


def _estimates(state: InsightState, inputs: list[dict[str, Any]]) -> dict[str, float]:
    """The session's estimates; missing values come from the question's own figures."""
    from scoring.analysis.estimates import estimates_from_question

    return {**estimates_from_question(inputs), **state.estimates}


def insight_messages(
    state: InsightState, insight: dict[str, Any], *, took_ms: float
) -> dict[str, dict | None]:
    """One ``insight`` message per role (see the module docstring)."""
    base = {"type": "insight", "phase": state.phase_slug, "took_ms": took_ms}
    interviewer = {**base, "share": state.share, **insight}
    drills = insight["drills"]
    if state.mode == SessionMode.SOLO:
        candidate: dict[str, Any] | None = {
            **base,
            "drills": drills,
            "claims": insight["claims"],
            "capacity": insight["capacity"],
            "units": insight["units"],
        }
    else:
        candidate = {**base, "drills": drills} if drills or state.share else None
        if candidate is not None and state.share:
            candidate["coverage"] = [_without_ticks(c) for c in insight["coverage"]]
    return {"interviewer": interviewer, "candidate": candidate, "observer": candidate}


def _without_ticks(category: dict[str, Any]) -> dict[str, Any]:
    items = [
        {k: v for k, v in item.items() if k not in ("interviewer", "disagrees")}
        for item in category["items"]
    ]
    return {**category, "items": items}
