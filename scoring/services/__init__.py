"""Every write of the scoring app."""

from .drills import drill_scorecard, drill_start, drill_submit
from .feedback import (
    feedback_generate,
    feedback_request,
    feedback_sweep_stale,
)
from .regenerate import RegenerateRefused, feedback_regenerate
from .scorecards import (
    ScoringError,
    scorecard_fold_in,
    scorecard_get_or_create,
    scorecard_release,
    scorecard_score_set,
    scorecard_submit,
    scorecard_update,
)

__all__ = [
    "RegenerateRefused",
    "ScoringError",
    "drill_scorecard",
    "drill_start",
    "drill_submit",
    "feedback_regenerate",
    "feedback_generate",
    "feedback_request",
    "feedback_sweep_stale",
    "scorecard_fold_in",
    "scorecard_get_or_create",
    "scorecard_release",
    "scorecard_score_set",
    "scorecard_submit",
    "scorecard_update",
]
