"""Calibration drills: replay a reference session for a user, who scores it blind on their
shadow scorecard and submits; the comparison with the reference scores is then theirs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.users import User
from content.models import ReferenceSession
from interviews.services.scripted import scripted_session_create

from ..analysis.agreement import within_one_everywhere
from ..models import DrillAttempt, Scorecard, ScorecardKind
from .scorecards import ScoringError, scorecard_get_or_create


def drill_start(*, user: User, reference: ReferenceSession) -> DrillAttempt:
    """The user's unfinished drill on this reference, or a new one (a new replayed session,
    counted toward the user's budget of new sessions)."""
    open_attempt = DrillAttempt.objects.filter(
        user=user, reference=reference, submitted_at__isnull=True
    ).first()
    if open_attempt is not None:
        return open_attempt
    with transaction.atomic():
        session = scripted_session_create(reference=reference, viewer=user)
        attempt = DrillAttempt.objects.create(user=user, reference=reference, session=session)
        scorecard_get_or_create(session=session, kind=ScorecardKind.SHADOW, user=user)
    return attempt


def drill_scorecard(attempt: DrillAttempt) -> Scorecard:
    card = Scorecard.objects.filter(
        session=attempt.session, kind=ScorecardKind.SHADOW, author=attempt.user
    ).first()
    if card is None:  # created with the attempt; only a deleted row gets here
        raise ScoringError("This drill has no scorecard.")
    return card


@transaction.atomic
def drill_submit(*, attempt: DrillAttempt, user: User) -> DrillAttempt:
    """Finish a drill: every criterion must be scored; the scorecard then freezes and the
    comparison with the reference scores opens."""
    if attempt.user_id != user.pk:
        raise PermissionDenied("This is not your drill.")
    if attempt.submitted_at is not None:
        return attempt
    card = drill_scorecard(attempt)
    scores = {s.criterion.slug: s.score for s in card.scores.select_related("criterion")}
    unscored = sorted(slug for slug, score in scores.items() if score is None)
    if unscored:
        raise ScoringError(f"Score every criterion first (still open: {', '.join(unscored)}).")
    reference = {r["criterion"]: r["score"] for r in attempt.reference.reference_scores}
    deviations = [scores[slug] - reference[slug] if slug in scores else None for slug in reference]
    now = timezone.now()
    Scorecard.objects.filter(pk=card.pk).update(submitted_at=now)
    attempt.submitted_at = now
    attempt.within_one = within_one_everywhere(deviations)
    attempt.save(update_fields=["submitted_at", "within_one"])
    return attempt
