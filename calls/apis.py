"""The call over HTTP: ICE servers (with TURN credentials), recordings and their chunks.

Every endpoint hangs off a session the caller takes part in; anyone else gets a 404, so a
session's existence does not leak. Chunks are PUT as raw ``audio/webm`` bodies at their
index: a resend of the same bytes is answered like the first upload (idempotent).
"""

from __future__ import annotations

from uuid import UUID

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.users import signed_in
from api.errors import error_responses
from api.throttling import PerTokenThrottle, PerUserThrottle
from interviews.models import InterviewSession

from . import selectors, services
from .errors import RecordingRefused
from .models import Recording
from .services import MAX_CHUNK_BYTES, ChunkUpload


class IceThrottle(PerUserThrottle):
    scope = "call_ice"


class RecordingControlThrottle(PerUserThrottle):
    scope = "recording_control"


class ChunkThrottle(PerUserThrottle):
    scope = "recording_chunk"


def _session_or_404(request: Request, session_id: UUID) -> InterviewSession:
    if selectors.participant_role(session_id=session_id, user=request.user) is None:
        raise exceptions.NotFound("No such session.")
    return InterviewSession.objects.get(pk=session_id)


def _refused(exc: RecordingRefused) -> exceptions.APIException:
    error = exceptions.APIException(detail=exc.message, code=exc.code)
    error.status_code = exc.status
    error.default_code = exc.code  # the error shape's "code" (api/errors.py)
    return error


def recording_output(recording: Recording, session_id: UUID) -> dict:
    return {
        "id": recording.pk,
        "status": recording.status,
        "requested_by": recording.requested_by_id,
        "consented": sorted(c.user_id for c in recording.consents.all()),
        "created_at": recording.created_at,
        "started_at": recording.started_at,
        "stopped_at": recording.stopped_at,
        "segments": [
            {
                "id": segment.pk,
                "user": segment.user_id,
                "user_name": segment.user.get_username(),
                "number": segment.number,
                "started_at": segment.started_at,
                "duration_ms": segment.duration_ms,
                "size": segment.size,
                "audio_url": reverse(
                    "calls:segment-audio", args=[session_id, recording.pk, segment.pk]
                ),
            }
            for segment in recording.segments.all()
        ],
    }


class IceServersOutput(serializers.Serializer):
    ice_servers = serializers.ListField(child=serializers.DictField())
    expires_at = serializers.IntegerField(allow_null=True)


class IceServersApi(APIView):
    throttle_classes = [PerUserThrottle, PerTokenThrottle, IceThrottle]

    @extend_schema(responses={200: IceServersOutput, **error_responses(404)})
    def get(self, request: Request, session_id: UUID) -> Response:
        """The STUN/TURN servers for this session's call, TURN credentials short-lived."""
        session = _session_or_404(request, session_id)
        return Response(selectors.ice_servers_for(user=signed_in(request.user), session=session))


class RecordingListApi(APIView):
    throttle_classes = [PerUserThrottle, PerTokenThrottle, RecordingControlThrottle]

    @extend_schema(responses={200: dict, **error_responses(404)})
    def get(self, request: Request, session_id: UUID) -> Response:
        """The session's recordings, their consents and their segments' audio."""
        _session_or_404(request, session_id)
        recordings = selectors.recording_list(session_id=session_id)
        return Response({"results": [recording_output(r, session_id) for r in recordings]})

    @extend_schema(request=None, responses={201: dict, **error_responses(403, 404, 409)})
    def post(self, request: Request, session_id: UUID) -> Response:
        """Ask to record the call (the asker's consent included)."""
        _session_or_404(request, session_id)
        try:
            recording = services.recording_request(
                session_id=session_id, user=signed_in(request.user)
            )
        except RecordingRefused as exc:
            raise _refused(exc) from None
        return Response(recording_output(recording, session_id), status=status.HTTP_201_CREATED)


class ConsentInput(serializers.Serializer):
    consent = serializers.BooleanField()


class RecordingConsentApi(APIView):
    throttle_classes = [PerUserThrottle, PerTokenThrottle, RecordingControlThrottle]

    @extend_schema(
        request=ConsentInput, responses={200: dict, **error_responses(400, 403, 404, 409)}
    )
    def post(self, request: Request, session_id: UUID, recording_id: int) -> Response:
        """Consent to a requested recording (``consent: true``) or decline it."""
        _session_or_404(request, session_id)
        data = ConsentInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            recording = services.recording_answer(
                session_id=session_id,
                recording_id=recording_id,
                user=signed_in(request.user),
                consent=data.validated_data["consent"],
            )
        except RecordingRefused as exc:
            raise _refused(exc) from None
        return Response(recording_output(recording, session_id))


class RecordingStopApi(APIView):
    throttle_classes = [PerUserThrottle, PerTokenThrottle, RecordingControlThrottle]

    @extend_schema(request=None, responses={200: dict, **error_responses(403, 404)})
    def post(self, request: Request, session_id: UUID, recording_id: int) -> Response:
        """Stop the recording (either side, any time); no chunk is taken after it."""
        _session_or_404(request, session_id)
        try:
            recording = services.recording_stop(
                session_id=session_id, recording_id=recording_id, user=signed_in(request.user)
            )
        except RecordingRefused as exc:
            raise _refused(exc) from None
        return Response(recording_output(recording, session_id))


class RecordingDetailApi(APIView):
    throttle_classes = [PerUserThrottle, PerTokenThrottle, RecordingControlThrottle]

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def delete(self, request: Request, session_id: UUID, recording_id: int) -> Response:
        """Delete the recording and its audio files (either recorded participant may)."""
        _session_or_404(request, session_id)
        try:
            services.recording_delete(
                session_id=session_id, recording_id=recording_id, user=signed_in(request.user)
            )
        except RecordingRefused as exc:
            raise _refused(exc) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebmChunkParser(BaseParser):
    """A raw chunk body, read up to one byte past the limit (so an oversized one is told)."""

    media_type = "audio/webm"

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:  # type: ignore[override]
        if stream is None:
            return b""
        return stream.read(MAX_CHUNK_BYTES + 1)


class ChunkApi(APIView):
    parser_classes = [WebmChunkParser]
    throttle_classes = [PerUserThrottle, PerTokenThrottle, ChunkThrottle]

    @extend_schema(
        request={"audio/webm": bytes},
        responses={200: dict, 201: dict, **error_responses(400, 403, 404, 409, 413)},
    )
    def put(
        self, request: Request, session_id: UUID, recording_id: int, segment: int, index: int
    ) -> Response:
        """Upload chunk ``index`` of the caller's ``segment`` (header ``X-Chunk-Duration-Ms``)."""
        _session_or_404(request, session_id)
        if request.content_type.split(";")[0].strip() != "audio/webm":
            raise exceptions.UnsupportedMediaType(request.content_type)
        try:
            duration = int(request.headers.get("X-Chunk-Duration-Ms", ""))
        except ValueError:
            raise exceptions.ValidationError(
                {"X-Chunk-Duration-Ms": "required: the chunk's length in milliseconds"}
            ) from None
        body = request.data if isinstance(request.data, bytes) else b""
        upload = ChunkUpload(recording_id, segment, index, body, duration)
        try:
            chunk, created = services.chunk_store(
                session_id=session_id, user=signed_in(request.user), upload=upload
            )
        except RecordingRefused as exc:
            raise _refused(exc) from None
        stored = {"index": chunk.index, "size": chunk.size, "received_at": chunk.received_at}
        return Response(stored, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
