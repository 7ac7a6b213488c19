"""Scorecards, feedback reports, diagrams, progress, CSV exports and the session export.

Who may read or write what is decided by ``scoring.permissions`` (the same rules as the pages),
every write goes through ``scoring.services``, and every shape comes from
``scoring.selectors.reports``, so the API and the pages cannot disagree. One module per concern;
the views ``config.api.urls`` routes are re-exported here.
"""

from .calibration import (
    AgreementApi,
    RaterAgreementApi,
    ShadowScorecardCountApi,
    ShadowScorecardListApi,
)
from .diagrams import DiagramApi, DiagramSvgApi
from .exports import ReportCsvApi, ScorecardCsvApi
from .progress import ProgressApi
from .reports import ReportApi, ReportRegenerateApi
from .scorecards import (
    InterviewerScorecardApi,
    ScorecardReleaseApi,
    SelfAssessmentApi,
    SelfAssessmentSubmitApi,
    ShadowScorecardApi,
)
from .session_export import SessionExportApi

__all__ = [
    "AgreementApi",
    "RaterAgreementApi",
    "ShadowScorecardApi",
    "ShadowScorecardCountApi",
    "ShadowScorecardListApi",
    "DiagramApi",
    "DiagramSvgApi",
    "InterviewerScorecardApi",
    "ProgressApi",
    "ReportApi",
    "ReportCsvApi",
    "ReportRegenerateApi",
    "ScorecardCsvApi",
    "ScorecardReleaseApi",
    "SelfAssessmentApi",
    "SelfAssessmentSubmitApi",
    "SessionExportApi",
]
