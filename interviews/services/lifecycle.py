"""Sessions made for a time and two people, their cancellation, arrivals, and the sweep that
closes sessions nobody uses any more."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.users import User
from content.models import Question

from ..errors import ErrorCode, SessionError
from ..models import InterviewSession, Participant, Role, SessionMode, SessionStatus
from .sessions import participant_add, session_abandon, session_create
from .writes import session_write

# The lobby refreshes every 2 s; a participant's "last seen" is written at most this often.
SEEN_WRITE_EVERY = timedelta(seconds=15)
# Seen within this long: "here now" in the lobby.
HERE_NOW = timedelta(seconds=30)


def session_pair_create(
    *,
    interviewer: User,
    candidate: User,
    question: Question,
    level: str,
    scheduled_for: datetime,
    follows: InterviewSession | None = None,
) -> InterviewSession:
    """Create a peer session for an agreed time with both people already seated.

    The interviewer is its creator, so it counts on the interviewer's hourly budget of new
    sessions like any other (SessionCreateThrottled when it is spent)."""
    with transaction.atomic():
        session = session_create(
            created_by=interviewer,
            question=question,
            level=level,
            mode=SessionMode.PEER,
            creator_role=Role.INTERVIEWER,
        )
        with session_write(session.pk) as write:
            participant_add(write, user=candidate, role=Role.CANDIDATE)
            write.session.scheduled_for = scheduled_for
            write.session.follows = follows
            write.dirty.update({"scheduled_for", "follows"})
        session.refresh_from_db()
    return session


def session_reschedule(*, session_id: UUID | str, scheduled_for: datetime) -> None:
    """Move a session that has not started to another agreed time."""
    with session_write(session_id) as write:
        if write.session.status != SessionStatus.SCHEDULED:
            raise SessionError(ErrorCode.INVALID_STATE, "the session has already started")
        write.session.scheduled_for = scheduled_for
        write.dirty.add("scheduled_for")


def session_cancel(*, session_id: UUID | str, user: User) -> InterviewSession:
    """Cancel a session that has not started; only its creator may."""
    with transaction.atomic():
        session = InterviewSession.objects.select_for_update().get(pk=session_id)
        if session.created_by_id != user.pk:
            raise SessionError(ErrorCode.FORBIDDEN, "only the creator can cancel a session")
        if session.status != SessionStatus.SCHEDULED:
            raise SessionError(
                ErrorCode.INVALID_STATE, "only a session that has not started can be cancelled"
            )
        return session_abandon(session_id=session.pk, actor=None, reason="cancelled")


def participant_seen(*, participant: Participant, now: datetime | None = None) -> None:
    """Note that the participant looked at the lobby or the room (their first arrival, and
    the latest look, written at most every SEEN_WRITE_EVERY)."""
    now = now or timezone.now()
    if participant.seen_at and now - participant.seen_at < SEEN_WRITE_EVERY:
        return
    Participant.objects.filter(pk=participant.pk, arrived_at__isnull=True).update(arrived_at=now)
    Participant.objects.filter(pk=participant.pk).update(seen_at=now)
    participant.seen_at = now
    participant.arrived_at = participant.arrived_at or now


def idle_limit() -> timedelta:
    return timedelta(minutes=settings.DESIGNROOM["SESSION_IDLE_ABANDON_MINUTES"])


def _idle_sessions(now: datetime | None) -> QuerySet[InterviewSession]:
    """Open sessions with no event, no look and no agreed time within the idle limit."""
    cutoff = (now or timezone.now()) - idle_limit()
    last_touch = Greatest(
        Coalesce(Max("events__created_at"), "created_at"),
        Coalesce(Max("participants__seen_at"), "created_at"),
        Coalesce("scheduled_for", "created_at"),
        "created_at",
    )
    return (
        InterviewSession.objects.filter(
            Q(status=SessionStatus.SCHEDULED) | Q(status=SessionStatus.LIVE)
        )
        .annotate(last_touch=last_touch)
        .filter(last_touch__lt=cutoff)
    )


def sessions_abandon_idle(*, now: datetime | None = None, batch: int = 500) -> int:
    """Close idle open sessions as abandoned (reason "idle"). Each is re-checked under its
    row lock, so a session touched meanwhile stays open and two sweeps never close one
    twice; ``batch`` bounds one run (the next beat takes the rest)."""
    closed = 0
    ids = list(_idle_sessions(now).order_by("created_at").values_list("pk", flat=True)[:batch])
    for session_id in ids:
        with transaction.atomic():
            InterviewSession.objects.select_for_update().filter(pk=session_id).first()
            if not _idle_sessions(now).filter(pk=session_id).exists():
                continue
            session_abandon(session_id=session_id, actor=None, reason="idle")
            closed += 1
    return closed
