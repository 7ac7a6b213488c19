"""Feedback reports over the API: read one as your role may see it, or queue it again.

Every shape comes from ``scoring.selectors.reports``, so the API and the report page cannot
disagree.
"""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import Conflict, error_responses
from interviews.apis import session_or_404

from .. import services
from ..models import ReportStatus
from ..selectors import reports
from .scorecards import RubricVersionRefOutput, ScorecardExportOutput


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
            rubric_version = RubricVersionRefOutput(allow_null=True)

            class Meta:
                ref_name = "ReportSession"

        class ReportPartOutput(serializers.Serializer):
            status = serializers.ChoiceField(choices=ReportStatus.choices)
            analyzer_version = serializers.CharField()
            overall_score = serializers.IntegerField(allow_null=True)
            failure_reason = serializers.CharField(allow_blank=True)
            finished_at = serializers.DateTimeField(allow_null=True)
            result = serializers.DictField(allow_null=True)

            class Meta:
                ref_name = "ReportBody"

        class StrongAnswerRowOutput(serializers.Serializer):
            component = serializers.CharField()
            present = serializers.BooleanField(help_text="Whether the final diagram shows it.")
            nodes = serializers.ListField(
                child=serializers.CharField(), help_text="Labels of the nodes that play it."
            )

            class Meta:
                ref_name = "StrongAnswerRow"

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
        shadow_scorecards = ScorecardExportOutput(
            many=True, help_text="Observers' shadow scorecards you may read (after the release)."
        )
        needs_self_assessment = serializers.BooleanField()
        private_notes = PrivateNoteOutput(many=True)
        strong_answer = StrongAnswerRowOutput(
            many=True, help_text="What a strong answer covers (once the report is ready)."
        )

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
        status = serializers.ChoiceField(choices=ReportStatus.choices)
        analyzer_version = serializers.CharField()
        queued_at = serializers.DateTimeField(allow_null=True)
        rerun_requested = serializers.BooleanField(
            help_text="A run is in progress: it finishes, then the report is written again."
        )

        class Meta:
            ref_name = "ReportQueued"

    @extend_schema(
        operation_id="report_regenerate",
        tags=["scoring"],
        request=None,
        description=(
            "Coalesces: while a run is queued or in progress no second one starts (at most "
            "one more follows it). Throttled per session and per user (429 with Retry-After)."
        ),
        responses={202: OutputSerializer, **error_responses(403, 404, 409)},
    )
    def post(self, request: Request, session_id: UUID) -> Response:
        session = session_or_404(request, session_id)
        try:
            report = services.feedback_regenerate(session=session, user=request.user)
        except services.RegenerateRefused as refused:
            if refused.reason == "forbidden":
                raise exceptions.PermissionDenied(refused.message) from None
            if refused.reason == "throttled":
                raise exceptions.Throttled(
                    wait=refused.retry_after, detail=refused.message
                ) from None
            raise Conflict(refused.message) from None
        return Response(self.OutputSerializer(report).data, status=status.HTTP_202_ACCEPTED)
