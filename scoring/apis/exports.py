"""CSV exports over the API: scorecards and report summaries across your sessions.

Both take the session filters, read the rows through ``scoring.selectors.reports`` in chunks,
and stream as they are written (``api.streaming``).
"""

from __future__ import annotations

from statistics import mean
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.users import signed_in
from api.errors import error_responses
from api.streaming import FileDownloadMixin, csv_download
from content.selectors import nfr_category_list
from interviews.apis import SessionFilterInput, session_filters_from
from interviews.selectors.api import session_filtered_list

from ..models import FeedbackReport, Scorecard
from ..selectors import reports


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


CSV_DOC: dict[Any, Any] = {
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV with a header row"),
    **error_responses(400),
}

SCORECARD_COLUMNS = [
    "session",
    "question",
    "mode",
    "level",
    "session_status",
    "session_ended_at",
    "kind",
    "author",
    "rubric",
    "rubric_version",
    "hire_signal",
    "released_at",
    "submitted_at",
    "criteria_scored",
    "criteria_total",
    "mean_score",
    "scores",
    "summary",
]


def _scorecard_row(card: Scorecard) -> list[Any]:
    rows = list(card.scores.all())
    scored = [row.score for row in rows if row.score is not None]
    session = card.session
    return [
        session.pk,
        session.question.slug,
        session.mode,
        session.level,
        session.status,
        _iso(session.ended_at),
        card.kind,
        card.author.get_username(),
        card.rubric.slug,
        session.rubric_version.number if session.rubric_version else "",
        card.hire_signal,
        _iso(card.released_at),
        _iso(card.submitted_at),
        len(scored),
        len(rows),
        round(mean(scored), 2) if scored else "",
        ";".join(f"{row.criterion.slug}={'' if row.score is None else row.score}" for row in rows),
        card.summary,
    ]


class ScorecardCsvApi(FileDownloadMixin, APIView):
    """Scorecards across your sessions (staff: all) that you may read, one row each, streamed."""

    @extend_schema(
        operation_id="scorecards_csv",
        tags=["exports"],
        parameters=[SessionFilterInput],
        responses=CSV_DOC,
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        sessions = session_filtered_list(
            user=signed_in(request.user), filters=session_filters_from(request)
        )
        cards = reports.scorecard_export_rows(user=request.user, sessions=sessions)
        return csv_download(
            request,
            "designroom-scorecards.csv",
            SCORECARD_COLUMNS,
            (_scorecard_row(c) for c in cards),
        )


REPORT_COLUMNS = [
    "session",
    "question",
    "mode",
    "level",
    "session_ended_at",
    "candidate",
    "status",
    "analyzer_version",
    "overall_score",
    "coverage",
    "finished_at",
]


def _report_row(report: FeedbackReport, categories: list[str]) -> list[Any]:
    session = report.session
    result = report.result or {}
    nfr = result.get("nfr", {})
    return [
        session.pk,
        session.question.slug,
        session.mode,
        session.level,
        _iso(session.ended_at),
        " ".join(p.user.get_username() for p in getattr(session, "candidates", [])),
        report.status,
        report.analyzer_version,
        report.overall_score,
        result.get("scores", {}).get("coverage", ""),
        _iso(report.finished_at),
        *(nfr.get(slug, {}).get("status", "") for slug in categories),
    ]


class ReportCsvApi(FileDownloadMixin, APIView):
    """Feedback report summaries across your sessions (staff: all): score, coverage and each
    NFR category's status, one row per session, streamed."""

    @extend_schema(
        operation_id="reports_csv",
        tags=["exports"],
        parameters=[SessionFilterInput],
        responses=CSV_DOC,
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        sessions = session_filtered_list(
            user=signed_in(request.user), filters=session_filters_from(request)
        )
        categories = list(nfr_category_list().values_list("slug", flat=True))
        rows = reports.report_export_rows(user=request.user, sessions=sessions)
        return csv_download(
            request,
            "designroom-reports.csv",
            REPORT_COLUMNS + [f"nfr_{slug}" for slug in categories],
            (_report_row(r, categories) for r in rows),
        )
