"""A recording segment's audio, for the replay: participants only, streamed from storage."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from accounts.users import signed_in

from . import selectors
from .models import RecordingSegment


@login_required
@require_GET
def segment_audio(
    request: HttpRequest, session_id: UUID, recording_id: int, segment_id: int
) -> StreamingHttpResponse:
    """One browser's run of the recording as one WebM file: its chunks, in order."""
    if selectors.participant_role(session_id=session_id, user=signed_in(request.user)) is None:
        raise Http404("No such session")
    try:
        segment = selectors.segment_get(
            session_id=session_id, recording_id=recording_id, segment_id=segment_id
        )
    except RecordingSegment.DoesNotExist:
        raise Http404("No such recording") from None
    response = StreamingHttpResponse(_chunks(segment), content_type="audio/webm")
    response["Content-Length"] = str(segment.size)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _chunks(segment: RecordingSegment) -> Iterator[bytes]:
    for chunk in segment.chunks.order_by("index").only("file"):
        with chunk.file.open("rb") as handle:
            yield handle.read()
