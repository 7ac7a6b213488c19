"""Reads of sessions, participants and invites for pages and doors."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet

from ..models import InterviewSession, Invite, Participant, Role


def session_list_for_user(*, user: Any, status: str = "") -> QuerySet[InterviewSession]:
    """ "My sessions": those the user created or takes part in, newest first."""
    sessions = InterviewSession.objects.filter(
        Q(created_by=user) | Q(participants__user=user)
    ).distinct()
    if status:
        sessions = sessions.filter(status=status)
    return sessions.select_related("question", "framework").prefetch_related(
        Prefetch("participants", Participant.objects.select_related("user"))
    )


def participant_get(*, session_id: UUID, user: Any) -> Participant:
    """The user's participation in a session (raises Participant.DoesNotExist)."""
    return Participant.objects.select_related("user", "session").get(
        session_id=session_id, user=user
    )


def invite_get_by_token(*, token: str) -> Invite | None:
    return (
        Invite.objects.select_related("session__question", "created_by", "used_by")
        .filter(token_hash=Invite.token_digest(token))
        .first()
    )


def question_ids_interviewed_by(*, user: Any, question_ids: list[int]) -> set[int]:
    """Of these questions, those the user interviewed a session of: an interviewer may read a
    question's interviewer-only material (content asks through its outline-reader rules)."""
    return set(
        Participant.objects.filter(
            user=user, role=Role.INTERVIEWER, session__question_id__in=question_ids
        ).values_list("session__question_id", flat=True)
    )
