"""The session's diagram over the API: as JSON with the report's findings, or as SVG."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import error_responses
from api.streaming import FileDownloadMixin
from interviews.apis import session_or_404

from ..charts import diagram_svg
from ..selectors import reports


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
