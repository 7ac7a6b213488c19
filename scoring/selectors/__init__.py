"""Reads for scoring: the analysis input, report and scorecard pages, progress, session export."""

from .analysis_input import analysis_input_build, checklists_get
from .progress import progress_context
from .quick_score import quick_score_criteria, quick_scores_saved
from .reports import (
    report_context,
    report_export,
    report_get,
    scorecard_context,
    scorecard_export,
)
from .session_bundle import session_export
from .tags import scorecard_tags

__all__ = [
    "analysis_input_build",
    "checklists_get",
    "progress_context",
    "quick_score_criteria",
    "quick_scores_saved",
    "report_context",
    "report_export",
    "report_get",
    "scorecard_context",
    "scorecard_export",
    "scorecard_tags",
    "session_export",
]
