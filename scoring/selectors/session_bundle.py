"""The session export bundle: the whole session as one JSON document, in the reader's view.

It joins both sides (the session's record from interviews, scorecards and the report from
here), which is why it lives in scoring. ``scoring.apis.session_export`` streams it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from accounts.users import AnyUser
from calls.selectors import recordings_export
from interviews.models import EventType, InterviewSession
from interviews.permissions import can_read_interviewer_only
from interviews.selectors.api import (
    event_export,
    participant_export,
    session_event_list,
    session_phase_list,
)
from interviews.selectors.history import board_final_get, board_snapshot_list

from .reports import report_export, rubric_version_export

EXPORT_SCHEMA = "designroom.session/1"
EVENT_CHUNK = 500


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def session_export(
    *, session: InterviewSession, user: AnyUser, now: datetime, with_recordings: bool = False
) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """A session as one bundle, complete enough to import elsewhere, in the user's view;
    with the call's recordings (audio included) only when asked, for participants only.

    Returns the bundle without its events and the events as an iterator (read in chunks), so
    the caller can stream a long log without holding it in memory.
    """
    question = session.question
    scoring = report_export(session=session, user=user)
    events = session_event_list(session=session, user=user)
    head = {
        "schema": EXPORT_SCHEMA,
        "exported_at": now.isoformat(),
        "viewer": {
            "user": user.pk,
            "role": getattr(session, "viewer_role", None),
            "interviewer_view": can_read_interviewer_only(user=user, session=session),
        },
        "session": _session_part(session),
        "question": {
            "slug": question.slug,
            "title": question.title,
            "prompt": question.prompt,
            "difficulty": question.difficulty,
        },
        "participants": [participant_export(p) for p in session.participants.all()],
        "phases": session_phase_list(session=session, now=now),
        "timer_history": [event_export(e) for e in events.filter(type=EventType.TIMER)],
        "board": _board_part(session),
        "private_notes": scoring["private_notes"],
        "scorecards": {
            "interviewer": scoring["scorecard"],
            "self": scoring["self_assessment"],
            "shadows": scoring["shadow_scorecards"],
        },
        "report": scoring["report"],
    }
    if with_recordings:
        head["recordings"] = recordings_export(session=session, user=user)
    return head, (event_export(e) for e in events.iterator(chunk_size=EVENT_CHUNK))


def _session_part(session: InterviewSession) -> dict[str, Any]:
    return {
        "id": str(session.pk),
        "mode": session.mode,
        "level": session.level,
        "status": session.status,
        "framework": session.framework.slug,
        "created_by": session.created_by_id,
        "created_at": session.created_at.isoformat(),
        "started_at": _iso(session.started_at),
        "ended_at": _iso(session.ended_at),
        "end_reason": session.end_reason,
        "last_seq": session.last_seq,
        "phase_plan": session.phase_plan,
        "rubric_version": rubric_version_export(session),
    }


def _board_part(session: InterviewSession) -> dict[str, Any]:
    return {
        "final": board_final_get(session_id=session.pk),
        "snapshots": [
            {
                "phase_index": s.phase_index,
                "phase_slug": s.phase_slug,
                "reason": s.reason,
                "seq": s.seq,
                "version": s.version,
                "created_at": s.created_at.isoformat(),
                "state": s.state,
            }
            for s in board_snapshot_list(session_id=session.pk)
        ],
    }
