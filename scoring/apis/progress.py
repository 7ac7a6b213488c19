"""Your progress over the API: the figures of the progress page."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.users import signed_in
from api.errors import error_responses

from ..models import FeedbackReport
from ..selectors import progress


class ProgressApi(APIView):
    """Your scores and NFR coverage across your sessions as a candidate, a page of sessions
    at a time (page 1: the most recent), oldest first on the page: the figures of the
    progress page."""

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

        count = serializers.IntegerField(help_text="Sessions with a report, on every page.")
        page = serializers.IntegerField(help_text="This page (1: the most recent sessions).")
        pages = serializers.IntegerField()
        sessions = ProgressSessionOutput(many=True)
        coverage = CoverageRowOutput(many=True)

        class Meta:
            ref_name = "Progress"

    @extend_schema(
        operation_id="me_progress",
        tags=["me"],
        parameters=[
            OpenApiParameter(
                "page", int, description=f"{progress.PROGRESS_PAGE_SESSIONS} sessions a page."
            )
        ],
        responses={200: OutputSerializer, **error_responses()},
    )
    def get(self, request: Request) -> Response:
        context = progress.progress_context(
            user=signed_in(request.user), page=request.query_params.get("page")
        )
        page = context["page"]
        data = {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
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
