"""Reads of the calls app: ICE servers for a participant, a session's recordings, talk time."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Prefetch

from accounts.users import AnyUser, User
from interviews.models import EventType, InterviewSession, Participant

from .models import Recording, RecordingSegment
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
