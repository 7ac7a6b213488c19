"""Scorecards, feedback reports, diagrams, progress and CSV exports over the API.

Who may read or write what is decided by ``scoring.permissions`` (the same rules as the pages),
every write goes through ``scoring.services``, and every shape comes from
``scoring.selectors.reports``, so the API and the pages cannot disagree.
"""

from __future__ import annotations

from statistics import mean
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.errors import Conflict, error_responses
from config.api.streaming import FileDownloadMixin, csv_download
from content.selectors import nfr_category_list
from interviews.apis import SessionFilterInput, session_filters_from, session_or_404
from interviews.models import InterviewSession
from interviews.selectors.api import session_filtered_list

from . import permissions, services
from .charts import diagram_svg
from .models import (
    CriterionScore,
    FeedbackReport,
    HireSignal,
    ReportStatus,
    Scorecard,
    ScorecardKind,
)
from .selectors import reports


@extend_schema_field(
    {
        "type": "string",
        "pattern": f"^({'|'.join(ReportStatus.values)})$",
        "description": "One of: " + ", ".join(ReportStatus.values),
    }
)
class ReportStatusField(serializers.ChoiceField):
    """A report's status, documented as a pattern: an enum would be hoisted into a component
    whose name collides with the session status enum (and `--fail-on-warn` fails)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ReportStatus.choices, **kwargs)


# --- Scorecards -------------------------------------------------------------------------------


class CriterionScoreOutput(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    score = serializers.IntegerField(allow_null=True, min_value=1, max_value=4)
    comment = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "CriterionScore"


class ScorecardExportOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ScorecardKind.choices)
    rubric = serializers.SlugField()
    hire_signal = serializers.ChoiceField(choices=HireSignal.choices, allow_null=True)
    summary = serializers.CharField(allow_blank=True)
    released_at = serializers.DateTimeField(allow_null=True)
    criteria = CriterionScoreOutput(many=True)

    class Meta:
        ref_name = "ScorecardSummary"


class ScorecardOutput(ScorecardExportOutput):
    session = serializers.UUIDField()
    submitted_at = serializers.DateTimeField(
        allow_null=True, help_text="When a self-assessment was finished."
    )
    updated_at = serializers.DateTimeField()

    class Meta:
        ref_name = "Scorecard"


def _scorecard_get(session: InterviewSession, kind: str) -> Scorecard | None:
    scores = CriterionScore.objects.select_related("criterion").order_by("criterion__order")
    return (
        Scorecard.objects.filter(session=session, kind=kind)
        .select_related("session", "rubric")
        .prefetch_related(Prefetch("scores", scores))
        .first()
    )


def _scorecard_data(card: Scorecard) -> dict[str, Any]:
    exported = reports.scorecard_export(card)
    assert exported is not None  # only None for no card
    return {
        **exported,
        "session": card.session_id,
        "submitted_at": card.submitted_at,
        "updated_at": card.updated_at,
    }


WRITER: dict[str, str] = {
    ScorecardKind.INTERVIEWER: "Only the session's interviewer writes its scorecard.",
    ScorecardKind.SELF: "Only the candidate of a solo session writes its self-assessment.",
}


class ScorecardApi(APIView):
    """A session's scorecard of one kind: read it (the candidate once it is released), or
    write it (the interviewer; a solo candidate writes the self-assessment) through
    ``scoring.services``."""

    kind = ScorecardKind.INTERVIEWER
    parser_classes = [JSONParser]

    class InputSerializer(serializers.Serializer):
        class ScoreInput(serializers.Serializer):
            criterion = serializers.SlugField(help_text="The rubric criterion's slug.")
            score = serializers.IntegerField(min_value=1, max_value=4, allow_null=True)
            comment = serializers.CharField(
                allow_blank=True, max_length=5000, required=False, trim_whitespace=False
            )

            class Meta:
                ref_name = "CriterionScoreInput"

        hire_signal = serializers.ChoiceField(choices=HireSignal.choices, allow_blank=True)
        summary = serializers.CharField(allow_blank=True, max_length=10000, trim_whitespace=False)
        scores = ScoreInput(many=True)

        class Meta:
            ref_name = "ScorecardInput"

    def get(self, request: Request, session_id: UUID) -> Response:
        session = session_or_404(request, session_id)
        if permissions.can_write_scorecard(user=request.user, session=session, kind=self.kind):
            return _scorecard_response(_scorecard_writable(request, session, self.kind))
        card = _scorecard_get(session, self.kind)
        if card is None or not permissions.can_read_scorecard(user=request.user, scorecard=card):
            raise exceptions.NotFound("No scorecard you may read.")
        return Response(ScorecardOutput(_scorecard_data(card)).data)

    def put(self, request: Request, session_id: UUID) -> Response:
        return self._write(request, session_id, replace=True)

    def patch(self, request: Request, session_id: UUID) -> Response:
        return self._write(request, session_id, replace=False)

    def _write(self, request: Request, session_id: UUID, *, replace: bool) -> Response:
        card = _scorecard_writable(request, session_or_404(request, session_id), self.kind)
        payload = self.InputSerializer(data=request.data, partial=not replace)
        payload.is_valid(raise_exception=True)
        try:
            _scorecard_apply(card, request.user, payload.validated_data, replace=replace)
        except services.ScoringError as exc:
            raise Conflict(str(exc)) from exc
        return _scorecard_response(card)


def _scorecard_writable(request: Request, session: InterviewSession, kind: str) -> Scorecard:
    """The scorecard the caller writes (created on first use); 403 for anyone else."""
    if not permissions.can_write_scorecard(user=request.user, session=session, kind=kind):
        raise exceptions.PermissionDenied(WRITER[kind])
    try:
        card = services.scorecard_get_or_create(session=session, kind=kind, user=request.user)
    except services.ScoringError as exc:
        raise Conflict(str(exc)) from exc
    card.session = session
    return card


def _scorecard_response(card: Scorecard) -> Response:
    fresh = _scorecard_get(card.session, card.kind)
    if fresh is None:  # deleted meanwhile
        raise exceptions.NotFound("No scorecard you may read.")
    return Response(ScorecardOutput(_scorecard_data(fresh)).data)


@transaction.atomic
def _scorecard_apply(card: Scorecard, user: Any, data: dict[str, Any], *, replace: bool) -> None:
    """Apply a whole (replace) or partial scorecard through the services, all or nothing.

    On replace, criteria missing from ``scores`` are cleared."""
    rows = {row.criterion.slug: row for row in card.scores.select_related("criterion")}
    items = data.get("scores")
    if items is not None:
        given: dict[str, dict[str, Any]] = {}
        for index, item in enumerate(items):
            slug = item.get("criterion")
            if slug not in rows or slug in given:
                problem = "unknown criterion" if slug not in rows else "listed twice"
                raise exceptions.ValidationError(
                    {"code": "invalid_criterion", "scores": {str(index): f"{slug}: {problem}"}}
                )
            given[slug] = item
        for slug, row in rows.items():
            if slug in given:
                item = given[slug]
                score, comment = item.get("score", row.score), item.get("comment")
            elif replace:
                score, comment = None, ""
            else:
                continue
            services.scorecard_score_set(
                scorecard=card,
                user=user,
                criterion_id=row.criterion_id,
                score=score,
                comment=comment,
            )
    if "hire_signal" in data or "summary" in data:
        services.scorecard_update(
            scorecard=card,
            user=user,
            hire_signal=data.get("hire_signal"),
            summary=data.get("summary"),
        )


def _scorecard_schema(kind: str) -> Any:
    name = "scorecard" if kind == ScorecardKind.INTERVIEWER else "self_assessment"
    write_errors = error_responses(400, 403, 404, 409)
    return extend_schema_view(
        get=extend_schema(
            operation_id=f"{name}_retrieve",
            tags=["scoring"],
            responses={200: ScorecardOutput, **error_responses(404, 409)},
        ),
        put=extend_schema(
            operation_id=f"{name}_replace",
            tags=["scoring"],
            request=ScorecardApi.InputSerializer,
            responses={200: ScorecardOutput, **write_errors},
            description="Replace the whole scorecard: criteria missing from `scores` are cleared.",
        ),
        patch=extend_schema(
            operation_id=f"{name}_update",
            tags=["scoring"],
            request=ScorecardApi.InputSerializer,
            responses={200: ScorecardOutput, **write_errors},
            description="Change only what is given (a score item without `score` keeps it).",
        ),
    )


@_scorecard_schema(ScorecardKind.INTERVIEWER)
class InterviewerScorecardApi(ScorecardApi):
    kind = ScorecardKind.INTERVIEWER


@_scorecard_schema(ScorecardKind.SELF)
class SelfAssessmentApi(ScorecardApi):
    kind = ScorecardKind.SELF


class ScorecardReleaseApi(APIView):
    """Show the interviewer's scorecard to the candidate (and fold it into the report)."""

    @extend_schema(
        operation_id="scorecard_release",
        tags=["scoring"],
        request=None,
        responses={200: ScorecardOutput, **error_responses(403, 404, 409)},
    )
    def post(self, request: Request, session_id: UUID) -> Response:
        card = _scorecard_writable(
            request, session_or_404(request, session_id), ScorecardKind.INTERVIEWER
        )
        try:
            services.scorecard_release(scorecard=card, user=request.user)
        except services.ScoringError as exc:
            raise Conflict(str(exc)) from exc
        return _scorecard_response(card)


class SelfAssessmentSubmitApi(APIView):
    """Finish a solo self-assessment; it can no longer change afterwards."""

    @extend_schema(
        operation_id="self_assessment_submit",
        tags=["scoring"],
        request=None,
        responses={200: ScorecardOutput, **error_responses(403, 404, 409)},
    )
    def post(self, request: Request, session_id: UUID) -> Response:
        card = _scorecard_writable(request, session_or_404(request, session_id), ScorecardKind.SELF)
        try:
            services.scorecard_submit(scorecard=card, user=request.user)
        except services.ScoringError as exc:
            raise Conflict(str(exc)) from exc
        return _scorecard_response(card)


# --- Feedback reports -------------------------------------------------------------------------


class ReportApi(APIView):
    """The session's feedback report with its status, as your role may see it: the candidate
    gets no private notes, no unreleased scorecard and no curveball texts."""

    class OutputSerializer(serializers.Serializer):
        class SessionPartOutput(serializers.Serializer):
            id = serializers.UUIDField()
            question = serializers.SlugField()
            mode = serializers.CharField()
            level = serializers.CharField()
            status = serializers.CharField()

            class Meta:
                ref_name = "ReportSession"

        class ReportPartOutput(serializers.Serializer):
            status = ReportStatusField()
            analyzer_version = serializers.CharField()
            overall_score = serializers.IntegerField(allow_null=True)
            failure_reason = serializers.CharField(allow_blank=True)
            finished_at = serializers.DateTimeField(allow_null=True)
            result = serializers.DictField(allow_null=True)

            class Meta:
                ref_name = "ReportBody"

        class PrivateNoteOutput(serializers.Serializer):
            phase = serializers.SlugField()
            author = serializers.CharField()
            text = serializers.CharField(allow_blank=True)
            updated_at = serializers.DateTimeField()

            class Meta:
                ref_name = "PrivateNote"

        schema = serializers.CharField()
        session = SessionPartOutput()
        report = ReportPartOutput(allow_null=True)
        scorecard = ScorecardExportOutput(allow_null=True)
        self_assessment = ScorecardExportOutput(allow_null=True)
        needs_self_assessment = serializers.BooleanField()
        private_notes = PrivateNoteOutput(many=True)

        class Meta:
            ref_name = "Report"

    @extend_schema(
        operation_id="report_retrieve",
        tags=["scoring"],
        responses={200: OutputSerializer, **error_responses(404)},
    )
    def get(self, request: Request, session_id: UUID) -> Response:
        session = session_or_404(request, session_id)
        data = reports.report_export(session=session, user=request.user)
        return Response(self.OutputSerializer(data).data)


class ReportRegenerateApi(APIView):
    """Queue the report again: for the interviewer or staff (in a solo session, the candidate)."""

    class OutputSerializer(serializers.Serializer):
        status = ReportStatusField()
        analyzer_version = serializers.CharField()
        queued_at = serializers.DateTimeField(allow_null=True)

        class Meta:
            ref_name = "ReportQueued"

    @extend_schema(
        operation_id="report_regenerate",
        tags=["scoring"],
        request=None,
        responses={202: OutputSerializer, **error_responses(403, 404, 409)},
    )
    def post(self, request: Request, session_id: UUID) -> Response:
        session = session_or_404(request, session_id)
        if not permissions.can_regenerate_report(user=request.user, session=session):
            raise exceptions.PermissionDenied("Only the interviewer or staff regenerate a report.")
        if not session.is_over:
            raise Conflict("The report is written once the session has ended.")
        report = services.feedback_request(session_id=session.pk)
        return Response(self.OutputSerializer(report).data, status=status.HTTP_202_ACCEPTED)


# --- Diagram ----------------------------------------------------------------------------------


class DiagramApi(APIView):
    """The session's diagram (the board now, or as it ended) with the report's findings."""

    class OutputSerializer(serializers.Serializer):
        title = serializers.CharField()
        board = serializers.DictField(help_text="version, nodes, edges, notes")
        findings = serializers.ListField(
            child=serializers.DictField(), help_text="The report's critique, once it is ready."
        )

        class Meta:
            ref_name = "Diagram"

    @extend_schema(
        operation_id="diagram_retrieve",
        tags=["exports"],
        responses={200: OutputSerializer, **error_responses(404)},
    )
    def get(self, request: Request, session_id: UUID) -> Response:
        session = session_or_404(request, session_id)
        return Response(self.OutputSerializer(reports.diagram_export(session=session)).data)


class DiagramSvgApi(FileDownloadMixin, APIView):
    """The session's diagram as SVG, findings marked (as on the report page)."""

    @extend_schema(
        operation_id="diagram_svg",
        tags=["exports"],
        responses={
            (200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.STR, description="SVG"),
            **error_responses(404),
        },
    )
    def get(self, request: Request, session_id: UUID) -> HttpResponse:
        session = session_or_404(request, session_id)
        diagram = reports.diagram_export(session=session)
        svg = diagram_svg(diagram["board"], diagram["findings"], title=diagram["title"])
        return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


# --- Progress ---------------------------------------------------------------------------------


class ProgressApi(APIView):
    """Your scores and NFR coverage across your sessions as a candidate, oldest first: the
    figures of the progress page."""

    class OutputSerializer(serializers.Serializer):
        class ProgressSessionOutput(serializers.Serializer):
            session = serializers.UUIDField()
            question = serializers.SlugField()
            question_title = serializers.CharField()
            ended_at = serializers.DateTimeField(allow_null=True)
            overall_score = serializers.IntegerField(allow_null=True)
            coverage = serializers.FloatField(allow_null=True)

            class Meta:
                ref_name = "ProgressSession"

        class CoverageRowOutput(serializers.Serializer):
            slug = serializers.SlugField()
            name = serializers.CharField()
            statuses = serializers.ListField(
                child=serializers.CharField(allow_blank=True),
                help_text="One per session, in the order of `sessions`.",
            )

            class Meta:
                ref_name = "ProgressCoverageRow"

        sessions = ProgressSessionOutput(many=True)
        coverage = CoverageRowOutput(many=True)

        class Meta:
            ref_name = "Progress"

    @extend_schema(
        operation_id="me_progress",
        tags=["me"],
        responses={200: OutputSerializer, **error_responses()},
    )
    def get(self, request: Request) -> Response:
        context = reports.progress_context(user=request.user)
        data = {
            "sessions": [_progress_row(r) for r in context["reports"]],
            "coverage": [
                {"slug": row["slug"], "name": row["name"], "statuses": row["cells"]}
                for row in context["coverage_rows"]
            ],
        }
        return Response(self.OutputSerializer(data).data)


def _progress_row(report: FeedbackReport) -> dict[str, Any]:
    session = report.session
    return {
        "session": session.pk,
        "question": session.question.slug,
        "question_title": session.question.title,
        "ended_at": session.ended_at,
        "overall_score": report.overall_score,
        "coverage": (report.result or {}).get("scores", {}).get("coverage"),
    }


# --- CSV exports ------------------------------------------------------------------------------


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
        sessions = session_filtered_list(user=request.user, filters=session_filters_from(request))
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
        sessions = session_filtered_list(user=request.user, filters=session_filters_from(request))
        categories = list(nfr_category_list().values_list("slug", flat=True))
        rows = reports.report_export_rows(user=request.user, sessions=sessions)
        return csv_download(
            request,
            "designroom-reports.csv",
            REPORT_COLUMNS + [f"nfr_{slug}" for slug in categories],
            (_report_row(r, categories) for r in rows),
        )
