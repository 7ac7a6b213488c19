"""Scorecards: the interviewer scores criteria 1-4 and releases; a solo candidate self-assesses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.users import User
from content.models import RubricVersion
from interviews.models import InterviewSession
from interviews.services import session_rubric_version_pin

from ..models import CriterionScore, HireSignal, Scorecard, ScorecardKind
from ..permissions import can_fold_in_scorecard, can_write_scorecard
from ..selectors.tags import scorecard_tags


class ScoringError(Exception):
    """A scoring request that cannot be honoured; the message is shown to the user."""


def _version_for(session: InterviewSession) -> RubricVersion:
    version = session_rubric_version_pin(session=session)
    if version is None:
        raise ScoringError(f"No rubric for the {session.level} level of this framework.")
    return version


def _existing(session: InterviewSession, kind: str, user: User) -> Scorecard | None:
    cards = Scorecard.objects.filter(session=session, kind=kind)
    if kind == ScorecardKind.SHADOW:
        cards = cards.filter(author=user)  # each observer scores on their own card
    return cards.first()


@transaction.atomic
def scorecard_get_or_create(*, session: InterviewSession, kind: str, user: User) -> Scorecard:
    """Return the session's scorecard of this kind (for a shadow scorecard, this user's),
    creating it with a row per criterion of the rubric version the session pins."""
    if not can_write_scorecard(user=user, session=session, kind=kind):
        raise PermissionDenied("You cannot score this session.")
    card = _existing(session, kind, user)
    if card is not None:
        return card
    version = _version_for(session)
    card = Scorecard.objects.create(
        session=session, kind=kind, author=user, rubric_id=version.rubric_id
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(scorecard=card, criterion=c) for c in version.criteria.all()
    )
    return card


def _require_writer(card: Scorecard, user: User) -> None:
    if not can_write_scorecard(user=user, session=card.session, kind=card.kind):
        raise PermissionDenied("You cannot change this scorecard.")
    if card.kind == ScorecardKind.SHADOW and card.author_id != user.pk:
        raise PermissionDenied("You cannot change this scorecard.")
    if card.kind == ScorecardKind.SHADOW and card.submitted_at is not None:
        raise ScoringError("This drill was submitted and its scores can no longer change.")
    if card.kind == ScorecardKind.SELF and card.submitted_at is not None:
        raise ScoringError("The self-assessment was submitted and can no longer change.")


def _text_require(text: str | None, what: str) -> None:
    # PostgreSQL cannot store NUL in text; refused here, every door gets the same message.
    if text is not None and "\x00" in text:
        raise ScoringError(f"{what} contains a NUL character (\\x00); remove it and save again.")


@transaction.atomic
def scorecard_score_set(
    *,
    scorecard: Scorecard,
    user: User,
    criterion_id: int,
    score: int | None,
    comment: str | None = None,
    tag: str | None = None,
) -> CriterionScore:
    """Set one criterion's score (1-4, or None to clear) and, optionally, its evidence comment
    and what that comment is about (a component of the board or a phase: see scorecard_tags)."""
    _require_writer(scorecard, user)
    if score is not None and not 1 <= score <= 4:
        raise ScoringError("A score is 1, 2, 3 or 4.")
    _text_require(comment, "The comment")
    if tag is not None and tag and tag not in dict(scorecard_tags(session=scorecard.session)):
        raise ScoringError("Tag a comment with a component of the board or a phase of the session.")
    row = (
        CriterionScore.objects.select_for_update()
        .filter(scorecard=scorecard, criterion_id=criterion_id)
        .first()
    )
    if row is None:
        raise ScoringError("That criterion is not part of this scorecard's rubric.")
    row.score = score
    if comment is not None:
        row.comment = comment[:5000]
    if tag is not None:
        row.tag = tag
    row.save(update_fields=["score", "comment", "tag"])
    Scorecard.objects.filter(pk=scorecard.pk).update(updated_at=timezone.now())
    return row


@transaction.atomic
def scorecard_update(
    *,
    scorecard: Scorecard,
    user: User,
    hire_signal: str | None = None,
    summary: str | None = None,
) -> Scorecard:
    _require_writer(scorecard, user)
    _text_require(summary, "The summary")
    if hire_signal is not None:
        if hire_signal and hire_signal not in HireSignal.values:
            raise ScoringError("Unknown hire signal.")
        scorecard.hire_signal = hire_signal
    if summary is not None:
        scorecard.summary = summary[:10000]
    scorecard.save(update_fields=["hire_signal", "summary", "updated_at"])
    return scorecard


@transaction.atomic
def scorecard_release(*, scorecard: Scorecard, user: User) -> Scorecard:
    """Show the interviewer's scorecard to the candidate, and fold it into the report's score."""
    if scorecard.kind != ScorecardKind.INTERVIEWER:
        raise ScoringError("Only an interviewer's scorecard is released.")
    _require_writer(scorecard, user)
    if scorecard.released_at is None:
        scorecard.released_at = timezone.now()
        scorecard.save(update_fields=["released_at", "updated_at"])
        if scorecard.session.is_over:
            from .feedback import feedback_request

            feedback_request(session_id=scorecard.session_id)
    return scorecard


@transaction.atomic
def scorecard_submit(*, scorecard: Scorecard, user: User) -> Scorecard:
    """Finish a solo self-assessment; the report then shows where it and the analysis disagree."""
    if scorecard.kind != ScorecardKind.SELF:
        raise ScoringError("Only a self-assessment is submitted.")
    _require_writer(scorecard, user)
    scorecard.submitted_at = timezone.now()
    scorecard.save(update_fields=["submitted_at", "updated_at"])
    return scorecard


@transaction.atomic
def scorecard_fold_in(*, scorecard: Scorecard, user: User, counts: bool) -> Scorecard:
    """Let a shadow scorecard count toward the candidate's score (or stop it counting); the
    interviewer's choice, made after releasing their own. The report is recomputed."""
    if not can_fold_in_scorecard(user=user, scorecard=scorecard):
        raise PermissionDenied("Only the interviewer, after releasing, decides this.")
    if scorecard.counts_toward_score != counts:
        scorecard.counts_toward_score = counts
        scorecard.save(update_fields=["counts_toward_score", "updated_at"])
        if scorecard.session.is_over:
            from .feedback import feedback_request

            feedback_request(session_id=scorecard.session_id)
    return scorecard
