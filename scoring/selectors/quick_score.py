"""The interviewer's quick score in the room: the rubric's criteria and the scores saved so far."""

from __future__ import annotations

from django.db.models import QuerySet

from content.models import RubricCriterion
from content.selectors import rubric_version_current_for
from interviews.models import InterviewSession

from ..models import CriterionScore, ScorecardKind


def quick_score_criteria(*, session: InterviewSession) -> QuerySet[RubricCriterion]:
    """The criteria of the rubric version the session pins (or, before it pins one, of the
    current version for its framework and level)."""
    version = session.rubric_version or rubric_version_current_for(
        framework=session.framework, level=session.level
    )
    return RubricCriterion.objects.filter(version=version).order_by("order")


def quick_scores_saved(*, session: InterviewSession) -> dict[str, int]:
    """Criterion slug -> score on the session's interviewer scorecard (scored criteria only)."""
    rows = CriterionScore.objects.filter(
        scorecard__session=session, scorecard__kind=ScorecardKind.INTERVIEWER, score__isnull=False
    ).values_list("criterion__slug", "score")
    return {slug: score for slug, score in rows if score is not None}
