"""Reads of sessions, participants and invites for pages and doors."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When

from accounts.users import AnyUser, User
from content.models import Rubric

from ..models import InterviewSession, Invite, Participant, Role, SessionStatus
from ..permissions import interviewed_with_a_candidate_filter, takes_part_as


def session_list_for_user(
    *, user: AnyUser, status: str = "", live_first: bool = False
) -> QuerySet[InterviewSession]:
    """ "My sessions": those the user created or takes part in, newest first (``live_first``:
    live ones, then scheduled ones, then the rest, newest first within each)."""
    sessions = InterviewSession.objects.filter(
        Q(created_by=user) | Q(participants__user=user)
    ).distinct()
    if status:
        sessions = sessions.filter(status=status)
    if live_first:
        rank = Case(
            When(status=SessionStatus.LIVE, then=Value(0)),
            When(status=SessionStatus.SCHEDULED, then=Value(1)),
            default=Value(2),
        )
        sessions = sessions.alias(rank=rank).order_by("rank", "-created_at", "-pk")
    return sessions.select_related("question", "framework").prefetch_related(
        Prefetch("participants", Participant.objects.select_related("user"))
    )


def participant_get(*, session_id: UUID, user: User) -> Participant:
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


def _interviewed(user: User) -> QuerySet[InterviewSession]:
    return InterviewSession.objects.filter(interviewed_with_a_candidate_filter(user=user))


# The rules interviews registers in content.permissions (InterviewsConfig.ready): the
# interviewer of a session with a candidate who is another account reads that session's
# question, framework and rubric.


def question_ids_interviewed_by(*, user: User, ids: list[int]) -> set[int]:
    """Of these questions, those the user interviewed a candidate on."""
    rows = _interviewed(user).filter(question_id__in=ids).values_list("question_id", flat=True)
    return set(rows)


def framework_ids_interviewed_by(*, user: User, ids: list[int]) -> set[int]:
    """Of these frameworks, those the user interviewed a candidate with."""
    rows = _interviewed(user).filter(framework_id__in=ids).values_list("framework_id", flat=True)
    return set(rows)


def rubric_ids_interviewed_by(*, user: User, ids: list[int]) -> set[int]:
    """Of these rubrics, those of a framework and level the user interviewed a candidate at."""
    # A variant of a framework is scored with its base's rubrics (content.selectors.rubric_for).
    used = _interviewed(user).filter(
        Q(framework=OuterRef("framework")) | Q(framework__variant_of=OuterRef("framework")),
        level=OuterRef("level"),
    )
    return set(Rubric.objects.filter(Exists(used), pk__in=ids).values_list("pk", flat=True))


def rubric_ids_observed_by(*, user: User, ids: list[int]) -> set[int]:
    """Of these rubrics, those whose versions score a session the user observes (an observer
    shadow-scores it against the same anchors; see scoring's shadow scorecards)."""
    observed = InterviewSession.objects.filter(
        takes_part_as(user, Role.OBSERVER, session_field="pk"),
        rubric_version__rubric_id__in=ids,
    )
    return set(observed.values_list("rubric_version__rubric_id", flat=True))


def rubric_version_ids_pinned(ids: list[int]) -> set[int]:
    """Of these rubric versions, those a session pins."""
    rows = InterviewSession.objects.filter(rubric_version_id__in=ids)
    return set(rows.values_list("rubric_version_id", flat=True).distinct())


def invite_unused_get(*, invite_id: int) -> Invite | None:
    return Invite.objects.filter(pk=invite_id, used_at__isnull=True).first()


def participant_list(*, session: InterviewSession) -> list[Participant]:
    return list(session.participants.select_related("user"))


def session_phase_plan(*, session: InterviewSession) -> list[dict[str, Any]]:
    """The session's frozen phase plan with the candidate-facing guidance of each phase."""
    guidance = {p.slug: p for p in session.framework.phases.all()}
    out = []
    for index, planned in enumerate(session.plan):
        phase = guidance.get(planned.slug)
        out.append(
            {
                "index": index,
                "slug": planned.slug,
                "name": planned.name,
                "planned_seconds": planned.planned_seconds,
                "minutes": round(planned.planned_seconds / 60),
                "goal": phase.goal if phase else "",
                "candidate_guidance": phase.candidate_guidance if phase else "",
                "expected_outputs": phase.expected_outputs if phase else [],
            }
        )
    return out


def follow_ups_posed(*, session: InterviewSession) -> list[dict[str, str]]:
    """The question's follow-ups of the phases the session has reached (all, once it is over;
    none before it starts): what the solo room has asked so far."""
    reached = session.current_phase if session.started_at else -1
    if session.is_over:
        reached = len(session.plan) - 1
    slugs = {p.slug for i, p in enumerate(session.plan) if i <= reached}
    return [
        {"phase": f.phase_slug, "text": f.text}
        for f in session.question.follow_ups.order_by("order")
        if f.phase_slug in slugs
    ]
