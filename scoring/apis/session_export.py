"""The session export bundle over the API (``sessions/<id>/export/``), streamed as JSON.

The bundle (``scoring.selectors.session_bundle``) joins the session's record and its
scorecards and report, so it lives in scoring; the session lookup and the shapes it shares
with the session endpoints come from ``interviews.apis``.
"""

from __future__ import annotations

from uuid import UUID

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from api.errors import error_responses
from api.streaming import FileDownloadMixin, json_stream, streaming_download
from interviews.apis import (
    BoardOutput,
    EventOutput,
    ParticipantOutput,
    PhaseOutput,
    session_or_404,
)
from interviews.models import Role, SessionMode, SessionStatus

from ..selectors import session_export
from ..selectors.session_bundle import EXPORT_SCHEMA
from .scorecards import RubricVersionRefOutput


class BoardSnapshotOutput(serializers.Serializer):
    phase_index = serializers.IntegerField()
    phase_slug = serializers.SlugField()
    reason = serializers.CharField()
    seq = serializers.IntegerField()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    state = serializers.DictField()

    class Meta:
        ref_name = "BoardSnapshot"


class SessionExportOutput(serializers.Serializer):
    """Documents the export bundle (the view streams it; this serializer is not run)."""

    class ViewerOutput(serializers.Serializer):
        user = serializers.IntegerField()
        role = serializers.ChoiceField(choices=Role.choices, allow_null=True)
        interviewer_view = serializers.BooleanField(
            help_text="Whether interviewer-only events and notes are included."
        )

        class Meta:
            ref_name = "SessionExportViewer"

    class SessionPartOutput(serializers.Serializer):
        id = serializers.UUIDField()
        mode = serializers.ChoiceField(choices=SessionMode.choices)
        level = serializers.CharField()
        status = serializers.ChoiceField(choices=SessionStatus.choices)
        framework = serializers.SlugField()
        created_by = serializers.IntegerField()
        created_at = serializers.DateTimeField()
        started_at = serializers.DateTimeField(allow_null=True)
        ended_at = serializers.DateTimeField(allow_null=True)
        end_reason = serializers.CharField(allow_blank=True)
        last_seq = serializers.IntegerField()
        phase_plan = serializers.ListField(child=serializers.DictField())
        rubric_version = RubricVersionRefOutput(allow_null=True)

        class Meta:
            ref_name = "SessionExportSession"

    class QuestionPartOutput(serializers.Serializer):
        slug = serializers.SlugField()
        title = serializers.CharField()
        prompt = serializers.CharField()
        difficulty = serializers.CharField()

        class Meta:
            ref_name = "SessionExportQuestion"

    class BoardPartOutput(serializers.Serializer):
        final = BoardOutput()
        snapshots = BoardSnapshotOutput(many=True)

        class Meta:
            ref_name = "SessionExportBoard"

    schema = serializers.CharField(help_text=f"'{EXPORT_SCHEMA}'")
    exported_at = serializers.DateTimeField()
    viewer = ViewerOutput()
    session = SessionPartOutput()
    question = QuestionPartOutput()
    participants = ParticipantOutput(many=True)
    phases = PhaseOutput(many=True)
    timer_history = EventOutput(many=True)
    board = BoardPartOutput()
    private_notes = serializers.ListField(
        child=serializers.DictField(), help_text="Interviewer (and staff) only; else empty."
    )
    scorecards = serializers.DictField(
        help_text="`interviewer` and `self`: each a scorecard you may read, or null; "
        "`shadows`: the observers' shadow scorecards you may read (after the release)."
    )
    report = serializers.DictField(allow_null=True)
    events = EventOutput(many=True)

    class Meta:
        ref_name = "SessionExport"


class SessionExportApi(FileDownloadMixin, APIView):
    """The whole session as one JSON bundle (schema version, session, participants, phases and
    timer history, the final board and per-phase snapshots, scorecards, report, and the events
    your role may see), streamed so a long log is never held in memory."""

    @extend_schema(
        operation_id="sessions_export",
        tags=["exports"],
        parameters=[
            OpenApiParameter(
                "recordings",
                bool,
                description="Include the call's recordings, audio as base64 WebM "
                "(participants only; absent: not included).",
            )
        ],
        responses={200: SessionExportOutput, **error_responses(404)},
    )
    def get(self, request: Request, session_id: UUID) -> StreamingHttpResponse:
        session = session_or_404(request, session_id)
        with_recordings = request.query_params.get("recordings", "") in ("1", "true")
        head, events = session_export(
            session=session, user=request.user, now=timezone.now(), with_recordings=with_recordings
        )
        return streaming_download(
            request,
            json_stream(head, "events", events),
            content_type="application/json",
            filename=f"designroom-session-{session.pk}.json",
        )
