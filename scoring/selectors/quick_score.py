"""The interviewer's quick score in the room: the rubric's criteria and the scores saved so far."""

from __future__ import annotations

from django.db.models import QuerySet

from content.models import RubricCriterion
from interviews.models import InterviewSession

from ..models import CriterionScore, ScorecardKind


def quick_score_criteria(*, session: InterviewSession) -> QuerySet[RubricCriterion]:
    """The criteria of the rubric for the session's framework and level (a variant of a
    framework is scored with its base's rubric)."""
    return RubricCriterion.objects.filter(
        rubric__framework_id=session.framework.rubric_framework_id, rubric__level=session.level
    )


def quick_scores_saved(*, session: InterviewSession) -> dict[str, int]:
    """Criterion slug -> score on the session's interviewer scorecard (scored criteria only)."""
    rows = CriterionScore.objects.filter(
        scorecard__session=session, scorecard__kind=ScorecardKind.INTERVIEWER, score__isnull=False
    ).values_list("criterion__slug", "score")
    return {slug: score for slug, score in rows if score is not None}
