"""Between people: rating an interviewer, blocking, reporting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.users import User
from interviews.models import Participant, Role, SessionMode, SessionStatus

from ..models import Block, InterviewerFeedback, Match, MatchStatus, Report, ReportReason
from ..selectors import shared_practice_exists

COMMENT_MAX = 2000


class PeopleRefused(Exception):
    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Rating:
    preparedness: int
    clarity: int
    hints: int
    comment: str = ""


def interviewer_feedback_submit(
    *, session_id: UUID | str, author: User, rating: Rating
) -> InterviewerFeedback:
    """The candidate of an ended peer session rates its interviewer, once."""
    for name in ("preparedness", "clarity", "hints"):
        if getattr(rating, name) not in (1, 2, 3, 4):
            raise PeopleRefused(f"{name} is rated from 1 to 4.")
    if len(rating.comment) > COMMENT_MAX:
        raise PeopleRefused(f"The comment is at most {COMMENT_MAX} characters.")
    seats = {
        p.role: p
        for p in Participant.objects.filter(session_id=UUID(str(session_id))).select_related(
            "session"
        )
    }
    mine = next((p for p in seats.values() if p.user_id == author.pk), None)
    if mine is None:
        raise PeopleRefused("No such session.", status=404)
    interviewer = seats.get(Role.INTERVIEWER)
    session = mine.session
    if mine.role != Role.CANDIDATE or interviewer is None or session.mode != SessionMode.PEER:
        raise PeopleRefused(
            "Only the candidate of a peer session rates its interviewer.", status=403
        )
    if session.status != SessionStatus.ENDED:
        raise PeopleRefused("Rate the interviewer once the session has ended.", status=409)
    try:
        with transaction.atomic():
            return InterviewerFeedback.objects.create(
                session_id=session.pk,
                author=author,
                interviewer_id=interviewer.user_id,
                preparedness=rating.preparedness,
                clarity=rating.clarity,
                hints=rating.hints,
                comment=rating.comment.strip(),
            )
    except IntegrityError:
        raise PeopleRefused("You already rated this interviewer.", status=409) from None


def user_block(*, blocker: User, blocked: User) -> Block:
    """Never match these two again; their scheduled matches are cancelled."""
    from .matches import match_cancel

    if blocker.pk == blocked.pk:
        raise PeopleRefused("You cannot block yourself.")
    if Block.objects.filter(blocker=blocker).count() >= 200:
        raise PeopleRefused("You block 200 people already, the most one account may.")
    block, _ = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    pending = Match.objects.filter(
        status=MatchStatus.SCHEDULED, starts_at__gt=timezone.now()
    ).filter(user_first__in=[blocker, blocked], user_second__in=[blocker, blocked])
    for match in pending:
        match_cancel(match_id=match.pk, user=blocker)
    return block


def user_unblock(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def user_report(*, reporter: User, reported: User, reason: str, details: str = "") -> Report:
    """Report someone one practised with, for staff to read in the admin."""
    if reporter.pk == reported.pk:
        raise PeopleRefused("You cannot report yourself.")
    if not shared_practice_exists(user_id=reporter.pk, other_id=reported.pk):
        raise PeopleRefused("No such person.", status=404)
    if reason not in ReportReason.values:
        raise PeopleRefused(f"Reason must be one of {', '.join(ReportReason.values)}.")
    if len(details) > COMMENT_MAX:
        raise PeopleRefused(f"The details are at most {COMMENT_MAX} characters.")
    per_day = settings.DESIGNROOM["PRACTICE_REPORTS_PER_DAY"]
    since = timezone.now() - timedelta(days=1)
    if Report.objects.filter(reporter=reporter, created_at__gt=since).count() >= per_day:
        raise PeopleRefused(
            f"You sent {per_day} reports today, the most one account may.", status=429
        )
    return Report.objects.create(
        reporter=reporter, reported=reported, reason=reason, details=details.strip()
    )
