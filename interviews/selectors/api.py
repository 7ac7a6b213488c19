"""Reads behind the REST API's session endpoints.

Who sees a session is decided in the queryset (staff: every session; anyone else: the sessions
they take part in, the rule of ``interviews.permissions.can_read_session``), so a list never
holds another user's session and looking one up by id returns nothing, which the API turns
into a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery

from accounts.users import AnyUser, User

from ..models import (
    InterviewSession,
    Participant,
    Role,
    SessionEvent,
    SessionStatus,
)
from ..permissions import can_read_interviewer_only, sessions_readable_filter
from ..timer import stay_elapsed
from .history import timer_history_get
from .snapshot import visible_events

SESSION_ORDERINGS = {
    "created_at": (F("created_at").asc(), F("id").asc()),
    "-created_at": (F("created_at").desc(), F("id").desc()),
    "ended_at": (F("ended_at").asc(nulls_last=True), F("created_at").asc(), F("id").asc()),
    "-ended_at": (F("ended_at").desc(nulls_last=True), F("created_at").desc(), F("id").desc()),
}


@dataclass(frozen=True)
class SessionFilters:
    status: str = ""
    role: str = ""
    question: str = ""
    participant: str = ""
    created_after: datetime | None = None
    created_before: datetime | None = None


def _takes_part(user: User, **conditions: Any) -> Exists:
    return Exists(Participant.objects.filter(session=OuterRef("pk"), user=user, **conditions))


def session_filtered_list(*, user: User, filters: SessionFilters) -> QuerySet[InterviewSession]:
    """The sessions the user may see, filtered; no ordering, no prefetching (for subqueries)."""
    sessions = InterviewSession.objects.filter(sessions_readable_filter(user=user))
    if filters.status:
        sessions = sessions.filter(status=filters.status)
    if filters.role:
        sessions = sessions.filter(_takes_part(user, role=filters.role))
    if filters.question:
        sessions = sessions.filter(question__slug=filters.question)
    if filters.participant:
        sessions = sessions.filter(
            Exists(
                Participant.objects.filter(
                    session=OuterRef("pk"), user__username=filters.participant
                )
            )
        )
    if filters.created_after is not None:
        sessions = sessions.filter(created_at__gte=filters.created_after)
    if filters.created_before is not None:
        sessions = sessions.filter(created_at__lt=filters.created_before)
    return sessions


def _with_relations(sessions: QuerySet[InterviewSession], user: User) -> QuerySet[InterviewSession]:
    """Everything a session's representation reads, fetched with a constant number of queries."""
    viewer_role = Participant.objects.filter(session=OuterRef("pk"), user=user).values("role")[:1]
    return (
        sessions.select_related("question", "framework")
        .prefetch_related(
            Prefetch(
                "participants",
                Participant.objects.select_related("user").order_by("joined_at", "pk"),
            )
        )
        .annotate(viewer_role=Subquery(viewer_role))
    )


def session_list_for_api(
    *, user: User, filters: SessionFilters, ordering: str = "-created_at"
) -> QuerySet[InterviewSession]:
    """The user's sessions (staff: all), filtered and ordered, with what the list shows."""
    sessions = session_filtered_list(user=user, filters=filters)
    return _with_relations(sessions, user).order_by(*SESSION_ORDERINGS[ordering])


def session_get_for_api(*, user: User, session_id: UUID | str) -> InterviewSession | None:
    """One session if the user may see it (None otherwise: do not reveal that it exists)."""
    sessions = InterviewSession.objects.filter(sessions_readable_filter(user=user), pk=session_id)
    return _with_relations(sessions.select_related("board"), user).first()


def session_phase_list(*, session: InterviewSession, now: datetime) -> list[dict[str, Any]]:
    """Planned and actual time per phase; a live session's current phase counts its time so far."""
    running_extra = (
        stay_elapsed(session.timer_state, now) if session.status == SessionStatus.LIVE else 0.0
    )
    phases = []
    for timing in timer_history_get(session_id=session.pk):
        actual = timing.actual_seconds
        is_current = session.status == SessionStatus.LIVE and timing.index == session.current_phase
        if is_current:
            actual += running_extra
        phases.append(
            {
                "index": timing.index,
                "slug": timing.slug,
                "name": timing.name,
                "planned_seconds": timing.planned_seconds,
                "planned_minutes": round(timing.planned_seconds / 60, 2),
                "actual_seconds": round(actual, 3),
                "actual_minutes": round(actual / 60, 2),
                "overrun_seconds": round(max(0.0, actual - timing.planned_seconds), 3),
                "current": is_current,
            }
        )
    return phases


def session_event_list(
    *,
    session: InterviewSession,
    user: AnyUser,
    types: list[str] | None = None,
    after_seq: int | None = None,
) -> QuerySet[SessionEvent]:
    """The events the user may see, in seq order: interviewer-visibility ones only for the
    session's interviewer (and staff), like the room and the replay page."""
    role = Role.INTERVIEWER if can_read_interviewer_only(user=user, session=session) else ""
    events = visible_events(session=session, role=role)
    if types:
        events = events.filter(type__in=types)
    if after_seq is not None:
        events = events.filter(seq__gt=after_seq)
    return events


def event_export(event: SessionEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "type": event.type,
        "actor": event.actor_id,
        "visibility": event.visibility,
        "created_at": event.created_at.isoformat(),
        "payload": event.payload,
    }


def participant_export(participant: Participant) -> dict[str, Any]:
    return {
        "user": {"id": participant.user_id, "username": participant.user.get_username()},
        "role": participant.role,
        "joined_at": participant.joined_at.isoformat(),
        "left_at": participant.left_at.isoformat() if participant.left_at else None,
    }


def participation_counts(*, user: User) -> dict[str, int]:
    """How many sessions the user took part in, per role."""
    counts = dict.fromkeys(Role.values, 0)
    rows = Participant.objects.filter(user=user).values("role").annotate(n=Count("id"))
    for row in rows:
        counts[row["role"]] = row["n"]
    return counts
