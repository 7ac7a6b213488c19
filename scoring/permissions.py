"""Who may read and write scorecards and reports: one place, used by views, APIs and services."""

from __future__ import annotations

from typing import Any

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
