"""Who may read and write scorecards and reports: one place, used by views, APIs and services.

Who may see a session at all is the interviews app's rule (``interviews.permissions``);
these rules are built on it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from accounts.users import AnyUser
from content.permissions import material_readable
from content.selectors import rubric_version_current_for
from interviews.models import InterviewSession, Role, SessionMode
from interviews.permissions import can_read_session, session_role, takes_part_as

from .models import Scorecard, ScorecardKind


def can_write_scorecard(*, user: AnyUser, session: InterviewSession, kind: str) -> bool:
    """A scorecard shows its rubric's anchors (interviewer-only material): the interviewer
    writes one once ``content.permissions`` lets them read the rubric (another account is
    the candidate); a solo candidate self-assesses once the session is over."""
    role = session_role(user=user, session=session)
    if kind == ScorecardKind.INTERVIEWER:
        return role == Role.INTERVIEWER and _rubric_readable(user, session)
    if kind == ScorecardKind.SHADOW:
        # Scored blind: once the interviewer's scores are out, a shadow scorecard is frozen.
        return (
            role == Role.OBSERVER
            and _rubric_readable(user, session)
            and not interviewer_scorecard_released(session=session)
        )
    return role == Role.CANDIDATE and session.mode == SessionMode.SOLO and session.is_over


def _rubric_readable(user: AnyUser, session: InterviewSession) -> bool:
    version = session.rubric_version or rubric_version_current_for(
        framework=session.framework, level=session.level
    )
    # Without a rubric there is nothing to show; the service refuses with its own message.
    return version is None or material_readable(user=user, kind="rubric", pk=version.rubric_id)


def interviewer_scorecard_released(*, session: InterviewSession) -> bool:
    return Scorecard.objects.filter(
        session=session, kind=ScorecardKind.INTERVIEWER, released_at__isnull=False
    ).exists()


def can_read_scorecard(*, user: AnyUser, scorecard: Scorecard) -> bool:
    if scorecard.kind == ScorecardKind.SHADOW:
        return can_read_shadow_scorecard(user=user, scorecard=scorecard)
    role = session_role(user=user, session=scorecard.session)
    if user.is_staff or (scorecard.kind == ScorecardKind.INTERVIEWER and role == Role.INTERVIEWER):
        return True
    if scorecard.kind == ScorecardKind.SELF:
        return role in (Role.CANDIDATE, Role.INTERVIEWER)
    return role == Role.CANDIDATE and scorecard.is_released


def can_read_shadow_scorecard(*, user: AnyUser, scorecard: Scorecard) -> bool:
    """Its author; once the interviewer released theirs, the session's raters (interviewer
    and observers) and staff too. Never the candidate: only folded-in scores reach them."""
    if not user.is_authenticated:
        return False
    if scorecard.author_id == user.pk:
        return True
    if not interviewer_scorecard_released(session=scorecard.session):
        return False
    role = session_role(user=user, session=scorecard.session)
    return user.is_staff or role in (Role.INTERVIEWER, Role.OBSERVER)


def can_fold_in_scorecard(*, user: AnyUser, scorecard: Scorecard) -> bool:
    """The interviewer decides whether a shadow scorecard counts toward the candidate's score,
    after releasing their own (so the choice is made with both in view)."""
    return (
        scorecard.kind == ScorecardKind.SHADOW
        and session_role(user=user, session=scorecard.session) == Role.INTERVIEWER
        and interviewer_scorecard_released(session=scorecard.session)
    )


def can_read_report(*, user: AnyUser, session: InterviewSession) -> bool:
    """A session's feedback report: whoever may read the session (its curveballs and notes are
    trimmed by ``can_read_interviewer_only`` when the report is shaped)."""
    return can_read_session(user=user, session=session)


def can_regenerate_report(*, user: AnyUser, session: InterviewSession) -> bool:
    role = session_role(user=user, session=session)
    return (
        user.is_staff
        or role == Role.INTERVIEWER
        or (session.mode == SessionMode.SOLO and role == Role.CANDIDATE)
    )


# The same rules as querysets filters, for lists and exports that must not test row by row.


def scorecards_readable_filter(*, user: AnyUser) -> Q:
    """Scorecards the user may read (``can_read_scorecard``), as a filter on scorecards."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_staff:
        return ~Q(kind=ScorecardKind.SHADOW) | Q(author=user) | Q(_released_interviewer_card())
    field = "session"
    return (
        Q(
            takes_part_as(user, Role.INTERVIEWER, session_field=field),
            kind=ScorecardKind.INTERVIEWER,
        )
        | Q(
            takes_part_as(user, Role.CANDIDATE, session_field=field),
            kind=ScorecardKind.INTERVIEWER,
            released_at__isnull=False,
        )
        | Q(
            takes_part_as(user, Role.CANDIDATE, Role.INTERVIEWER, session_field=field),
            kind=ScorecardKind.SELF,
        )
        | Q(kind=ScorecardKind.SHADOW, author=user)
        | Q(
            takes_part_as(user, Role.INTERVIEWER, Role.OBSERVER, session_field=field),
            _released_interviewer_card(),
            kind=ScorecardKind.SHADOW,
        )
    )


def _released_interviewer_card() -> Exists:
    return Exists(
        Scorecard.objects.filter(
            session=OuterRef("session"), kind=ScorecardKind.INTERVIEWER, released_at__isnull=False
        )
    )
