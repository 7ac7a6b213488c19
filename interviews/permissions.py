"""Who may see a session: one place, used by the room's reads, the API, scoring and exports.

Scoring builds its scorecard and report rules on these (``scoring.permissions``); the
queryset forms decide in the database, so lists and exports never test row by row.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from accounts.users import AnonymousUser, AnyUser, User

from .models import InterviewSession, Participant, Role


def session_role(*, user: AnyUser, session: InterviewSession) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        Participant.objects.filter(session=session, user=user)
        .values_list("role", flat=True)
        .first()
    )


def can_read_session(*, user: AnyUser, session: InterviewSession) -> bool:
    """A session's record (and what is derived from it): its participants, and staff."""
    return user.is_authenticated and (
        user.is_staff or session_role(user=user, session=session) is not None
    )


def can_read_interviewer_only(*, user: AnyUser, session: InterviewSession) -> bool:
    """Interviewer-only material of a session (private notes, interviewer-visibility events,
    the curveballs in a report): its interviewer, and staff."""
    return user.is_authenticated and (
        user.is_staff or session_role(user=user, session=session) == Role.INTERVIEWER
    )


# The same rules as queryset filters.


def takes_part_as(user: User, *roles: str, session_field: str) -> Exists:
    """The user takes part, in one of ``roles``, in the session ``session_field`` names."""
    return Exists(
        Participant.objects.filter(session=OuterRef(session_field), user=user, role__in=roles)
    )


def interviewed_with_a_candidate_filter(*, user: AnyUser) -> Q:
    """Sessions the user interviews and whose candidate is another account, as a filter on
    sessions: what opens a question's, framework's and rubric's interviewer-only material
    to someone who is not a curator (the rule content asks, ``content.permissions``)."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return Q(pk__in=[])
    candidate_is_someone_else = Exists(
        Participant.objects.filter(session=OuterRef("pk"), role=Role.CANDIDATE).exclude(user=user)
    )
    return Q(takes_part_as(user, Role.INTERVIEWER, session_field="pk")) & Q(
        candidate_is_someone_else
    )


def sessions_readable_filter(*, user: AnyUser) -> Q:
    """Sessions the user may read (``can_read_session``), as a filter on sessions."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_staff:
        return Q()
    return Q(takes_part_as(user, *Role.values, session_field="pk"))
