"""Who may read and write scorecards and reports: one place, used by views, APIs and services."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from interviews.models import InterviewSession, Participant, Role, SessionMode

from .models import Scorecard, ScorecardKind


def session_role(*, user: Any, session: InterviewSession) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        Participant.objects.filter(session=session, user=user)
        .values_list("role", flat=True)
        .first()
    )


def can_write_scorecard(*, user: Any, session: InterviewSession, kind: str) -> bool:
    role = session_role(user=user, session=session)
    if kind == ScorecardKind.INTERVIEWER:
        return role == Role.INTERVIEWER
    return role == Role.CANDIDATE and session.mode == SessionMode.SOLO


def can_read_scorecard(*, user: Any, scorecard: Scorecard) -> bool:
    role = session_role(user=user, session=scorecard.session)
    if user.is_staff or (scorecard.kind == ScorecardKind.INTERVIEWER and role == Role.INTERVIEWER):
        return True
    if scorecard.kind == ScorecardKind.SELF:
        return role in (Role.CANDIDATE, Role.INTERVIEWER)
    return role == Role.CANDIDATE and scorecard.is_released


def can_read_report(*, user: Any, session: InterviewSession) -> bool:
    return user.is_authenticated and (
        user.is_staff or session_role(user=user, session=session) is not None
    )


def can_regenerate_report(*, user: Any, session: InterviewSession) -> bool:
    role = session_role(user=user, session=session)
    return (
        user.is_staff
        or role == Role.INTERVIEWER
        or (session.mode == SessionMode.SOLO and role == Role.CANDIDATE)
    )


def can_read_interviewer_only(*, user: Any, session: InterviewSession) -> bool:
    """Interviewer-only material of a session (private notes, interviewer-visibility events,
    the curveballs in a report): its interviewer, and staff."""
    return user.is_authenticated and (
        user.is_staff or session_role(user=user, session=session) == Role.INTERVIEWER
    )


# The same rules as querysets filters, for lists and exports that must not test row by row.


def _takes_part_as(user: Any, *roles: str, session_field: str) -> Exists:
    return Exists(
        Participant.objects.filter(session=OuterRef(session_field), user=user, role__in=roles)
    )


def sessions_readable_filter(*, user: Any) -> Q:
    """Sessions whose report the user may read (``can_read_report``), as a filter on sessions."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_staff:
        return Q()
    return Q(_takes_part_as(user, *Role.values, session_field="pk"))


def scorecards_readable_filter(*, user: Any) -> Q:
    """Scorecards the user may read (``can_read_scorecard``), as a filter on scorecards."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_staff:
        return Q()
    field = "session"
    return (
        Q(
            _takes_part_as(user, Role.INTERVIEWER, session_field=field),
            kind=ScorecardKind.INTERVIEWER,
        )
        | Q(
            _takes_part_as(user, Role.CANDIDATE, session_field=field),
            kind=ScorecardKind.INTERVIEWER,
            released_at__isnull=False,
        )
        | Q(
            _takes_part_as(user, Role.CANDIDATE, Role.INTERVIEWER, session_field=field),
            kind=ScorecardKind.SELF,
        )
    )
