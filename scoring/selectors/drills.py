"""Calibration drills: the reference sessions to practise on, a drill's comparison with the
reference scores, and whether a user counts as calibrated."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q

from accounts.users import User
from content.models import ReferenceSession, RubricCriterion

from ..models import DrillAttempt


def drills_required() -> int:
    """Drills within one point on every criterion (on different reference sessions) that
    make a rater calibrated."""
    return int(getattr(settings, "CALIBRATION_DRILLS_REQUIRED", 3))


def reference_session_list(*, user: User) -> list[ReferenceSession]:
    """Every reference session, each with this user's attempts (newest first) as ``mine``."""
    mine = DrillAttempt.objects.filter(user=user).order_by("-started_at")
    return list(
        ReferenceSession.objects.select_related("question", "framework")
        .prefetch_related(Prefetch("drill_attempts", mine, to_attr="mine"))
        .order_by("level", "slug")
    )


def drill_attempt_get(*, user: User, attempt_id: int) -> DrillAttempt | None:
    """One of the user's own drills (nobody else's: None)."""
    return (
        DrillAttempt.objects.filter(pk=attempt_id, user=user)
        .select_related("reference__question", "reference__rubric_version", "session")
        .first()
    )


def drill_comparison(*, attempt: DrillAttempt) -> list[dict[str, Any]] | None:
    """Per criterion: the user's score and the reference's, each with its anchor text, the
    deviation and the reference's rationale. None until the drill is submitted (blind)."""
    if attempt.submitted_at is None:
        return None
    criteria = {
        c.slug: c for c in RubricCriterion.objects.filter(version=attempt.reference.rubric_version)
    }
    mine = {
        s.criterion.slug: s.score
        for s in attempt.session.scorecards.get(author=attempt.user).scores.select_related(
            "criterion"
        )
    }
    rows = []
    for ref in attempt.reference.reference_scores:
        criterion = criteria.get(ref["criterion"])
        score = mine.get(ref["criterion"])
        rows.append(
            {
                "slug": ref["criterion"],
                "title": criterion.title if criterion else ref["criterion"],
                "score": score,
                "anchor": criterion.anchor_for(score) if criterion else "",
                "reference_score": ref["score"],
                "reference_anchor": criterion.anchor_for(ref["score"]) if criterion else "",
                "deviation": None if score is None else score - ref["score"],
                "rationale": ref["rationale"],
            }
        )
    return rows


def calibration_status(*, user: User) -> dict[str, Any]:
    """How many different reference sessions the user drilled within one point on every
    criterion, against how many make them calibrated. One query."""
    counts = DrillAttempt.objects.filter(user=user, submitted_at__isnull=False).aggregate(
        submitted=Count("pk"),
        passed=Count("reference", filter=Q(within_one=True), distinct=True),
    )
    required = drills_required()
    return {
        "submitted": counts["submitted"],
        "passed": counts["passed"],
        "required": required,
        "calibrated": counts["passed"] >= required,
    }
