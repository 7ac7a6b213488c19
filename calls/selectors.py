"""Reads of the calls app: ICE servers for a participant, a session's recordings, talk time."""

from __future__ import annotations

import base64
import time
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Prefetch

from accounts.users import AnyUser, User
from interviews.models import EventType, InterviewSession, Participant, Role

from .models import Recording, RecordingSegment
from .talk_time import phase_spans, talk_time_per_phase
from .turn import turn_credential


def participant_role(*, session_id: UUID, user: AnyUser) -> str | None:
    """The user's role in the session, or None: recordings and ICE credentials are for the
    session's participants only (a stranger's request is a 404, so nothing leaks)."""
    if not user.is_authenticated:
        return None
    return (
        Participant.objects.filter(session_id=session_id, user=user)
        .values_list("role", flat=True)
        .first()
    )


def ice_servers_for(*, user: User, session: InterviewSession, now: float | None = None) -> dict:
    """The RTCIceServer list for this user in this session: the configured STUN/TURN servers
    and, with a TURN secret, short-lived TURN credentials for this user and session."""
    servers: list[dict[str, Any]] = [dict(server) for server in settings.CALL_ICE_SERVERS]
    expires_at = None
    if settings.CALL_TURN_SECRET and settings.CALL_TURN_URLS:
        credential = turn_credential(
            secret=settings.CALL_TURN_SECRET,
            name=f"{user.pk}-{session.pk.hex}",
            now=time.time() if now is None else now,
            ttl_seconds=settings.CALL_TURN_TTL_SECONDS,
        )
        servers.append(
            {
                "urls": list(settings.CALL_TURN_URLS),
                "username": credential.username,
                "credential": credential.password,
            }
        )
        expires_at = credential.expires_at
    return {"ice_servers": servers, "expires_at": expires_at}


def recording_list(*, session_id: UUID) -> list[Recording]:
    """A session's recordings with their segments (and each segment's chunk count)."""
    segments = (
        RecordingSegment.objects.filter(chunks__isnull=False)
        .distinct()
        .order_by("user_id", "number")
    )
    return list(
        Recording.objects.filter(session_id=session_id)
        .prefetch_related(Prefetch("segments", queryset=segments), "consents")
        .order_by("created_at")
    )


def segment_get(*, session_id: UUID, recording_id: int, segment_id: int) -> RecordingSegment:
    return RecordingSegment.objects.select_related("recording").get(
        pk=segment_id, recording_id=recording_id, recording__session_id=session_id
    )


def call_events_for(*, session_id: UUID) -> list[dict]:
    """The session's ``call`` events as plain data (``seq``, ``created_at`` epoch ms and the
    payload), for talk time: the analysis takes plain data."""
    events = InterviewSession.objects.get(pk=session_id).events.filter(type=EventType.CALL)
    return [
        {"seq": seq, **payload}
        for seq, payload in events.order_by("seq").values_list("seq", "payload")
    ]


def talk_time_report(*, session: InterviewSession) -> list[dict[str, Any]]:
    """Per phase with speech: each speaker's seconds and share of the speech in it, for the
    report ("the candidate spoke 62 % of the deep dive"). Empty without speaking events."""
    events = call_events_for(session_id=session.pk)
    if not any(e.get("action") == "speaking" for e in events):
        return []
    changes, end_ms = _phase_changes(session)
    totals = talk_time_per_phase(events=events, spans=phase_spans(changes, end_ms))
    speakers = {
        p.user_id: (p.role, p.user.get_username())
        for p in Participant.objects.filter(
            session=session, role__in=[Role.INTERVIEWER, Role.CANDIDATE]
        ).select_related("user")
    }
    plan = session.phase_plan
    rows = []
    for index in sorted(totals):
        spoken = {u: ms for u, ms in totals[index].items() if u in speakers}
        total = sum(spoken.values())
        if not total:
            continue
        rows.append(
            {
                "phase": plan[index]["name"] if index < len(plan) else f"Phase {index + 1}",
                "people": [
                    {
                        "role": speakers[u][0],
                        "name": speakers[u][1],
                        "seconds": round(ms / 1000),
                        "percent": round(100 * ms / total),
                    }
                    for u, ms in sorted(spoken.items(), key=lambda item: speakers[item[0]][0])
                ],
            }
        )
    return rows


def _phase_changes(session: InterviewSession) -> tuple[list[tuple[int, int]], int]:
    """(at, phase entered) from the timer events, and when the session ended (or its last
    event, for a session still running)."""
    changes: list[tuple[int, int]] = []
    end_ms = 0
    timer_events = session.events.filter(type__in=[EventType.TIMER, EventType.ENDED]).order_by(
        "seq"
    )
    for kind, payload in timer_events.values_list("type", "payload"):
        at = int(payload.get("at") or 0)
        end_ms = max(end_ms, at)
        if kind == EventType.ENDED:
            break
        if payload.get("action") in ("start", "next", "previous", "auto_advance"):
            changes.append((at, int((payload.get("timer") or {}).get("phase") or 0)))
    last = session.events.order_by("-seq").values_list("created_at", flat=True).first()
    if session.status not in ("ended", "abandoned") and last is not None:
        end_ms = max(end_ms, int(last.timestamp() * 1000))
    return changes, end_ms


def recordings_export(*, session: InterviewSession, user: AnyUser) -> list[dict[str, Any]]:
    """The session's recordings for its export bundle, audio included (base64 WebM per
    segment), for the session's participants only: anyone else gets an empty list."""
    if participant_role(session_id=session.pk, user=user) is None:
        return []
    out = []
    for recording in recording_list(session_id=session.pk):
        segments = []
        for segment in recording.segments.all():
            audio = b"".join(
                chunk.file.open("rb").read() for chunk in segment.chunks.order_by("index")
            )
            segments.append(
                {
                    "user": segment.user_id,
                    "number": segment.number,
                    "started_at": segment.started_at.isoformat() if segment.started_at else None,
                    "duration_ms": segment.duration_ms,
                    "content_type": "audio/webm",
                    "audio_base64": base64.b64encode(audio).decode("ascii"),
                }
            )
        out.append(
            {
                "id": recording.pk,
                "status": recording.status,
                "consented": sorted(c.user_id for c in recording.consents.all()),
                "started_at": recording.started_at.isoformat() if recording.started_at else None,
                "stopped_at": recording.stopped_at.isoformat() if recording.stopped_at else None,
                "segments": segments,
            }
        )
    return out
