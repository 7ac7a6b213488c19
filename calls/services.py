"""Every write of the calls app: recording requests, consent, stop, chunks, deletion, purge.

Each state change of a recording is also a ``call`` event of the session (the timeline and
both rooms learn it through the event log and its broadcast), written in the same
transaction through ``interviews``' session write path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.users import User
from interviews.models import EventType, Participant, Role, SessionMode
from interviews.services.writes import SessionWrite, session_write, user_ref
from interviews.timer import epoch_ms

from .errors import RecordingRefused
from .models import (
    OPEN_STATUSES,
    Recording,
    RecordingChunk,
    RecordingConsent,
    RecordingSegment,
    RecordingStatus,
)

# 5 s of Opus at the browser's default ~32-64 kbit/s is 20-40 KB; a chunk ten times that
# is not audio from this page. A segment is at most about three hours of it.
MAX_CHUNK_BYTES = 256 * 1024
MAX_SEGMENT_BYTES = 80 * 1024 * 1024
MAX_CHUNK_DURATION_MS = 60_000
MAX_SEGMENTS_PER_USER = 200
EBML_MAGIC = b"\x1a\x45\xdf\xa3"  # every WebM file starts with it
SPEAKERS = (Role.INTERVIEWER, Role.CANDIDATE)


def _refuse(status: int, code: str, message: str) -> RecordingRefused:
    return RecordingRefused(status, code, message)


def _speaker(write: SessionWrite, user: User) -> Participant:
    participant = (
        Participant.objects.filter(session=write.session, user=user).select_related("user").first()
    )
    if participant is None:
        raise _refuse(404, "not_found", "No such session.")
    if participant.role not in SPEAKERS:
        raise _refuse(403, "forbidden", "Only the interviewer and the candidate are recorded.")
    return participant


def _log(write: SessionWrite, participant: Participant, action: str, recording: Recording) -> None:
    payload = {
        "action": action,
        "user": user_ref(participant.user),
        "role": participant.role,
        "at": epoch_ms(write.now),
        "recording": recording.pk,
    }
    write.append(EventType.CALL, payload, actor_id=participant.user_id)


def _locked(write: SessionWrite, recording_id: int) -> Recording:
    recording = (
        Recording.objects.select_for_update().filter(pk=recording_id, session=write.session).first()
    )
    if recording is None:
        raise _refuse(404, "not_found", "No such recording in this session.")
    return recording


def recording_request(*, session_id: UUID, user: User) -> Recording:
    """Ask to record the call; the asker consents by asking, the other side must too."""
    with session_write(session_id) as write:
        participant = _speaker(write, user)
        if write.session.is_over:
            raise _refuse(409, "session_ended", "The session is over.")
        if write.session.mode != SessionMode.PEER:
            raise _refuse(409, "invalid_state", "Only a peer session's call can be recorded.")
        speakers = Participant.objects.filter(session=write.session, role__in=SPEAKERS)
        if speakers.count() < len(SPEAKERS):
            raise _refuse(
                409, "invalid_state", "Both the interviewer and the candidate must be here."
            )
        if Recording.objects.filter(session=write.session, status__in=OPEN_STATUSES).exists():
            raise _refuse(409, "invalid_state", "A recording is already asked for or running.")
        try:
            with transaction.atomic():
                recording = Recording.objects.create(
                    session=write.session, requested_by=user, created_at=write.now
                )
        except IntegrityError:  # a concurrent request won the race
            raise _refuse(409, "invalid_state", "A recording is already asked for.") from None
        RecordingConsent.objects.create(recording=recording, user=user, given_at=write.now)
        _log(write, participant, "recording_requested", recording)
        return recording


def recording_answer(
    *, session_id: UUID, recording_id: int, user: User, consent: bool
) -> Recording:
    """Consent to (or decline) a requested recording; with both consents it starts."""
    with session_write(session_id) as write:
        participant = _speaker(write, user)
        recording = _locked(write, recording_id)
        if recording.status != RecordingStatus.REQUESTED:
            raise _refuse(409, "invalid_state", f"The recording is {recording.status}.")
        if not consent:
            recording.status = RecordingStatus.DECLINED
            recording.stopped_at, recording.stopped_by = write.now, user
            recording.save(update_fields=["status", "stopped_at", "stopped_by"])
            _log(write, participant, "recording_declined", recording)
            return recording
        RecordingConsent.objects.get_or_create(
            recording=recording, user=user, defaults={"given_at": write.now}
        )
        speakers = set(
            Participant.objects.filter(session=write.session, role__in=SPEAKERS).values_list(
                "user_id", flat=True
            )
        )
        consented = set(recording.consents.values_list("user_id", flat=True))
        if speakers <= consented:
            recording.status = RecordingStatus.RECORDING
            recording.started_at = write.now
            recording.save(update_fields=["status", "started_at"])
            _log(write, participant, "recording_started", recording)
        return recording


def recording_stop(*, session_id: UUID, recording_id: int, user: User) -> Recording:
    """Stop (or withdraw) a recording: either side may, at any time; chunks stop being taken."""
    with session_write(session_id) as write:
        participant = _speaker(write, user)
        recording = _locked(write, recording_id)
        if recording.status not in OPEN_STATUSES:
            return recording  # already stopped: stopping twice is no error
        recording.status = RecordingStatus.STOPPED
        recording.stopped_at, recording.stopped_by = write.now, user
        recording.save(update_fields=["status", "stopped_at", "stopped_by"])
        _log(write, participant, "recording_stopped", recording)
        return recording


@dataclass(frozen=True)
class ChunkUpload:
    recording_id: int
    segment: int
    index: int
    data: bytes
    duration_ms: int


def chunk_store(
    *, session_id: UUID, user: User, upload: ChunkUpload
) -> tuple[RecordingChunk, bool]:
    """Store one chunk of the user's own microphone, once: a resent index with the same bytes
    answers the stored chunk (``created`` False); other bytes at a stored index are refused."""
    _chunk_check(upload)
    digest = hashlib.sha256(upload.data).hexdigest()
    with transaction.atomic():
        recording = (
            Recording.objects.select_for_update()
            .filter(pk=upload.recording_id, session_id=session_id)
            .first()
        )
        if recording is None:
            raise _refuse(404, "not_found", "No such recording in this session.")
        if not recording.consents.filter(user=user).exists():
            raise _refuse(403, "no_consent", "You have not consented to this recording.")
        segment = _segment_for(recording, user, upload.segment)
        existing = segment.chunks.filter(index=upload.index).first()
        if existing is not None:
            if existing.sha256 != digest:
                raise _refuse(409, "conflict", f"Chunk {upload.index} is stored with other bytes.")
            return existing, False
        if recording.status != RecordingStatus.RECORDING:
            raise _refuse(409, "not_recording", f"The recording is {recording.status}.")
        return _chunk_create(segment, upload, digest), True


def _chunk_check(upload: ChunkUpload) -> None:
    if not upload.data:
        raise _refuse(400, "bad_chunk", "The chunk is empty.")
    if len(upload.data) > MAX_CHUNK_BYTES:
        raise _refuse(413, "too_large", f"A chunk is at most {MAX_CHUNK_BYTES} bytes.")
    if upload.index == 0 and not upload.data.startswith(EBML_MAGIC):
        raise _refuse(400, "bad_chunk", "Chunk 0 must be the start of a WebM file.")
    if upload.index > 0 and upload.data.startswith(EBML_MAGIC):
        raise _refuse(400, "bad_chunk", "Only chunk 0 starts a WebM file: start a new segment.")
    if not 0 < upload.duration_ms <= MAX_CHUNK_DURATION_MS:
        raise _refuse(400, "bad_chunk", f"Duration must be 1 to {MAX_CHUNK_DURATION_MS} ms.")
    if upload.segment >= MAX_SEGMENTS_PER_USER:
        raise _refuse(400, "bad_chunk", f"At most {MAX_SEGMENTS_PER_USER} segments.")


def _segment_for(recording: Recording, user: User, number: int) -> RecordingSegment:
    segment, _ = RecordingSegment.objects.select_for_update().get_or_create(
        recording=recording, user=user, number=number
    )
    return segment


def _chunk_create(segment: RecordingSegment, upload: ChunkUpload, digest: str) -> RecordingChunk:
    expected = segment.chunks.count()
    if upload.index != expected:
        raise _refuse(409, "out_of_order", f"Expected chunk {expected} of this segment.")
    if segment.size + len(upload.data) > MAX_SEGMENT_BYTES:
        raise _refuse(413, "too_large", "The segment is full: start a new one.")
    now = timezone.now()
    chunk = RecordingChunk(
        segment=segment,
        index=upload.index,
        size=len(upload.data),
        sha256=digest,
        duration_ms=upload.duration_ms,
        received_at=now,
    )
    chunk.file.save("chunk.webm", ContentFile(upload.data), save=False)
    try:
        chunk.save()
        if upload.index == 0:
            segment.started_at = now - timedelta(milliseconds=upload.duration_ms)
        segment.duration_ms += upload.duration_ms
        segment.size += len(upload.data)
        segment.save(update_fields=["started_at", "duration_ms", "size"])
    except Exception:
        # The file was written before the row: a failed insert must not leave it behind.
        default_storage.delete(chunk.file.name)
        raise
    return chunk


def recording_delete(*, session_id: UUID, recording_id: int, user: User) -> None:
    """Delete a recording with its files: either participant who was recorded may."""
    with session_write(session_id) as write:
        participant = _speaker(write, user)
        recording = _locked(write, recording_id)
        names = list(
            RecordingChunk.objects.filter(segment__recording=recording).values_list(
                "file", flat=True
            )
        )
        _log(write, participant, "recording_deleted", recording)
        recording.delete()
    _files_delete(names)


def _files_delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def recordings_purge(*, now: datetime | None = None) -> int:
    """Delete recordings (rows and files) past ``RECORDING_RETENTION_DAYS``; return how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RECORDING_RETENTION_DAYS)
    expired = Recording.objects.filter(created_at__lt=cutoff)
    purged = 0
    for recording_id in expired.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            names = list(
                RecordingChunk.objects.filter(segment__recording_id=recording_id).values_list(
                    "file", flat=True
                )
            )
            Recording.objects.filter(pk=recording_id).delete()
        _files_delete(names)
        purged += 1
    return purged
