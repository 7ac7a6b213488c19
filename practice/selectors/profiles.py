"""A person's practice profile: history, averages of the ratings received, reliability."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Avg, Count

from accounts.users import User
from interviews.models import Participant, Role, SessionMode, SessionStatus
from scoring.models import FeedbackReport, ReportStatus

from ..models import InterviewerFeedback
from .matches import reliability_of

HISTORY_ROWS = 20


def profile_summary(*, user: User) -> dict[str, Any]:
    peer_ended = Participant.objects.filter(
        user=user, session__mode=SessionMode.PEER, session__status=SessionStatus.ENDED
    )
    history = list(
        peer_ended.select_related("session__question").order_by("-session__ended_at")[:HISTORY_ROWS]
    )
    ratings = InterviewerFeedback.objects.filter(interviewer=user).aggregate(
        count=Count("pk"),
        preparedness=Avg("preparedness"),
        clarity=Avg("clarity"),
        hints=Avg("hints"),
    )
    as_candidate = FeedbackReport.objects.filter(
        session__participants__user=user,
        session__participants__role=Role.CANDIDATE,
        status=ReportStatus.READY,
        overall_score__isnull=False,
    ).aggregate(count=Count("pk"), score=Avg("overall_score"))
    return {
        "user": user,
        "history": history,
        "interviews_given": peer_ended.filter(role=Role.INTERVIEWER).count(),
        "interviews_taken": peer_ended.filter(role=Role.CANDIDATE).count(),
        "ratings": ratings,
        "candidate_scores": as_candidate,
        "reliability": reliability_of(user_id=user.pk),
    }


def interviewer_feedback_for(*, session_id: UUID, author_id: int) -> InterviewerFeedback | None:
    return InterviewerFeedback.objects.filter(session_id=session_id, author_id=author_id).first()
