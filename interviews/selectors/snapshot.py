"""What a socket is told on (re)connect: a snapshot in the role's form, or a replay.

Everything interviewer-only (reference outline, follow-ups, curveballs, interviewer
guidance, the rubric, all hints, private notes) is gathered in ``_interviewer_view`` and
added for the interviewer role only; nothing else in this module reads those fields. The
content part of it also needs ``content.permissions`` to agree (a candidate who is another
account must have joined), like every other path to that material.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from accounts.users import AnyUser
from content.models import Hint, Phase, Question
from content.permissions import material_readable
from content.selectors import rubric_version_current_for

from ..models import (
    Board,
    EventType,
    InterviewSession,
    LiveConnection,
    Participant,
    PrivateNote,
    Role,
    SessionEvent,
    SessionStatus,
    Visibility,
)
from ..timer import epoch_ms, timer_view
from .calls import call_snapshot

REPLAY_LIMIT = settings.DESIGNROOM.get("REPLAY_LIMIT", 1000)
CHAT_IN_SNAPSHOT = 500
# A socket counts for presence while its client pinged within this long (see consumers).
PRESENCE_TTL = timedelta(seconds=settings.DESIGNROOM.get("PRESENCE_TTL_SECONDS", 90))


def visible_events(*, session: InterviewSession, role: str) -> Any:
    """The session's events a role may receive, in seq order."""
    events = session.events.order_by("seq")
    if role != Role.INTERVIEWER:
        events = events.filter(visibility=Visibility.ALL)
    return events


def event_message(event: SessionEvent) -> dict:
    return {"type": event.type, "seq": event.seq, **event.payload}


def session_resync(
    *, session: InterviewSession, participant: Participant, since: int | None, now: datetime
) -> dict:
    """A replay of what the socket missed after ``since``, or a snapshot when that is
    impossible (no ``since``, a seq from the future, or more than REPLAY_LIMIT behind)."""
    if since is None or since > session.last_seq or session.last_seq - since > REPLAY_LIMIT:
        return session_snapshot(session=session, participant=participant, now=now)
    events = visible_events(session=session, role=participant.role).filter(seq__gt=since)
    return {
        "type": "replay",
        "since": since,
        "seq": session.last_seq,
        "server_now": epoch_ms(now),
        "timer": _timer(session, now),
        "events": [event_message(e) for e in events],
    }


def session_snapshot(*, session: InterviewSession, participant: Participant, now: datetime) -> dict:
    """The whole room as the participant's role may see it."""
    role = participant.role
    phases = list(Phase.objects.filter(framework_id=session.framework_id))
    snapshot = {
        "type": "snapshot",
        "seq": session.last_seq,
        "server_now": epoch_ms(now),
        "role": role,
        "you": {
            "id": participant.user_id,
            "role": role,
            "controls_timer": role == session.timer_controller,
        },
        "session": _session(session),
        "question": _question(session),
        "phases": _phases(session, phases),
        "timer": _timer(session, now),
        "board": _board(session.board),
        "chat": _chat(session),
        "hints": _hints_revealed(session),
        "participants": _participants(session, now),
        "call": call_snapshot(session=session),
    }
    if role == Role.INTERVIEWER:
        snapshot["interviewer"] = _interviewer_view(session, participant, phases)
    return snapshot


def _board(board: Board) -> dict:
    """The board as stored: its JSON state (notes as plain text, derived from the notes
    document) and the notes document itself, encoded (base64), for the browser's Yjs."""
    return {
        "version": board.version,
        **board.state,
        "notes_state": base64.b64encode(bytes(board.notes_state)).decode(),
    }


def _session(session: InterviewSession) -> dict:
    return {
        "id": str(session.pk),
        "mode": session.mode,
        "status": session.status,
        "level": session.level,
        "framework": session.framework.slug,
        "created_by": session.created_by_id,
        "started_at": epoch_ms(session.started_at) if session.started_at else None,
        "ended_at": epoch_ms(session.ended_at) if session.ended_at else None,
        "end_reason": session.end_reason,
    }


def _question(session: InterviewSession) -> dict:
    q = session.question
    return {
        "slug": q.slug,
        "title": q.title,
        "prompt": q.prompt,
        "difficulty": q.difficulty,
        "scale_hints": q.scale_hints,
        "estimation_inputs": q.estimation_inputs,
        "functional_requirements": q.functional_requirements,
    }


def _phases(session: InterviewSession, phases: list[Phase]) -> list[dict]:
    by_slug = {p.slug: p for p in phases}
    view = []
    for index, planned in enumerate(session.plan):
        phase = by_slug.get(planned.slug)
        view.append(
            {
                "index": index,
                "slug": planned.slug,
                "name": planned.name,
                "planned_seconds": planned.planned_seconds,
                "goal": phase.goal if phase else "",
                "candidate_guidance": phase.candidate_guidance if phase else "",
                "expected_outputs": phase.expected_outputs if phase else [],
            }
        )
    return view


def _timer(session: InterviewSession, now: datetime) -> dict:
    running = session.status == SessionStatus.LIVE
    return timer_view(session.timer_state, session.plan, now, running=running)


def _chat(session: InterviewSession) -> list[dict]:
    chat = session.events.filter(type=EventType.CHAT).order_by("-seq")[:CHAT_IN_SNAPSHOT]
    return [event_message(e) for e in reversed(chat)]


def _hints_revealed(session: InterviewSession) -> dict:
    revealed = session.events.filter(type=EventType.HINT).order_by("seq")
    return {
        "total": Hint.objects.filter(question_id=session.question_id).count(),
        "revealed": [{"index": e.payload["index"], "text": e.payload["text"]} for e in revealed],
    }


def online_participant_ids(*, session: InterviewSession, now: datetime) -> set[int]:
    fresh = LiveConnection.objects.filter(
        participant__session=session, seen_at__gte=now - PRESENCE_TTL
    )
    return set(fresh.values_list("participant_id", flat=True))


def _participants(session: InterviewSession, now: datetime) -> list[dict]:
    online = online_participant_ids(session=session, now=now)
    return [
        {
            "user": {"id": p.user_id, "name": p.user.get_username()},
            "role": p.role,
            "online": p.pk in online,
        }
        for p in session.participants.select_related("user")
    ]


def _interviewer_view(
    session: InterviewSession, participant: Participant, phases: list[Phase]
) -> dict:
    """The interviewer's panels: their own private notes always; the question's, framework's
    and rubric's interviewer-only content only where ``content.permissions`` lets this user
    read it (curators; the interviewer once another account is the candidate)."""
    user = participant.user
    notes = PrivateNote.objects.filter(session=session, author_id=participant.user_id)
    view: dict[str, Any] = {
        "private_notes": {
            n.phase_slug: {"text": n.text, "updated_at": epoch_ms(n.updated_at)} for n in notes
        },
        "rubric": rubric_view(session, user=user),
        "material": "withheld",
    }
    if material_readable(user=user, kind="question", pk=session.question_id):
        view.update(_question_material(session.question), material="shown")
    if material_readable(user=user, kind="framework", pk=session.framework_id):
        view["phase_guidance"] = [
            {
                "slug": p.slug,
                "interviewer_guidance": p.interviewer_guidance,
                "interviewer_prompts": p.interviewer_prompts,
            }
            for p in phases
        ]
    return view


def _question_material(question: Question) -> dict[str, Any]:
    return {
        "reference_outline": question.reference_outline,
        "follow_ups": [
            {"phase": f.phase_slug, "order": f.order, "text": f.text}
            for f in question.follow_ups.order_by("order")
        ],
        "curveballs": [
            {"order": c.order, "text": c.text, "what_good_looks_like": c.what_good_looks_like}
            for c in question.curveballs.order_by("order")
        ],
        "hints": [
            {"index": i, "text": h.text} for i, h in enumerate(question.hints.order_by("order"))
        ],
    }


def rubric_view(session: InterviewSession, *, user: AnyUser) -> dict | None:
    """The session's rubric with its anchors, if this user may read them (None otherwise)."""
    version = session.rubric_version or rubric_version_current_for(
        framework=session.framework, level=session.level
    )
    if version is None or not material_readable(user=user, kind="rubric", pk=version.rubric_id):
        return None
    return {
        "slug": version.rubric.slug,
        "version": version.number,
        "title": version.title,
        "description": version.description,
        "level": version.rubric.level,
        "criteria": [
            {
                "slug": c.slug,
                "title": c.title,
                "assesses": c.assesses,
                "weight": c.weight,
                "phase": c.phase.slug if c.phase else None,
                "anchors": c.anchors,
            }
            for c in version.criteria.select_related("phase")
        ],
    }
